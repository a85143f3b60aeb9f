package dev.proxystore.connector.multi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proxystore.connector.FileConnector;
import dev.proxystore.connector.LocalConnector;
import dev.proxystore.proxy.Proxies;
import dev.proxystore.store.Key;
import dev.proxystore.store.ProxyOptions;
import dev.proxystore.store.Store;
import dev.proxystore.store.StoreFactory;
import dev.proxystore.store.StoreFuture;
import dev.proxystore.store.StoreRegistry;
import dev.proxystore.store.TrustPolicy;
import dev.proxystore.testing.JavaSerialization;
import dev.proxystore.testing.Receiver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A {@link Store} over a {@link MultiConnector}: tags requested through {@link ProxyOptions}, and futures. */
class MultiConnectorStoreTest {

    @TempDir
    Path directory;

    private static String keyOf(Object proxy) {
        return ((StoreFactory<?>) Proxies.factoryOf(proxy)).key().id();
    }

    private static MultiConnector plainAndTagged(LocalConnector plain, LocalConnector tagged) {
        return MultiConnector.builder()
                .route("plain", plain, Policy.any().withPriority(1))
                .route("tagged", tagged, Policy.any().withTags("x", "y"))
                .build();
    }

    @Test
    void proxyWithTagsEndsInTheTaggedRoute() {
        LocalConnector plain = new LocalConnector();
        LocalConnector tagged = new LocalConnector();
        try (Store store = Store.builder("tags", plainAndTagged(plain, tagged)).build()) {
            List<String> value = store.proxy(new ArrayList<>(List.of("a", "b")), ProxyOptions.defaults().withTags("x"));
            List<String> untagged = store.proxy(new ArrayList<>(List.of("c")));

            assertThat(keyOf(value)).startsWith("tagged:");
            assertThat(keyOf(untagged)).startsWith("plain:");
            assertThat(tagged.size()).isOne();
            assertThat(plain.size()).isOne();
            assertThat(store.get(new Key<List<String>>(keyOf(value)))).contains(List.of("a", "b"));
        }
    }

    @Test
    void proxyBatchWithTagsEndsInTheTaggedRoute() {
        LocalConnector plain = new LocalConnector();
        LocalConnector tagged = new LocalConnector();
        try (Store store = Store.builder("tags", plainAndTagged(plain, tagged)).build()) {
            List<Map<String, Integer>> proxies = store.proxyBatch(
                    List.of(new java.util.HashMap<>(Map.of("a", 1)), new java.util.HashMap<>(Map.of("b", 2))),
                    ProxyOptions.defaults().withTags("y", "x"));

            assertThat(proxies).allSatisfy(proxy -> assertThat(keyOf(proxy)).startsWith("tagged:"));
            assertThat(tagged.size()).isEqualTo(2);
            assertThat(plain.size()).isZero();
        }
    }

    @Test
    void taggedProxyResolvesInAnotherProcessThroughTheStoreConfig() {
        LocalConnector plain = new LocalConnector();
        MultiConnector multi = MultiConnector.builder()
                .route("plain", plain, Policy.any().withPriority(1))
                .route("tagged", new FileConnector(directory), Policy.any().withTags("x"))
                .build();
        byte[] travelled;
        try (Store store = Store.builder("tags-elsewhere", multi).referencesCarryConfig(true).build()) {
            List<String> value = store.proxy(new ArrayList<>(List.of("far")), ProxyOptions.defaults().withTags("x"));
            travelled = JavaSerialization.serialize(value);
        }

        try (Receiver receiver = Receiver.under(TrustPolicy.builder().recreateStores("multi", "local", "file")
                .allowDirectories(directory).build())) {
            List<String> arrived = JavaSerialization.deserialize(travelled);

            assertThat(arrived).containsExactly("far");
            assertThat(keyOf(arrived)).startsWith("tagged:");
            assertThat(StoreFactory.of(arrived).store().connector()).isInstanceOf(MultiConnector.class);
            assertThat(StoreRegistry.global().get("tags-elsewhere")).isEmpty();
        }
    }

    @Test
    void proxyWithSupersetTagsEndsInTheRouteThatRequiresThem() {
        LocalConnector general = new LocalConnector();
        LocalConnector gpu = new LocalConnector();
        MultiConnector multi = MultiConnector.builder()
                .route("gpu", gpu, Policy.any().withPriority(1).withSupersetTags("gpu"))
                .route("general", general, Policy.any())
                .build();
        try (Store store = Store.builder("superset", multi).build()) {
            List<String> forGpu = store.proxy(new ArrayList<>(List.of("tensor")),
                    ProxyOptions.defaults().withSupersetTags("gpu", "large"));
            List<List<String>> batch = store.proxyBatch(List.of(new ArrayList<>(List.of("b"))),
                    ProxyOptions.defaults().withSupersetTags("gpu"));
            List<String> plain = store.proxy(new ArrayList<>(List.of("plain")));

            assertThat(keyOf(forGpu)).startsWith("gpu:");
            assertThat(keyOf(batch.get(0))).startsWith("gpu:");
            assertThat(keyOf(plain)).as("an untagged write never reaches a route with superset tags")
                    .startsWith("general:");
            assertThat(gpu.size()).isEqualTo(2);
        }
    }

