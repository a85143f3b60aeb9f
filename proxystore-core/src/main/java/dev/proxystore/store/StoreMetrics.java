package dev.proxystore.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The meters of one store. Meters are created once, so recording costs no registry lookup. */
abstract class StoreMetrics {

    static final String OPERATIONS = "proxystore.store.operations";
    static final String EVICTIONS = "proxystore.store.evictions";
    static final String CACHE_GETS = "proxystore.store.cache.gets";
    static final String OBJECT_SIZE = "proxystore.store.object.size";

    /** The operations timed by {@code proxystore.store.operations}, by tag value. */
    enum Operation {
        PUT, GET, EVICT, EXISTS, RESOLVE;

        String tagValue() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    static final StoreMetrics NONE = new StoreMetrics() {
        @Override
        long start() {
            return 0;
        }

        @Override
        void stop(Operation operation, long start) {
        }

        @Override
        void evicted(EvictionCause cause) {
        }

        @Override
        void cacheGet(boolean hit) {
        }

        @Override
        void objectSize(Operation operation, long bytes) {
        }
    };

    static StoreMetrics micrometer(String store, MeterRegistry registry) {
        return new Micrometer(store, registry);
    }

    abstract long start();

    abstract void stop(Operation operation, long start);

    abstract void evicted(EvictionCause cause);

    abstract void cacheGet(boolean hit);

    abstract void objectSize(Operation operation, long bytes);

    private static final class Micrometer extends StoreMetrics {

        private final Map<Operation, Timer> timers = new EnumMap<>(Operation.class);
        private final Map<EvictionCause, Counter> evictions = new EnumMap<>(EvictionCause.class);
        private final Counter cacheHits;
        private final Counter cacheMisses;
        private final DistributionSummary putSizes;
        private final DistributionSummary getSizes;

        Micrometer(String store, MeterRegistry registry) {
            for (Operation operation : Operation.values()) {
                timers.put(operation, Timer.builder(OPERATIONS)
                        .description("Store operations")
                        .tag("store", store)
                        .tag("operation", operation.tagValue())
                        .register(registry));
            }
            for (EvictionCause cause : EvictionCause.values()) {
                evictions.put(cause, Counter.builder(EVICTIONS)
                        .description("Objects evicted from the store")
                        .tag("store", store)
                        .tag("cause", cause.tagValue())
                        .register(registry));
            }
            cacheHits = cacheCounter(store, "hit", registry);
            cacheMisses = cacheCounter(store, "miss", registry);
            putSizes = sizeSummary(store, "put", registry);
            getSizes = sizeSummary(store, "get", registry);
        }

        private static Counter cacheCounter(String store, String result, MeterRegistry registry) {
            return Counter.builder(CACHE_GETS)
                    .description("Lookups in the store's local cache")
                    .tag("store", store)
                    .tag("result", result)
                    .register(registry);
        }

        private static DistributionSummary sizeSummary(String store, String operation, MeterRegistry registry) {
            return DistributionSummary.builder(OBJECT_SIZE)
                    .description("Serialized object sizes")
                    .baseUnit("bytes")
                    .tag("store", store)
                    .tag("operation", operation)
                    .register(registry);
        }

        @Override
        long start() {
            return System.nanoTime();
        }

        @Override
        void stop(Operation operation, long start) {
            timers.get(operation).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }

        @Override
        void evicted(EvictionCause cause) {
            evictions.get(cause).increment();
        }

        @Override
        void cacheGet(boolean hit) {
            (hit ? cacheHits : cacheMisses).increment();
        }

        @Override
        void objectSize(Operation operation, long bytes) {
            (operation == Operation.PUT ? putSizes : getSizes).record(bytes);
        }
    }
}
