package dev.proxystore.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proxystore.connector.LocalConnector;
import dev.proxystore.proxy.ProxyResolveMissingKeyException;
import dev.proxystore.testing.JavaSerialization;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.ObservationView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Operations that reach the connector are observations, so a trace shows where a request spent its time. */
class StoreObservationsTest {

    private final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();
    private final ObservationRegistry registry = ObservationRegistry.create();

    StoreObservationsTest() {
        registry.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public void onStop(Observation.Context context) {
                stopped.add(context);
            }

            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }
        });
    }

    @Test
    void putAndGetAreObservedWithLowCardinalityValuesAndTheKeyOnlyAsHighCardinality() {
        try (Store store = Store.builder("traced", new LocalConnector()).observationRegistry(registry).build()) {
            Key<String> key = store.put("a");
            store.get(key);

            assertThat(stopped).extracting(Observation.Context::getName).containsExactly("proxystore.put",
                    "proxystore.get");
            for (Observation.Context context : stopped) {
                assertThat(values(context.getLowCardinalityKeyValues()))
                        .containsExactlyInAnyOrderEntriesOf(Map.of("store", "traced", "connector", "local"));
            }
            assertThat(values(stopped.get(1).getHighCardinalityKeyValues())).containsEntry("key", key.id())
                    .containsEntry("size", Integer.toString(store.serializer().serialize("a").length));
            assertThat(values(stopped.get(0).getHighCardinalityKeyValues())).containsKey("size");
            assertThat(stopped.get(1).getContextualName()).isEqualTo("proxystore get traced");
        }
    }

    @Test
    void aGetTheCacheServesIsNotObserved() {
        try (Store store = Store.builder("cached", new LocalConnector()).observationRegistry(registry).build()) {
            Key<String> key = store.put("a");
            store.get(key);
            stopped.clear();

            store.get(key);

            assertThat(stopped).isEmpty();
        }
    }

    @Test
    void aResolveIsTheParentOfItsGet() {
        try (Store store = Store.builder("resolving", new LocalConnector()).observationRegistry(registry).build();
                StoreRegistry.Registration registration = StoreRegistry.global().registration(store)) {
            List<Integer> proxy = JavaSerialization.roundTrip(store.proxy(new ArrayList<>(List.of(1, 2))));
            stopped.clear();

            assertThat(proxy).containsExactly(1, 2);

            assertThat(stopped).extracting(Observation.Context::getName).containsExactly("proxystore.get",
                    "proxystore.resolve");
            ObservationView parent = stopped.get(0).getParentObservation();
            assertThat(parent).isNotNull();
            assertThat(parent.getContextView().getName()).isEqualTo("proxystore.resolve");
        }
    }

    @Test
    void aFailedResolveIsObservedWithItsError() {
        try (Store store = Store.builder("failing", new LocalConnector()).observationRegistry(registry).build();
                StoreRegistry.Registration registration = StoreRegistry.global().registration(store)) {
            List<Integer> proxy = JavaSerialization.roundTrip(store.proxy(new ArrayList<>(List.of(1))));
            store.evict(StoreFactory.of(proxy).key());
            stopped.clear();

            assertThatThrownBy(proxy::size).isInstanceOf(ProxyResolveMissingKeyException.class);

            Observation.Context resolve = stopped.get(stopped.size() - 1);
            assertThat(resolve.getName()).isEqualTo("proxystore.resolve");
            assertThat(resolve.getError()).isInstanceOf(ProxyResolveMissingKeyException.class);
        }
    }

    @Test
    void theRegistryIsSetOnce() {
        Store.Builder builder = Store.builder("twice", new LocalConnector()).observationRegistry(registry);
        assertThatThrownBy(() -> builder.observationRegistry(ObservationRegistry.create()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("an observation registry was already set");
    }

    private static Map<String, String> values(Iterable<KeyValue> keyValues) {
        List<KeyValue> list = new ArrayList<>();
        keyValues.forEach(list::add);
        return list.stream().collect(Collectors.toMap(KeyValue::getKey, KeyValue::getValue));
    }
}
