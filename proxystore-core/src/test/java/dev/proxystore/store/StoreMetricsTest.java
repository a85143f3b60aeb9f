package dev.proxystore.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxystore.connector.LocalConnector;
import dev.proxystore.lifetime.ContextLifetime;
import dev.proxystore.testing.JavaSerialization;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoreMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void recordsOperationsAndEvictionsByCause() {
        try (Store store = Store.builder("metered", new LocalConnector()).metrics(true).meterRegistry(registry).build();
                StoreRegistry.Registration registration = StoreRegistry.global().registration(store)) {
            Key<String> key = store.put("a");
            store.get(key);
            store.get(key);
            store.exists(key);
            store.evict(key);

            List<Integer> ephemeral = store.proxy(new ArrayList<>(List.of(1)), ProxyOptions.defaults().withEvict(true));
            int unused = JavaSerialization.roundTrip(ephemeral).size();

            try (ContextLifetime lifetime = new ContextLifetime(store)) {
                store.put("b", lifetime);
            }

            assertThat(timerCount("put")).isEqualTo(3);
            assertThat(timerCount("get")).isEqualTo(2);
            assertThat(timerCount("exists")).isEqualTo(1);
            assertThat(timerCount("evict")).isEqualTo(3);
            assertThat(timerCount("resolve")).isEqualTo(1);
            assertThat(evictions("explicit")).isEqualTo(1);
            assertThat(evictions("ephemeral")).isEqualTo(1);
            assertThat(evictions("lifetime")).isEqualTo(1);
            assertThat(evictions("ownership")).isZero();
            assertThat(registry.get("proxystore.store.cache.gets").tag("result", "hit").counter().count()).isEqualTo(1);
            assertThat(registry.get("proxystore.store.object.size").tag("operation", "put").summary().count())
                    .isEqualTo(3);
        }
    }

    @Test
    void tagsAreLowCardinalityAndNeverAKey() {
        try (Store store = Store.builder("tags", new LocalConnector()).metrics(true).meterRegistry(registry).build()) {
            Key<String> key = store.put("a");
            store.get(key);
            for (Meter meter : registry.getMeters()) {
                for (Tag tag : meter.getId().getTags()) {
                    assertThat(tag.getKey()).isIn("store", "operation", "cause", "result");
                    assertThat(tag.getValue()).doesNotContain(key.id());
                }
            }
        }
    }

    @Test
    void metricsOffRecordsNothing() {
        try (Store store = Store.builder("quiet", new LocalConnector()).meterRegistry(registry).build()) {
            store.get(store.put("a"));
            assertThat(registry.getMeters()).isEmpty();
        }
    }

    private double timerCount(String operation) {
        return registry.get("proxystore.store.operations").tag("store", "metered").tag("operation", operation)
                .timer().count();
    }

    private double evictions(String cause) {
        return registry.get("proxystore.store.evictions").tag("store", "metered").tag("cause", cause)
                .counter().count();
    }
}