    @Test
    void supersetTagsNeedATaggedConnector() {
        try (Store store = Store.builder("superset-plain", new LocalConnector()).build()) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> store.proxy(new ArrayList<>(List.of(1)),
                            ProxyOptions.defaults().withSupersetTags("gpu")))
                    .withMessageContaining("superset tags [gpu]")
                    .withMessageContaining("TaggedConnector");
        }
    }

    @Test
    void aProxyOfAnObjectOnARouteDormantHereFailsToResolveNamingTheRouteAndTheHost() {
        LocalConnector cluster = new LocalConnector();
        MultiConnector onCluster = MultiConnector.builder().hostName(() -> "node-1")
                .route("cluster", cluster, Policy.any().withHostPatterns("node-[0-9]+"))
                .build();
        MultiConnector onLaptop = MultiConnector.builder().hostName(() -> "laptop")
                .route("cluster", cluster.config(), Policy.any().withHostPatterns("node-[0-9]+"))
                .route("local", new LocalConnector(), Policy.any())
                .build();
        try (Store writer = Store.builder("dormant", onCluster).build();
                Store reader = Store.builder("dormant", onLaptop).build()) {
            Key<List<String>> key = writer.put(new ArrayList<>(List.of("on the cluster")));
            List<String> proxy = reader.proxyFromKey(key, List.class, ProxyOptions.defaults());

            assertThatThrownBy(proxy::size)
                    .isInstanceOf(dev.proxystore.proxy.ProxyResolveException.class)
                    .hasCauseInstanceOf(DormantRouteException.class)
                    .hasMessageContaining("route 'cluster'")
                    .hasMessageContaining("dormant on host 'laptop'");
            assertThat(writer.get(key)).contains(List.of("on the cluster"));
        }
    }

    @Test
    void tagsNoRouteCarriesAreRejectedAndNothingIsWritten() {
        LocalConnector plain = new LocalConnector();
        LocalConnector tagged = new LocalConnector();
        try (Store store = Store.builder("tags", plainAndTagged(plain, tagged)).build()) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> store.proxy(new ArrayList<>(List.of(1)), ProxyOptions.defaults().withTags("z")))
                    .withMessageContaining("tags [z]");
            assertThat(plain.size() + tagged.size()).isZero();
        }
    }

    @Test
    void tagsNeedATaggedConnector() {
        LocalConnector local = new LocalConnector();
        try (Store store = Store.builder("tags", local).build()) {
            ProxyOptions tagged = ProxyOptions.defaults().withTags("x");

            assertThatThrownBy(() -> store.proxy(new ArrayList<>(List.of(1)), tagged))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'tags'")
                    .hasMessageContaining("local")
                    .hasMessageContaining("TaggedConnector");
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> store.proxyBatch(List.of(new ArrayList<>(List.of(1))), tagged));
            assertThat(local.size()).isZero();
            assertThat(store.proxy(new ArrayList<>(List.of(1)), ProxyOptions.defaults().withTags())).isNotNull();
            assertThat(local.size()).isOne();
        }
    }

    @Test
    void proxyOptionsCarryTags() {
        ProxyOptions defaults = ProxyOptions.defaults();
        ProxyOptions tagged = defaults.withTags("a", "b", "a");

        assertThat(defaults.tags()).isEmpty();
        assertThat(tagged.tags()).containsExactlyInAnyOrder("a", "b");
        assertThat(tagged.withEvict(true).tags()).isEqualTo(Set.of("a", "b"));
        assertThat(tagged.withTags().tags()).isEmpty();
        assertThat(tagged).isEqualTo(defaults.withTags("b", "a")).hasSameHashCodeAs(defaults.withTags("b", "a"));
        assertThat(tagged).isNotEqualTo(defaults);
        assertThat(tagged.toString()).contains("tags=");
        assertThatThrownBy(() -> tagged.tags().add("c")).isInstanceOf(UnsupportedOperationException.class);
        assertThatNullPointerException().isThrownBy(() -> defaults.withTags("a", null));
    }

    @Test
    void futuresUseTheDeferredRoute() throws Exception {
        LocalConnector small = new LocalConnector();
        MultiConnector multi = MultiConnector.builder()
                .route("small", small, Policy.any().withMaxSize(100).withPriority(1))
                .route("files", new FileConnector(directory), Policy.any())
                .deferredRoute("files")
                .build();
        try (Store store = Store.builder("futures", multi).register(true).build()) {
            StoreFuture<List<String>> future = store.future(List.class);
            List<String> proxy = future.proxy();

            future.setResult(new ArrayList<>(List.of("x".repeat(1000))));

            assertThat(proxy).containsExactly("x".repeat(1000));
            assertThat(future.result(Duration.ofSeconds(5))).containsExactly("x".repeat(1000));
            assertThat(small.size()).isZero();
            try (Stream<Path> files = Files.list(directory)) {
                assertThat(files).hasSize(1);
            }
        }
    }
}
