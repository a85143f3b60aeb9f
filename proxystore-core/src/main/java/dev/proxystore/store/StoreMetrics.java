package dev.proxystore.store;

import java.util.Locale;

/**
 * Records what a store does, for monitoring: set one with {@link Store.Builder#recordMetrics(StoreMetrics)}, or let
 * {@link Store.Builder#metrics(boolean)} record into Micrometer. A store calls these on its own threads, often, so
 * implementations are thread-safe and cheap.
 */
public interface StoreMetrics {

    /** The operations a store times, by the value of their {@code operation} tag. */
    enum Operation {
        PUT, GET, EVICT, EXISTS, RESOLVE;

        /** The lower-case tag value, for example {@code put}. */
        public String tagValue() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A recorder that records nothing: the store then does not even read the clock. */
    static StoreMetrics disabled() {
        return Disabled.INSTANCE;
    }

    /** An operation took {@code nanos}. */
    void recordOperation(Operation operation, long nanos);

    /** An object left the store for {@code cause}. */
    void recordEviction(EvictionCause cause);

    /** A lookup in the store's local cache hit or missed. */
    void recordCacheGet(boolean hit);

    /** An object of {@code bytes} serialized bytes was written ({@link Operation#PUT}) or read ({@link Operation#GET}). */
    void recordObjectSize(Operation operation, long bytes);

    /** What has been recorded so far; {@link StoreStats#empty()} for a recorder that keeps nothing (the default). */
    default StoreStats snapshot() {
        return StoreStats.empty();
    }

    /** The store closed: release whatever was registered for it (meters, say). */
    default void close() {
    }

    /** {@link #disabled()}. */
    enum Disabled implements StoreMetrics {
        INSTANCE;

        @Override
        public void recordOperation(Operation operation, long nanos) {
        }

        @Override
        public void recordEviction(EvictionCause cause) {
        }

        @Override
        public void recordCacheGet(boolean hit) {
        }

        @Override
        public void recordObjectSize(Operation operation, long bytes) {
        }
    }
}
