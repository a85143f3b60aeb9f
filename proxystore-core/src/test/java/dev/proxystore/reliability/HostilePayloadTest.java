package dev.proxystore.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxystore.connector.FileConnector;
import dev.proxystore.connector.LocalConnector;
import dev.proxystore.reliability.HostilePayloads.Payload;
import dev.proxystore.reliability.HostilePayloads.Seed;
import dev.proxystore.reliability.canary.CanaryCounters;
import dev.proxystore.serialize.DefaultSerializer;
import dev.proxystore.serialize.SerializationException;
import dev.proxystore.store.Key;
import dev.proxystore.store.Store;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzing: random and mutated envelopes of every format, fed to {@link DefaultSerializer#deserialize} and, written
 * as raw bytes through the connector, to {@link Store#get} over a local and a file connector. Whatever the bytes,
 * the only exception that escapes is {@link SerializationException}, and no class outside the allow-list is ever
 * looked up, initialized or constructed: a recording context class loader sees every lookup the serializer makes,
 * and the canary classes count their own initialization and construction.
 */
class HostilePayloadTest {

    /** Fixed, so a failure reproduces; the failure report names the payload's index and how it was made. */
    static final long SEED = 0x5EED_2024_C0FFEEL;

    static final int PAYLOADS = Soak.scale(12_000, 250_000);
    /** Every n-th payload also goes through a store over the file connector (slower: one file per payload). */
    static final int FILE_EVERY = 8;

    final DefaultSerializer serializer = DefaultSerializer.create().allowPackages(HostilePayloads.MODEL_PACKAGE);
    final Set<String> requested = ConcurrentHashMap.newKeySet();
    ClassLoader originalContextLoader;

    @BeforeEach
    void recordClassLookups() {
        originalContextLoader = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(new ClassLoader(originalContextLoader) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                requested.add(name);
                return super.loadClass(name, resolve);
            }
        });
    }

    @AfterEach
    void restoreContextLoader() {
        Thread.currentThread().setContextClassLoader(originalContextLoader);
    }

    @Test
    void seedsAreValidEnvelopesThatReadBack() {
        HostilePayloads payloads = new HostilePayloads(SEED, serializer);

        for (Seed seed : payloads.seeds()) {
            Object value = serializer.deserialize(seed.data());
            assertThat(serializer.serialize(value)).as(seed.description()).isEqualTo(seed.data());
        }
        assertThat(payloads.seeds()).filteredOn(Seed::json).hasSizeGreaterThanOrEqualTo(7);
        assertThat(payloads.seeds()).extracting(seed -> seed.data()[5]).contains(
                (byte) 1, (byte) 2, (byte) 3, (byte) 4, (byte) 5, (byte) 6, (byte) 7, (byte) 8, (byte) 9, (byte) 10,
                (byte) 11);
    }

    @Test
    void onlySerializationExceptionEscapesAndNoUntrustedClassIsTouched(@TempDir Path directory) {
        int canaryInitialized = CanaryCounters.CANARY_INITIALIZED.get();
        int canaryConstructed = CanaryCounters.CANARY_CONSTRUCTED.get();
        HostilePayloads payloads = new HostilePayloads(SEED, serializer);
        Tally direct = new Tally("DefaultSerializer.deserialize");
        Tally viaLocalStore = new Tally("Store.get over local");
        Tally viaFileStore = new Tally("Store.get over file");
        int namingHostileClasses = 0;
        long start = System.nanoTime();

        LocalConnector local = new LocalConnector();
        FileConnector file = new FileConnector(directory);
        try (Store localStore = Store.builder("fuzz-local", local).serializer(serializer).build();
                Store fileStore = Store.builder("fuzz-file", file).serializer(serializer).cacheSize(0).build()) {
            for (int i = 0; i < PAYLOADS; i++) {
                Payload payload = payloads.next();
                if (namesHostileClass(payload.data())) {
                    namingHostileClasses++;
                }
                direct.run(i, payload, () -> serializer.deserialize(payload.data()));

                Key<Object> localKey = new Key<>(local.put(payload.data()));
                viaLocalStore.run(i, payload, () -> presentValue(localStore.get(localKey)));
                localStore.evict(localKey);

                if (i % FILE_EVERY == 0) {
                    Key<Object> fileKey = new Key<>(file.put(payload.data()));
                    viaFileStore.run(i, payload, () -> presentValue(fileStore.get(fileKey)));
                    fileStore.evict(fileKey);
                }
            }

            // the stores are unharmed: a valid object still round-trips
            Key<List<String>> key = localStore.put(new ArrayList<>(List.of("still", "works")));
            assertThat(localStore.get(key)).contains(List.of("still", "works"));
            localStore.evict(key);
            assertThat(local.size()).isZero();
        }

        long millis = (System.nanoTime() - start) / 1_000_000;
        Figures.record("hostile-payloads", "seed=" + Long.toHexString(SEED) + " payloads=" + PAYLOADS
                + " namingHostileClasses=" + namingHostileClasses + " " + direct + " " + viaLocalStore + " "
                + viaFileStore + " millis=" + millis);

        assertThat(direct.unexpected).as(direct.report()).isEmpty();
        assertThat(viaLocalStore.unexpected).as(viaLocalStore.report()).isEmpty();
        assertThat(viaFileStore.unexpected).as(viaFileStore.report()).isEmpty();
        // the generator exercised both outcomes, and plenty of payloads named untrusted classes
        assertThat(direct.accepted).isPositive();
        assertThat(direct.rejected).isGreaterThan(PAYLOADS / 2);
        assertThat(namingHostileClasses).isGreaterThan(PAYLOADS / 5);
        // the local and file paths decide exactly as the serializer does
        assertThat(viaLocalStore.accepted).isEqualTo(direct.accepted);

        assertThat(CanaryCounters.CANARY_INITIALIZED.get()).as("canary initialized").isEqualTo(canaryInitialized);
        assertThat(CanaryCounters.CANARY_CONSTRUCTED.get()).as("canary constructed").isEqualTo(canaryConstructed);
        assertThat(requested).as("class lookups through the context class loader")
                .noneMatch(name -> HostilePayloads.HOSTILE_CLASSES.stream().anyMatch(name::contains))
                .allMatch(HostilePayloadTest::isAllowListed);
    }

    @Test
    void theCanaryCountersAndTheRecordingLoaderDoSeeATrustedCanary() {
        int initialized = CanaryCounters.CANARY_INITIALIZED.get();
        int constructed = CanaryCounters.CANARY_CONSTRUCTED.get();
        DefaultSerializer trustingCanaries = DefaultSerializer.create()
                .allowPackages("dev.proxystore.reliability.canary");
        String canary = HostilePayloads.CANARY;

        Object value = trustingCanaries.deserialize(HostilePayloads.jsonEnvelope(canary, "",
                "[\"" + canary + "\",{\"payload\":\"x\"}]"));

        assertThat(value.getClass().getName()).isEqualTo(canary);
        assertThat(requested).contains(canary);
        assertThat(CanaryCounters.CANARY_CONSTRUCTED.get()).isEqualTo(constructed + 1);
        assertThat(CanaryCounters.CANARY_INITIALIZED.get()).isBetween(initialized, initialized + 1);
    }

    /** What the allow-list of {@link #serializer} admits (plus Object, a type parameter only). */
    static boolean isAllowListed(String name) {
        String element = name.replaceFirst("^\\[+L?", "").replaceFirst(";$", "");
        return element.startsWith(HostilePayloads.MODEL_PACKAGE + ".")
                || element.matches("[ZBCSIJFD]")
                || element.startsWith("java.util.") && !element.startsWith("java.util.logging.")
                        && !element.startsWith("java.util.concurrent.ThreadPool")
                || element.startsWith("java.time.")
                || element.startsWith("java.math.")
                || element.equals("java.net.URI")
                || List.of("java.lang.String", "java.lang.Boolean", "java.lang.Byte", "java.lang.Short",
                        "java.lang.Character", "java.lang.Integer", "java.lang.Long", "java.lang.Float",
                        "java.lang.Double", "java.lang.Object").contains(element);
    }

    private static boolean namesHostileClass(byte[] data) {
        String text = new String(data, java.nio.charset.StandardCharsets.ISO_8859_1);
        return HostilePayloads.HOSTILE_CLASSES.stream().anyMatch(text::contains);
    }

    private static Object presentValue(Optional<?> value) {
        assertThat(value).as("a key just written is present").isPresent();
        return value.get();
    }

    /** Outcomes of one path: accepted, rejected with SerializationException, anything else. */
    static final class Tally {
        final String path;
        int accepted;
        int rejected;
        long nanos;
        final List<String> unexpected = new ArrayList<>();

        Tally(String path) {
            this.path = path;
        }

        void run(int index, Payload payload, Callable<?> read) {
            long start = System.nanoTime();
            try {
                Object value = read.call();
                String type = value.getClass().getName();
                if (!isAllowListed(type)) {
                    unexpected.add("#" + index + " (" + payload.description() + ") produced a " + type);
                }
                accepted++;
            } catch (SerializationException e) {
                rejected++;
            } catch (Throwable e) {
                if (unexpected.size() < 20) {
                    StringWriter trace = new StringWriter();
                    e.printStackTrace(new PrintWriter(trace));
                    byte[] data = payload.data();
                    String hex = HexFormat.of().formatHex(data, 0, Math.min(data.length, 200));
                    unexpected.add("#" + index + " (" + payload.description() + ") " + hex + "\n" + trace);
                } else {
                    unexpected.add("#" + index + " " + e);
                }
            } finally {
                nanos += System.nanoTime() - start;
            }
        }

        String report() {
            return path + ": " + unexpected.size() + " payloads escaped with something other than"
                    + " SerializationException:\n" + String.join("\n", unexpected.subList(0,
                            Math.min(unexpected.size(), 20)));
        }

        @Override
        public String toString() {
            return path.replace(' ', '_') + "[accepted=" + accepted + ",rejected=" + rejected + ",unexpected="
                    + unexpected.size() + ",millis=" + nanos / 1_000_000 + "]";
        }
    }
}
