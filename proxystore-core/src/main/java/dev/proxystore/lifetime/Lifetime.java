package dev.proxystore.lifetime;

import dev.proxystore.store.Key;
import dev.proxystore.store.Store;

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
}
