package dev.proxystore.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.proxystore.connector.Connector;
import dev.proxystore.connector.Connectors;
import dev.proxystore.connector.FileConnector;
import dev.proxystore.connector.LocalConnector;
import dev.proxystore.jackson.ProxyStoreJacksonModule;
import dev.proxystore.proxy.Proxies;
import dev.proxystore.proxy.ProxyResolveException;
import dev.proxystore.proxy.ProxyResolveMissingKeyException;
import dev.proxystore.ref.Refs;
import dev.proxystore.reliability.canary.CanaryCounters;
import dev.proxystore.serialize.DefaultSerializer;
import dev.proxystore.serialize.SerializationException;
import dev.proxystore.serialize.SerializerConfig;
import dev.proxystore.store.ForgedReferences;
import dev.proxystore.store.ForgedReferences.Forgery;
import dev.proxystore.store.Key;
import dev.proxystore.store.ProxyOptions;
import dev.proxystore.store.Store;
import dev.proxystore.store.StoreFactory;
import dev.proxystore.store.StoreFuture;
import dev.proxystore.store.StoreRegistry;
import dev.proxystore.store.StoreTimeoutException;
import dev.proxystore.store.TrustPolicy;
import dev.proxystore.store.UntrustedReferenceException;
import dev.proxystore.testing.JavaSerialization;
import dev.proxystore.testing.Receiver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a sender can make a receiver do with a reference it made up. Each test is an attack that used to work, and
 * asserts the safe outcome: nothing connected, created, registered, loaded or evicted, the thread back in time.
 * "Trusted" references below are signed with the receiver's own key, as a legitimate peer's would be; "forged" ones
 * carry no tag or an attacker's.
 */
class TrustAttackTest {

    static final String TRUSTED_KEY = "the receiver's own signing key, 32 bytes or more";

    final JsonMapper mapper = JsonMapper.builder().addModule(new ProxyStoreJacksonModule()).build();

    static TrustPolicy.Builder receiving() {
        return TrustPolicy.builder().signingKey(TRUSTED_KEY);
    }

    /** Every way a forged reference arrives: Java-serialized or JSON, unsigned or signed with the attacker's key. */
    static List<Runnable> arrivals(JsonMapper mapper, Forgery forgery) {
        return List.of(
                () -> JavaSerialization.deserialize(forgery.javaUnsigned(List.class)),
                () -> JavaSerialization.deserialize(forgery.javaSignedWith(ForgedReferences.ATTACKER_KEY, List.class)),
                () -> mapper.readValue(forgery.jsonUnsigned(), new TypeReference<List<String>>() {}),
                () -> mapper.readValue(forgery.jsonSignedWith(ForgedReferences.ATTACKER_KEY),
                        new TypeReference<List<String>>() {}));
    }

    static void assertRefused(Runnable arrival) {
        assertThatThrownBy(arrival::run).satisfies(e -> assertThat(e instanceof UntrustedReferenceException
                || e.getCause() instanceof UntrustedReferenceException).as("refused as untrusted: %s", e).isTrue());
    }

    @Test
    void aRecreatedStoreIsNeverRegisteredAndNeverShadowsTheApplicationsStore() {
        LocalConnector senderBackend = new LocalConnector();
        Key<List<String>> key = new Key<>(senderBackend.put(DefaultSerializer.create().serialize(new ArrayList<>(List.of("from the reference's store")))));
        Forgery forgery = ForgedReferences.reference("orders", key.id())
                .connector("local", senderBackend.config().options());
        try (Receiver receiver = Receiver.under(receiving().recreateStores("local").build())) {
            List<String> viaConfig = JavaSerialization.deserialize(forgery.javaSignedWith(TRUSTED_KEY, List.class));
            assertThat(viaConfig).containsExactly("from the reference's store");
            assertThat(StoreRegistry.global().get("orders")).as("not registered").isEmpty();

            LocalConnector ownBackend = new LocalConnector();
            ownBackend.set(key.id(), DefaultSerializer.create().serialize(new ArrayList<>(List.of("from the application's store"))));
            try (Store own = Store.builder("orders", ownBackend).register(true).build()) {
                List<String> later = JavaSerialization.deserialize(forgery.javaSignedWith(TRUSTED_KEY, List.class));
                assertThat(later).containsExactly("from the application's store");
            }
        } finally {
            senderBackend.close();
        }
    }

