package dev.proxystore.sample;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A reading of a store's meters in the application's {@link MeterRegistry}: evictions by cause, reads from the
 * backend, local cache hits. The difference of two readings is what happened in between.
 */
record StoreMeters(Map<String, Long> evictions, long backendReads, long backendReadBytes, long cacheHits) {

    static final String EVICTIONS = "proxystore.store.evictions";
    static final String OBJECT_SIZE = "proxystore.store.object.size";
    static final String CACHE_GETS = "proxystore.store.cache.gets";

    static StoreMeters read(@Nullable MeterRegistry registry, String store) {
        if (registry == null) {
            return new StoreMeters(Map.of(), 0, 0, 0);
        }
        Map<String, Long> evictions = new TreeMap<>();
        for (Counter counter : registry.find(EVICTIONS).tag("store", store).counters()) {
            String cause = counter.getId().getTag("cause");
            evictions.merge(cause == null ? "unknown" : cause, (long) counter.count(), Long::sum);
        }
        DistributionSummary reads = registry.find(OBJECT_SIZE).tag("store", store).tag("operation", "get").summary();
        Counter hits = registry.find(CACHE_GETS).tag("store", store).tag("result", "hit").counter();
        return new StoreMeters(evictions,
                reads == null ? 0 : reads.count(),
                reads == null ? 0 : (long) reads.totalAmount(),
                hits == null ? 0 : (long) hits.count());
    }

    /** What happened between {@code before} and this reading. */
    StoreMeters minus(StoreMeters before) {
        Map<String, Long> evicted = new TreeMap<>();
        evictions.forEach((cause, count) -> evicted.put(cause, count - before.evictions.getOrDefault(cause, 0L)));
        return new StoreMeters(evicted, backendReads - before.backendReads,
                backendReadBytes - before.backendReadBytes, cacheHits - before.cacheHits);
    }

    long evicted(String cause) {
        return evictions.getOrDefault(cause, 0L);
    }
}
