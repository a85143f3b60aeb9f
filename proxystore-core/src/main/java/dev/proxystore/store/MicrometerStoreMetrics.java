package dev.proxystore.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A store's meters in a Micrometer registry, created once so that recording costs no registry lookup, and removed
 * when the store closes: {@code proxystore.store.operations} (timer), {@code proxystore.store.evictions},
 * {@code proxystore.store.cache.gets} (counters) and {@code proxystore.store.object.size} (distribution summary in
 * bytes), each tagged with the store's name. The only class of the core that touches Micrometer, loaded only when a
 * store records into it.
 */
final class MicrometerStoreMetrics implements StoreMetrics {

    static final String OPERATIONS = "proxystore.store.operations";
    static final String EVICTIONS = "proxystore.store.evictions";
    static final String CACHE_GETS = "proxystore.store.cache.gets";
    static final String OBJECT_SIZE = "proxystore.store.object.size";

    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();
    private final Map<Operation, Timer> timers = new EnumMap<>(Operation.class);
    private final Map<EvictionCause, Counter> evictions = new EnumMap<>(EvictionCause.class);
    private final Counter cacheHits;
    private final Counter cacheMisses;
    private final DistributionSummary putSizes;
    private final DistributionSummary getSizes;

    /** The meters of {@code store} in {@code registry}, or in Micrometer's global registry when null. */
    static MicrometerStoreMetrics of(String store, @Nullable MeterRegistry registry) {
        return new MicrometerStoreMetrics(store, registry != null ? registry : Metrics.globalRegistry);
    }

    private MicrometerStoreMetrics(String store, MeterRegistry registry) {
        this.registry = registry;
        for (Operation operation : Operation.values()) {
            timers.put(operation, keep(Timer.builder(OPERATIONS)
                    .description("Store operations")
                    .tag("store", store)
                    .tag("operation", operation.tagValue())
                    .register(registry)));
        }
        for (EvictionCause cause : EvictionCause.values()) {
            evictions.put(cause, keep(Counter.builder(EVICTIONS)
                    .description("Objects evicted from the store")
                    .tag("store", store)
                    .tag("cause", cause.tagValue())
                    .register(registry)));
        }
        cacheHits = keep(cacheCounter(store, "hit", registry));
        cacheMisses = keep(cacheCounter(store, "miss", registry));
        putSizes = keep(sizeSummary(store, "put", registry));
        getSizes = keep(sizeSummary(store, "get", registry));
    }

    private <M extends Meter> M keep(M meter) {
        meters.add(meter);
        return meter;
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
    public void recordOperation(Operation operation, long nanos) {
        Timer timer = Objects.requireNonNull(timers.get(operation), "a timer for every operation");
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void recordEviction(EvictionCause cause) {
        Objects.requireNonNull(evictions.get(cause), "a counter for every cause").increment();
    }

    @Override
    public void recordCacheGet(boolean hit) {
        (hit ? cacheHits : cacheMisses).increment();
    }

    @Override
    public void recordObjectSize(Operation operation, long bytes) {
        (operation == Operation.PUT ? putSizes : getSizes).record(bytes);
    }

    @Override
    public StoreStats snapshot() {
        Map<String, Long> operations = new LinkedHashMap<>();
        timers.forEach((operation, timer) -> operations.put(operation.tagValue(), timer.count()));
        Map<String, Long> evicted = new LinkedHashMap<>();
        evictions.forEach((cause, counter) -> evicted.put(cause.tagValue(), (long) counter.count()));
        return new StoreStats(operations, evicted, (long) cacheHits.count(), (long) cacheMisses.count(),
                (long) putSizes.totalAmount(), (long) getSizes.totalAmount());
    }

    /** Removes the store's meters from the registry. */
    @Override
    public void close() {
        meters.forEach(registry::remove);
    }
}