    @Test
    void aReferenceNeverWidensWhatTheReceiversSerializerTrusts(@TempDir Path directory) throws Exception {
        String key = UUID.randomUUID().toString();
        Files.write(directory.resolve(key), HostilePayloads.jsonEnvelope(HostilePayloads.CANARY, "",
                "[\"" + HostilePayloads.CANARY + "\",{}]"));
        int constructed = CanaryCounters.CANARY_CONSTRUCTED.get();
        int initialized = CanaryCounters.CANARY_INITIALIZED.get();
        Forgery forgery = ForgedReferences.reference("models", key)
                .connector("file", Map.of("directory", directory.toString()))
                .serializer(new SerializerConfig(SerializerConfig.DEFAULT_TYPE,
                        List.of("dev.proxystore.reliability.canary", HostilePayloads.MODEL_PACKAGE)));

        try (Receiver receiver = Receiver.under(receiving().recreateStores("file").allowDirectories(directory)
                .build())) {
            List<Object> proxy = JavaSerialization.deserialize(forgery.javaSignedWith(TRUSTED_KEY, List.class));
            assertThatThrownBy(proxy::size).isInstanceOf(SerializationException.class)
                    .hasMessageContaining(HostilePayloads.CANARY);
        }
        assertThat(CanaryCounters.CANARY_INITIALIZED.get()).isEqualTo(initialized);
        assertThat(CanaryCounters.CANARY_CONSTRUCTED.get()).isEqualTo(constructed);
    }

    @Test
    void aForgedFileReferenceCreatesNoDirectoryAndEvictsNoFile(@TempDir Path root) throws Exception {
        Path otherApplication = Files.createDirectories(root.resolve("other-application"));
        String theirKey = UUID.randomUUID().toString();
        Files.write(otherApplication.resolve(theirKey), new byte[] {1, 2, 3});
        Path neverCreated = root.resolve("never-created");
        Path allowed = Files.createDirectories(root.resolve("allowed"));
        Path link = Files.createSymbolicLink(allowed.resolve("link"), otherApplication);
        Function<Path, Forgery> fileReference = directory -> ForgedReferences.reference("files", theirKey)
                .connector("file", Map.of("directory", directory.toString()));

        arrivals(mapper, fileReference.apply(neverCreated)).forEach(TrustAttackTest::assertRefused);
        arrivals(mapper, fileReference.apply(otherApplication).evict(true)).forEach(TrustAttackTest::assertRefused);
        try (Receiver receiver = Receiver.under(receiving().recreateStores("file").allowDirectories(allowed)
                .build())) {
            for (Path directory : List.of(neverCreated, otherApplication, allowed.resolve("new"), link)) {
                assertThatThrownBy(() -> JavaSerialization.deserialize(fileReference.apply(directory).evict(true)
                        .javaSignedWith(TRUSTED_KEY, List.class)))
                        .isInstanceOf(UntrustedReferenceException.class)
                        .hasMessageContaining("not an existing directory below an allowed root");
            }
        }

        assertThat(neverCreated).doesNotExist();
        assertThat(allowed.resolve("new")).doesNotExist();
        assertThat(otherApplication.resolve(theirKey)).exists();
    }

    @Test
    void thousandsOfReferencesToDistinctStoresLeaveNoStoreBehind() {
        Collection<Store> before = StoreRegistry.global().stores();
        for (int i = 0; i < 500; i++) {
            arrivals(mapper, ForgedReferences.reference("store-" + i, UUID.randomUUID().toString())
                    .connector("local", Map.of("id", UUID.randomUUID().toString())))
                    .forEach(TrustAttackTest::assertRefused);
        }
        try (Receiver receiver = Receiver.under(receiving().recreateStores("local").maxRecreatedStores(4).build())) {
            for (int i = 0; i < 200; i++) {
                List<String> proxy = JavaSerialization.deserialize(ForgedReferences
                        .reference("trusted-store-" + i, UUID.randomUUID().toString())
                        .connector("local", Map.of("id", UUID.randomUUID().toString()))
                        .javaSignedWith(TRUSTED_KEY, List.class));
                assertThatThrownBy(proxy::size).isInstanceOf(ProxyResolveException.class);
                assertThat(receiver.policy().recreatedStores()).isLessThanOrEqualTo(4);
            }
        }
        assertThat(StoreRegistry.global().stores()).isEqualTo(before);
    }

    /** An endpoint's request body that knows nothing of ProxyStore. */
    record Items(List<String> items) {}

    @ParameterizedTest
    @ValueSource(strings = {"local", "file"})
    void aClientCannotTurnAReferenceIntoAnEvictingOne(String connectorType, @TempDir Path directory) {
        Connector connector = connectorType.equals("file") ? new FileConnector(directory) : new LocalConnector();
        try (Store victim = Store.builder("victim", connector).register(true).build()) {
            List<String> proxy = victim.proxy(new ArrayList<>(List.of("keep me")));
            Key<?> key = StoreFactory.of(proxy).key();
            ObjectNode reference = (ObjectNode) mapper.readTree(mapper.writeValueAsString(proxy));
            ObjectNode flipped = reference.deepCopy().put("evict", true);
            ObjectNode stripped = flipped.deepCopy();
            stripped.remove("tag");

            for (ObjectNode body : List.of(flipped, stripped)) {
                String request = "{\"items\":" + body + "}";
                assertThatThrownBy(() -> mapper.readValue(request, Items.class))
                        .isInstanceOf(MismatchedInputException.class)
                        .hasRootCauseInstanceOf(UntrustedReferenceException.class);
            }
            Items honest = mapper.readValue("{\"items\":" + reference + "}", Items.class);

            assertThat(honest.items()).containsExactly("keep me");
            assertThat(victim.exists(key)).isTrue();
        }
    }

