package dev.proxystore.lifetime;

import dev.proxystore.store.EvictionCause;
import dev.proxystore.store.Key;
import dev.proxystore.store.Store;
import dev.proxystore.store.StoreFactory;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The lifetime of the program: objects stay until the JVM exits, when a shutdown hook evicts them. In a Spring
 * application the context evicts its stores' static objects at shutdown instead (see {@link #evictKeysOf(Store)}).
 * There is no default store, so keys are always added with their store.
 */
public final class StaticLifetime implements Lifetime {

    private static final StaticLifetime INSTANCE = new StaticLifetime();

    private final Object lock = new Object();
    private final StoreKeys keys = new StoreKeys();
    private boolean done;
    private @Nullable Thread hook;

    StaticLifetime() {
        LiveLifetimes.add(LiveLifetimes.nextId(), this);
    }

    /** The singleton. */
    public static StaticLifetime instance() {
        return INSTANCE;
    }

    @Override
    public String name() {
        return "static-lifetime";
    }

    /**
     * Always fails: the static lifetime has no store of its own.
     *
     * @throws IllegalArgumentException always; use {@link #addKey(Store, Key[])}
     */
    @Override
    public void addKey(Key<?>... keys) {
        throw new IllegalArgumentException("the static lifetime has no default store: use addKey(store, keys)");
    }

    @Override
    public void addKey(Store store, Key<?>... keys) {
        Objects.requireNonNull(store, "store");
        boolean first;
        synchronized (lock) {
            if (done) {
                throw new IllegalStateException("the static lifetime has ended");
            }
            for (Key<?> key : keys) {
                Objects.requireNonNull(key, "key");
            }
            first = this.keys.add(store, keys);
            if (hook == null) {
                hook = Lifetimes.registerShutdownHook(this, false);
            }
        }
        if (first) {
            // the store's static objects go when it closes, while it can still evict them
            store.onClose(() -> evictKeysOf(store));
        }
    }

    @Override
    public void addProxy(Object... proxies) {
        for (StoreFactory<?> factory : Evictions.factoriesOf(proxies)) {
            addKey(factory.store(), factory.key());
        }
    }

    /**
     * Evicts the static objects of {@code store} now and forgets them; the lifetime goes on for other stores. This is
     * how an application context cleans up its own stores when it shuts down.
     *
     * @return how many keys were evicted
     */
    public int evictKeysOf(Store store) {
        Set<Key<?>> removed;
        synchronized (lock) {
            removed = keys.drain(store);
        }
        if (removed == null || store.isClosed()) {
            return 0;
        }
        removed.forEach(key -> store.evict(key, EvictionCause.LIFETIME));
        return removed.size();
    }

    /** How many keys are associated, over all stores. */
    @Override
    public int size() {
        synchronized (lock) {
            return keys.size();
        }
    }

    @Override
    public void close() {
        close(false);
    }

    /**
     * Ends the program's lifetime early: evicts every associated key, closes the stores when {@code closeStores},
     * and removes the shutdown hook. Afterwards nothing can be added.
     */
    @Override
    public void close(boolean closeStores) {
        Map<Store, Set<Key<?>>> toEvict;
        Thread registered;
        synchronized (lock) {
            if (done) {
                return;
            }
            done = true;
            toEvict = keys.drain();
            registered = hook;
            hook = null;
        }
        if (registered != null && registered != Thread.currentThread()) {
            try {
                Runtime.getRuntime().removeShutdownHook(registered);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting: the hook runs (or is running) anyway
            }
        }
        evictAll(toEvict, closeStores);
    }

    /** {@code static}. */
    @Override
    public String kind() {
        return "static";
    }

    private static void evictAll(Map<Store, Set<Key<?>>> toEvict, boolean closeStores) {
        RuntimeException failure = Evictions.evictAll(toEvict, null);
        if (closeStores) {
            toEvict.keySet().forEach(Store::close);
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public boolean done() {
        synchronized (lock) {
            return done;
        }
    }

    @Override
    public String toString() {
        return "StaticLifetime[keys=" + size() + ", done=" + done() + "]";
    }
}
