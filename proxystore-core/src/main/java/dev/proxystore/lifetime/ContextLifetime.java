package dev.proxystore.lifetime;

import dev.proxystore.store.Key;
import dev.proxystore.store.Store;
import dev.proxystore.store.StoreFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A lifetime that ends when it is closed, typically with try-with-resources: every associated key is evicted then.
 *
 * <pre>{@code
 * try (ContextLifetime lifetime = new ContextLifetime(store)) {
 *     Matrix m = store.proxy(matrix, ProxyOptions.defaults().withLifetime(lifetime));
 *     ...
 * } // m's object is evicted here
 * }</pre>
 */
public class ContextLifetime implements Lifetime {

    private final Store store;
    private final String name;
    private final long id;
    private final Object lock = new Object();
    private final StoreKeys keys = new StoreKeys();
    private final List<Runnable> callbacks = new ArrayList<>();
    private boolean done;

    /** A lifetime of keys in {@code store}, with a generated name. */
    public ContextLifetime(Store store) {
        this(store, null);
    }

    /** A lifetime of keys in {@code store}, named {@code name} (generated when null). */
    public ContextLifetime(Store store, @Nullable String name) {
        this.store = Objects.requireNonNull(store, "store");
        this.id = LiveLifetimes.nextId();
        this.name = name == null ? kind() + "-lifetime-" + id : name;
        LiveLifetimes.add(id, this);
    }

    /** All lifetimes that have not ended yet (context, lease and static), for monitoring. */
    public static List<Lifetime> live() {
        return LiveLifetimes.snapshot();
    }

    @Override
    public String name() {
        return name;
    }

    /** The store whose keys {@link #addKey(Key[])} associates. */
    public Store store() {
        return store;
    }

    @Override
    public Optional<Store> defaultStore() {
        return Optional.of(store);
    }

    @Override
    public void addKey(Key<?>... keys) {
        addKey(store, keys);
    }

    @Override
    public void addKey(Store store, Key<?>... keys) {
        Objects.requireNonNull(store, "store");
        for (Key<?> key : keys) {
            Objects.requireNonNull(key, "key");
        }
        synchronized (lock) {
            checkLive();
            this.keys.add(store, keys);
        }
        keysAdded(store, keys);
    }

    /**
     * {@inheritDoc}
     *
     * @throws dev.proxystore.store.ProxyStoreFactoryException if a proxy's factory is not a store factory
     * @throws IllegalArgumentException if an argument is not a proxy
     */
    @Override
    public void addProxy(Object... proxies) {
        for (StoreFactory<?> factory : Evictions.factoriesOf(proxies)) {
            addKey(factory.store(), factory.key());
        }
    }

    /**
     * Runs {@code callback} once the lifetime has ended and its keys are evicted (at once if it already has). Used,
     * for example, to destroy beans scoped to the lifetime.
     */
    @Override
    public boolean whenDone(Runnable callback) {
        Objects.requireNonNull(callback, "callback");
        synchronized (lock) {
            if (!done) {
                callbacks.add(callback);
                return true;
            }
        }
        callback.run();
        return true;
    }

    /** How many keys are associated with this lifetime. */
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
     * Ends the lifetime and evicts every associated key (cause {@code lifetime}); closes the touched stores when
     * {@code closeStores}. Keys of stores closed meanwhile are skipped. Closing twice is a no-op.
     */
    @Override
    public void close(boolean closeStores) {
        Map<Store, Set<Key<?>>> toEvict;
        List<Runnable> toRun;
        synchronized (lock) {
            if (done) {
                return;
            }
            done = true;
            toEvict = keys.drain();
            toRun = List.copyOf(callbacks);
            callbacks.clear();
        }
        LiveLifetimes.remove(id);
        ended();
        RuntimeException failure = Evictions.evictAll(toEvict, null);
        if (closeStores) {
            toEvict.keySet().forEach(Store::close);
            if (!toEvict.containsKey(store)) {
                store.close();
            }
        }
        for (Runnable callback : toRun) {
            failure = Evictions.run(callback, failure);
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
        return getClass().getSimpleName() + "[name=" + name + ", keys=" + size() + ", done=" + done() + "]";
    }

    /** {@code context}. */
    @Override
    public String kind() {
        return "context";
    }

    /** Called after keys were associated, outside the lock. */
    void keysAdded(Store store, Key<?>... keys) {
    }

    /** Called once when the lifetime ends, before keys are evicted. */
    void ended() {
    }

    /** Snapshot of the associated keys by store. */
    Map<Store, List<Key<?>>> keysByStore() {
        synchronized (lock) {
            return keys.snapshot();
        }
    }


    void checkLive() {
        if (done) {
            throw new IllegalStateException("lifetime '" + name + "' has ended");
        }
    }
}