    @Test
    void anOwnerMadeUpFromAReadOnlyReferenceIsRefusedAndNeverEvicts() throws Exception {
        LocalConnector backend = new LocalConnector();
        try (Store victim = Store.builder("shared", backend).register(true).build();
                Store attackers = Store.builder("shared", Connectors.create(backend.config()))
                        .trustPolicy(TrustPolicy.builder().signingKey(ForgedReferences.ATTACKER_KEY).build())
                        .build()) {
            Key<List<String>> key = victim.put(new ArrayList<>(List.of("keep me")));
            List<String> readOnly = attackers.proxyFromKey(key, List.class, ProxyOptions.defaults());
            byte[] madeUpOwner = JavaSerialization.serialize(Refs.intoOwned(readOnly));

            assertThatThrownBy(() -> JavaSerialization.deserialize(madeUpOwner))
                    .isInstanceOf(UntrustedReferenceException.class).hasMessageContaining("does not verify");
            ObjectNode unsigned = (ObjectNode) mapper.readTree(mapper.writeValueAsString(
                    victim.proxyFromKey(key, List.class, ProxyOptions.defaults())));
            unsigned.remove("tag");
            List<String> received = mapper.readValue(unsigned.toString(), new TypeReference<>() {});
            assertThatThrownBy(() -> Refs.intoOwned(received)).isInstanceOf(UntrustedReferenceException.class);
            assertThat(received).containsExactly("keep me");
            for (int i = 0; i < 3; i++) {
                System.gc();
                Thread.sleep(50);
            }

            assertThat(victim.exists(key)).isTrue();
        }
    }

    @Test
    void anOwnedReferenceMovesExactlyOnce() {
        try (Store store = Store.builder("moves", new LocalConnector()).register(true).build()) {
            List<String> owner = store.ownedProxy(new ArrayList<>(List.of("once")));
            Key<?> key = StoreFactory.of(owner).key();
            byte[] moved = JavaSerialization.serialize(owner);

            List<String> first = JavaSerialization.deserialize(moved);
            assertThatThrownBy(() -> JavaSerialization.deserialize(moved))
                    .isInstanceOf(UntrustedReferenceException.class)
                    .hasMessageContaining("moved already");
            assertThat(Refs.isOwned(first)).isTrue();
            assertThat(first).containsExactly("once");
            Refs.drop(first);

            assertThat(store.exists(key)).isFalse();
        }
    }

    @Test
    void futuresFromUntrustedSendersAreRefusedAndTrustedOnesWaitNoLongerThanTheReceiverAllows() {
        Forgery forever = ForgedReferences.reference("futures", UUID.randomUUID().toString())
                .future(Duration.ofDays(1));
        assertRefused(() -> JavaSerialization.deserialize(forever.javaUnsigned(List.class)));
        assertRefused(() -> JavaSerialization.deserialize(
                forever.javaSignedWith(ForgedReferences.ATTACKER_KEY, List.class)));

        TrustPolicy policy = receiving().maxFutureWait(Duration.ofMillis(300)).build();
        try (Receiver receiver = Receiver.under(policy);
                Store store = Store.builder("futures", new LocalConnector()).trustPolicy(policy).register(true)
                        .build()) {
            StoreFuture<List<String>> future = store.future(List.class, Duration.ofDays(1));
            List<String> proxy = JavaSerialization.roundTrip(future.proxy());

            long start = System.nanoTime();
            assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> assertThatThrownBy(proxy::size).isInstanceOf(ProxyResolveMissingKeyException.class)
                            .hasCauseInstanceOf(StoreTimeoutException.class)
                            .hasMessageContaining("PT0.3S"));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void aProxyWrittenUnderADeclaredCollectionOrMapTypeStaysAReference() {
        try (Store store = Store.builder("declared", new LocalConnector()).register(true).build()) {
            List<String> list = store.proxy(new ArrayList<>(List.of("a")), ProxyOptions.defaults().withEvict(true)
                    .withPopulateTarget(false));
            Map<String, Integer> map = store.proxy(new java.util.HashMap<>(Map.of("k", 1)),
                    ProxyOptions.defaults().withEvict(true).withPopulateTarget(false));

            String listJson = mapper.writerFor(new TypeReference<List<String>>() {}).writeValueAsString(list);
            String mapJson = mapper.writerFor(new TypeReference<Map<String, Integer>>() {}).writeValueAsString(map);

            assertThat(listJson).startsWith("{\"@proxystore\":2");
            assertThat(mapJson).startsWith("{\"@proxystore\":2");
            assertThat(Proxies.isResolved(list)).isFalse();
            assertThat(Proxies.isResolved(map)).isFalse();
            assertThat(store.exists(StoreFactory.of(list).key())).isTrue();
            assertThat(store.exists(StoreFactory.of(map).key())).isTrue();
        }
    }
}
