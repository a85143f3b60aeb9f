package dev.proxystore.store;

import dev.proxystore.store.StoreMetrics.Operation;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Observations {@code proxystore.put}, {@code proxystore.get} and {@code proxystore.resolve} in a Micrometer
 * {@link ObservationRegistry}: low-cardinality key values {@code store} and {@code connector} (the connector type),
 * and the object's {@code key} and {@code size} (serialized bytes) as high-cardinality ones, which tracing shows on
 * the span and metrics never use.
 * Loaded only when a store is built with a registry.
 */
final class MicrometerStoreObservations implements StoreObservations {

    private final ObservationRegistry registry;
    private final String store;
    private final String connector;

    MicrometerStoreObservations(ObservationRegistry registry, String store, String connector) {
        this.registry = registry;
        this.store = store;
        this.connector = connector;
    }

    @Override
    public <R> R observe(Operation operation, @Nullable String key, Supplier<R> action) {
        if (registry.isNoop()) {
            return action.get();
        }
        Observation observation = Observation.createNotStarted("proxystore." + operation.tagValue(), registry)
                .contextualName("proxystore " + operation.tagValue() + " " + store)
                .lowCardinalityKeyValue("store", store)
                .lowCardinalityKeyValue("connector", connector);
        if (key != null) {
            observation.highCardinalityKeyValue("key", key);
        }
        return observation.observe(action);
    }

    @Override
    public void recordSize(long bytes) {
        Observation current = registry.getCurrentObservation();
        String name = current == null ? null : current.getContextView().getName();
        if (current != null && name != null && name.startsWith("proxystore.")) {
            current.highCardinalityKeyValue("size", Long.toString(bytes));
        }
    }
}
