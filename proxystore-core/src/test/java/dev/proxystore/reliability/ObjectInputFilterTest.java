package dev.proxystore.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proxystore.connector.LocalConnector;
import dev.proxystore.proxy.Proxies;
import dev.proxystore.proxy.ProxyLocker;
import dev.proxystore.ref.Refs;
import dev.proxystore.reliability.canary.CanaryCounters;
import dev.proxystore.reliability.canary.CanarySupplier;
import dev.proxystore.reliability.canary.SerializableCanary;
import dev.proxystore.store.Store;
import dev.proxystore.store.StoreFuture;
import dev.proxystore.testing.JavaSerialization;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Java deserialization: the library itself never reads an {@link ObjectInputStream} without an
 * {@link ObjectInputFilter}, and the filter SECURITY.md recommends for applications that receive Java-serialized
 * proxies admits every kind of proxy while rejecting anything else, such as a forged proxy whose factory is not
 * ProxyStore's.
 */
class ObjectInputFilterTest {

    /** The ProxyStore part of the filter pattern SECURITY.md recommends. */
    static final String PROXYSTORE_CLASSES = "dev.proxystore.proxy.*;dev.proxystore.store.*;dev.proxystore.ref.*";
    /** The limits of that pattern. */
    static final String LIMITS = "maxdepth=20;maxrefs=1000;maxbytes=65536";
    /** The pattern exactly as SECURITY.md writes it (its example proxies ArrayLists and HashMaps). */
    static final String DOCUMENTED_PATTERN = documentedPattern();
    static final ObjectInputFilter FILTER = ObjectInputFilter.Config.createFilter(DOCUMENTED_PATTERN);

    static final Pattern OBJECT_INPUT_STREAM = Pattern.compile(
            "new\\s+ObjectInputStream\\s*\\(|extends\\s+ObjectInputStream\\b");

    @Test
    void everyObjectInputStreamInMainCodeHasAFilter() throws IOException {
        List<Path> sources = new ArrayList<>();
        for (Path root : List.of(Path.of("src", "main", "java"),
                Path.of("..", "proxystore-spring-boot-autoconfigure", "src", "main", "java"))) {
            if (Files.isDirectory(root)) {
                try (Stream<Path> files = Files.walk(root)) {
                    files.filter(file -> file.toString().endsWith(".java")).forEach(sources::add);
                }
            }
        }
        assertThat(sources).as("main sources found from %s", Path.of("").toAbsolutePath()).hasSizeGreaterThan(50);

        List<Path> users = new ArrayList<>();
        for (Path source : sources) {
            String text = Files.readString(source, StandardCharsets.UTF_8);
            if (OBJECT_INPUT_STREAM.matcher(text).find()) {
                users.add(source);
                assertThat(text).as("%s reads an ObjectInputStream", source).contains("setObjectInputFilter");
            }
        }
        Figures.record("object-input-streams", "mainSourcesScanned=" + sources.size()
                + " filesCreatingObjectInputStreams=" + users.size() + " " + users);
    }

    @Test
    void securityMdRecommendsAFilterWithLimitsThatRejectsEverythingElse() {
        assertThat(DOCUMENTED_PATTERN).startsWith(LIMITS + ";" + PROXYSTORE_CLASSES + ";").endsWith(";!*");
    }

