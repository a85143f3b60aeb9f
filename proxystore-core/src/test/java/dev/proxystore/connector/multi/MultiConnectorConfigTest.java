package dev.proxystore.connector.multi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.proxystore.connector.Connector;
import dev.proxystore.connector.ConnectorConfig;
import dev.proxystore.connector.Connectors;
import dev.proxystore.connector.FileConnector;
import dev.proxystore.connector.LocalConnector;
import dev.proxystore.store.Key;
import dev.proxystore.store.Store;
import dev.proxystore.store.StoreConfig;
import dev.proxystore.testing.JavaSerialization;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MultiConnectorConfigTest {

    @TempDir
    Path directory;

    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
    }

    private <C extends AutoCloseable> C track(C closeable) {
        opened.add(closeable);
        return closeable;
    }

    private static byte[] bytes(int length) {
        byte[] data = new byte[length];
        new Random(length).nextBytes(data);
        return data;
    }

    private MultiConnector memoryAndFiles() {
        return MultiConnector.builder()
                .route("small", new LocalConnector(), Policy.any().withMaxSize(1024).withTags("b", "a").withPriority(2))
                .route("large", new FileConnector(directory), Policy.any().withMinSize(1025))
                .deferredRoute("large")
                .build();
    }

    @Test
    void configFlattensEveryRoute() {
        MultiConnector multi = track(memoryAndFiles());
        String localId = multi.connector("small").config().options().get("id");

        ConnectorConfig config = multi.config();

        assertThat(config.type()).isEqualTo("multi");
        assertThat(config.options()).isEqualTo(Map.of(
                "routes", "small,large",
                "deferred-route", "large",
                "small.type", "local",
                "small.id", localId,
                "small.max-size", "1024",
                "small.priority", "2",
                "small.tags", "a,b",
                "large.type", "file",
                "large.directory", directory.toAbsolutePath().normalize().toString(),
                "large.min-size", "1025"));
    }

    @Test
    void defaultsAreLeftOut() {
        MultiConnector multi = track(MultiConnector.builder()
                .route("only", new LocalConnector(), Policy.any())
                .build());

        assertThat(multi.config().options()).containsOnlyKeys("routes", "only.type", "only.id");
    }

    @Test
    void connectorCreatedFromConfigInThisJvmSeesTheData() {
        MultiConnector multi = track(memoryAndFiles());
        String small = multi.put(bytes(10), Set.of("a"));
        String large = multi.put(bytes(5000));

        MultiConnector other = track((MultiConnector) Connectors.create(multi.config()));

        assertThat(other.config()).isEqualTo(multi.config());
        assertThat(other.labels()).containsExactly("small", "large");
        assertThat(other.policy("small")).isEqualTo(multi.policy("small"));
        assertThat(other.policy("large")).isEqualTo(multi.policy("large"));
        assertThat(other.get(small)).isEqualTo(bytes(10));
        assertThat(other.get(large)).isEqualTo(bytes(5000));
        assertThat(other.labelOf(other.put(bytes(2), Set.of("b")))).isEqualTo("small");
        assertThat(other.labelOf(other.deferrable().orElseThrow().newKey())).isEqualTo("large");
        other.evict(large);
        assertThat(multi.exists(large)).isFalse();
    }

    @Test
    void storeCreatedFromASerializedConfigSeesTheData() {
        Store store = track(Store.builder("multi-config", memoryAndFiles()).build());
        Key<String> small = store.put("small");
        Key<String> large = store.put("x".repeat(10_000));
        assertThat(small.id()).startsWith("small:");
        assertThat(large.id()).startsWith("large:");

        StoreConfig travelled = JavaSerialization.roundTrip(store.config());
        Store elsewhere = track(Store.fromConfig(travelled));

        assertThat(elsewhere.connector()).isInstanceOf(MultiConnector.class);
        assertThat(elsewhere.get(small)).contains("small");
        assertThat(elsewhere.get(large)).contains("x".repeat(10_000));
    }

    @Test
    void nestedMultiConnectorsRoundTrip() {
        MultiConnector inner = MultiConnector.builder()
                .route("x", new LocalConnector(), Policy.any().withMaxSize(10))
                .route("y", new LocalConnector(), Policy.any())
                .build();
        MultiConnector outer = track(MultiConnector.builder()
                .route("in", inner, Policy.any().withMaxSize(100))
                .route("out", new FileConnector(directory), Policy.any())
                .build());
        String key = outer.put(bytes(50));
        assertThat(key).startsWith("in:y:");

        Connector other = track(Connectors.create(outer.config()));

        assertThat(other.config()).isEqualTo(outer.config());
        assertThat(other.get(key)).isEqualTo(bytes(50));
    }

    private static ConnectorConfig config(Map<String, String> options) {
        return new ConnectorConfig("multi", options);
    }

    private static Map<String, String> with(String... entries) {
        Map<String, String> options = new HashMap<>(Map.of("routes", "a,b", "a.type", "local", "b.type", "local"));
        for (int i = 0; i < entries.length; i += 2) {
            if (entries[i + 1] == null) {
                options.remove(entries[i]);
            } else {
                options.put(entries[i], entries[i + 1]);
            }
        }
        return options;
    }

    @Test
    void providerReadsPoliciesWithSpacesAroundValues() {
        MultiConnector multi = track((MultiConnector) Connectors.create(config(with(
                "routes", " a , b ", "a.max-size", " 10 ", "a.priority", "-1", "a.tags", "x, y", "b.min-size", "11"))));

        assertThat(multi.labels()).containsExactly("a", "b");
        assertThat(multi.policy("a")).isEqualTo(Policy.any().withMaxSize(10).withPriority(-1).withTags("x", "y"));
        assertThat(multi.policy("b")).isEqualTo(Policy.any().withMinSize(11));
    }

    @Test
    void providerRejectsBadConfigs() {
        List<Map<String, String>> bad = List.of(
                with("routes", null),
                with("routes", " "),
                with("routes", "a,,b"),
                with("routes", "a,a"),
                with("routes", "a:1,b"),
                with("routes", "a"),
                with("c.type", "local"),
                with("type", "local"),
                with("a.", "x"),
                with(".type", "local"),
                with("a.type", null),
                with("a.type", " "),
                with("a.type", "no-such-type"),
                with("a.bogus", "1"),
                with("a.min-size", "ten"),
                with("a.max-size", "1e6"),
                with("a.priority", "high"),
                with("a.min-size", "-1"),
                with("a.min-size", "10", "a.max-size", "9"),
                with("a.tags", "x,,y"),
                with("deferred-route", "c"));
        for (Map<String, String> options : bad) {
            assertThatIllegalArgumentException()
                    .as("options %s", options)
                    .isThrownBy(() -> Connectors.create(config(options)));
        }
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new MultiConnectorProvider().create(new ConnectorConfig("local", with())));
    }

    @Test
    void providerErrorsNameTheOption() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Connectors.create(config(with("a.max-size", "big"))))
                .withMessageContaining("a.max-size")
                .withMessageContaining("big");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Connectors.create(config(with("a.type", null))))
                .withMessageContaining("a.type");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Connectors.create(config(with("c.type", "local"))))
                .withMessageContaining("c.type");
    }

    @Test
    void providerIsFoundByType() {
        assertThat(Connectors.types()).contains("multi");
        assertThat(new MultiConnectorProvider().type()).isEqualTo("multi");
    }
}
