package dev.proxystore.store;

import dev.proxystore.store.StoreMetrics.Operation;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Runs a store's operations that reach the connector inside an observation (a span in a trace), when the store was
 * built with an observation registry; {@link #NONE} otherwise, which only runs them.
 */
interface StoreObservations {

    StoreObservations NONE = new StoreObservations() {
        @Override
        public <R> R observe(Operation operation, @Nullable String key, Supplier<R> action) {
            return action.get();
        }
    };

    /** Runs {@code action} as the operation, about {@code key} when it is about one. */
    <R> R observe(Operation operation, @Nullable String key, Supplier<R> action);

    /** The operation {@code action} runs in moved an object of {@code bytes} serialized bytes. */
    default void recordSize(long bytes) {
    }
}