    @Test
    void theRecommendedFilterAdmitsEveryKindOfProxy() {
        try (Store store = Store.builder("filtered", new LocalConnector()).register(true).build()) {
            List<Integer> list = new ArrayList<>(List.of(1, 2, 3));
            Map<String, Integer> map = new HashMap<>(Map.of("a", 1));
            List<Integer> plain = store.proxy(list);
            Map<String, Integer> plainMap = store.proxy(map);
            List<Integer> owned = store.ownedProxy(list);
            List<Integer> borrowed = Refs.borrow(store.ownedProxy(list));
            ProxyLocker<List<Integer>> locker = store.lockedProxy(list,
                    dev.proxystore.store.ProxyOptions.defaults());
            StoreFuture<List<Integer>> future = store.future(List.class);
            List<Integer> futureProxy = future.proxy();

            List<Integer> plainCopy = filteredRoundTrip(plain);
            Map<String, Integer> mapCopy = filteredRoundTrip(plainMap);
            List<Integer> ownedCopy = filteredRoundTrip(owned);
            List<Integer> borrowedCopy = filteredRoundTrip(borrowed);
            ProxyLocker<List<Integer>> lockerCopy = filteredRoundTrip(locker);
            List<Integer> futureCopy = filteredRoundTrip(futureProxy);
            future.setResult(list);

            assertThat(plainCopy).isEqualTo(list);
            assertThat(mapCopy).isEqualTo(map);
            assertThat(ownedCopy).isEqualTo(list);
            assertThat(borrowedCopy).isEqualTo(list);
            assertThat(lockerCopy.unlock()).isEqualTo(list);
            assertThat(futureCopy).isEqualTo(list);
            Refs.drop(ownedCopy);
            Refs.release(borrowedCopy);
        }
    }

    @Test
    void theRecommendedFilterRejectsAForgedProxyAndOtherClasses() {
        int before = CanaryCounters.SERIAL_CANARY_CONSTRUCTED.get();
        List<String> forged = Proxies.create(List.class, new CanarySupplier());
        byte[] forgedProxy = JavaSerialization.serialize(forged);
        byte[] canary = JavaSerialization.serialize(new ArrayList<>(List.of(new SerializableCanary())));
        int afterSerializing = CanaryCounters.SERIAL_CANARY_CONSTRUCTED.get();
        assertThat(afterSerializing).isEqualTo(before + 1);

        assertThatThrownBy(() -> filteredRead(forgedProxy)).hasRootCauseInstanceOf(InvalidClassException.class)
                .hasStackTraceContaining("REJECTED");
        assertThatThrownBy(() -> filteredRead(canary)).hasRootCauseInstanceOf(InvalidClassException.class)
                .hasStackTraceContaining("REJECTED");
        assertThat(CanaryCounters.SERIAL_CANARY_CONSTRUCTED.get()).as("readObject or get of a rejected class ran")
                .isEqualTo(afterSerializing);
        // without a filter, the forged proxy would be read, and would run its factory when used
        List<String> unfiltered = JavaSerialization.deserialize(forgedProxy);
        assertThat(CanaryCounters.SERIAL_CANARY_CONSTRUCTED.get()).isEqualTo(afterSerializing + 1);
        assertThat(unfiltered).containsExactly("forged");
    }

    @Test
    void theRecommendedFilterBoundsTheStream() {
        List<Object> deep = new ArrayList<>();
        List<Object> current = deep;
        for (int i = 0; i < 50; i++) {
            List<Object> next = new ArrayList<>();
            current.add(next);
            current = next;
        }
        byte[] tooDeep = JavaSerialization.serialize(deep);

        assertThatThrownBy(() -> filteredRead(tooDeep)).hasRootCauseInstanceOf(InvalidClassException.class);
    }

    /** The string literals of the {@code createFilter(...)} call in SECURITY.md, concatenated. */
    private static String documentedPattern() {
        try {
            String security = Files.readString(Path.of("..", "SECURITY.md"), StandardCharsets.UTF_8);
            int start = security.indexOf("ObjectInputFilter.Config.createFilter(");
            String call = security.substring(start, security.indexOf(");", start));
            StringBuilder pattern = new StringBuilder();
            java.util.regex.Matcher literal = Pattern.compile("\"([^\"]*)\"").matcher(call);
            while (literal.find()) {
                pattern.append(literal.group(1));
            }
            return pattern.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T filteredRoundTrip(T obj) {
        return filteredRead(JavaSerialization.serialize(obj));
    }

    @SuppressWarnings("unchecked")
    static <T> T filteredRead(byte[] data) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(data))) {
            in.setObjectInputFilter(FILTER);
            return (T) in.readObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
