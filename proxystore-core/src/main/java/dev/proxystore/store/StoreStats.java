package dev.proxystore.store;

import java.util.Map;

/**
 * What a store has done since it was built, as its {@link StoreMetrics} recorded it ({@link Store#stats()}): the
 * operations by their {@code operation} tag value ({@code put}, {@code get}, …), the evictions by cause
 * ({@code explicit}, {@code lifetime}, …), local-cache hits and misses, and the serialized bytes written and read.
 * All zero when the store records no metrics.
 *
 * @param operations how many operations of each kind completed
 * @param evictions how many objects left the store, by cause
 * @param cacheHits lookups answered by the local cache
 * @param cacheMisses lookups the local cache could not answer
 * @param bytesWritten serialized bytes of the objects written
 * @param bytesRead serialized bytes of the objects read from the backend
 */
public record StoreStats(Map<String, Long> operations, Map<String, Long> evictions, long cacheHits, long cacheMisses,
        long bytesWritten, long bytesRead) {

    private static final StoreStats EMPTY = new StoreStats(Map.of(), Map.of(), 0, 0, 0, 0);

    public StoreStats {
        operations = Map.copyOf(operations);
        evictions = Map.copyOf(evictions);
    }

    /** The statistics of a store that records nothing. */
    public static StoreStats empty() {
        return EMPTY;
    }
}
