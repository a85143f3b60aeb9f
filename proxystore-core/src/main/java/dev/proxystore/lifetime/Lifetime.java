package dev.proxystore.lifetime;

import dev.proxystore.store.Key;
import dev.proxystore.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A span that owns store keys and evicts them when it ends. Thread-safe. Adding after the end is an
 * {@link IllegalStateException}; closing twice is a no-op.
 */
public interface Lifetime extends AutoCloseable {

    /** The lifetime's name; generated and unique when none was given. */
    String name();

    /** Associates keys of the lifetime's own store with it. */
    void addKey(Key<?>... keys);

    /** Associates keys of {@code store} with this lifetime. */
    void addKey(Store store, Key<?>... keys);

    /**
     * Associates the targets of store proxies with this lifetime.
     *
     * @throws dev.proxystore.store.ProxyStoreFactoryException if a proxy's factory is not a store factory
     */
    void addProxy(Object... proxies);

    /** Ends the lifetime, evicting its keys. */
    @Override
    void close();

    /** Ends the lifetime, evicting its keys, and closes the stores it touched when {@code closeStores}. */
    void close(boolean closeStores);

    /** Whether the lifetime has ended. */
    boolean done();

    /** What kind of lifetime this is, for monitoring: {@code context}, {@code lease}, {@code static}, or another. */
    default String kind() {
        return "custom";
    }

    /** How many keys are associated with the lifetime now; -1 for a lifetime that does not count them. */
    default int size() {
        return -1;
    }

    /** The store whose keys {@link #addKey(Key[])} associates, if the lifetime has one. */
    default Optional<Store> defaultStore() {
        return Optional.empty();
    }

    /** When the lifetime ends by itself, if it has a set end (a lease's expiry). */
    default Optional<Instant> endsAt() {
        return Optional.empty();
    }

    /**
     * How long until the lifetime ends, as told by its own clock; empty for lifetimes without an end time. A store
     * writes an object of this lifetime with a server-side expiry this long, where its backend expires keys.
     */
    default Optional<Duration> timeLeft() {
        return Optional.empty();
    }

    /**
     * Runs {@code callback} once the lifetime has ended and its keys are evicted (at once if it already has), for
     * example to destroy beans scoped to it.
     *
     * @return whether the callback was taken; false for a lifetime that does not report its end
     */
    default boolean whenDone(Runnable callback) {
        return false;
    }
}
