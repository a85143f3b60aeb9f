package dev.proxystore.store;

import dev.proxystore.proxy.Proxies;
import java.util.Collection;
import java.util.Optional;

/**
 * Stores by name, so that a proxy resolved anywhere in the process finds its store. {@link #global()} is the one
 * proxies use; while a Spring application context runs, it also sees that context's stores. Thread-safe.
 */
public interface StoreRegistry {

    /** The process-wide registry that store factories resolve against. */
    static StoreRegistry global() {
        return GlobalStoreRegistry.INSTANCE;
    }

    /** A new, empty registry of its own (not the global one), receiving references under the default policy. */
    static StoreRegistry create() {
        return new MapStoreRegistry(TrustPolicy.defaults());
    }

    /**
     * A new, empty registry that receives references under {@code policy}. Attached to the global registry
     * ({@link #attachToGlobal}), it is what Java-deserialized references in this process follow.
     */
    static StoreRegistry create(TrustPolicy policy) {
        return new MapStoreRegistry(policy);
    }

    /**
     * Lets {@link #global()} find the stores of {@code registry} (before its own) and receive references under its
     * {@link #trustPolicy()} until the returned registration is closed; while several are attached the newest decides,
     * and a tag verifies under any of their keys. This is how an application context makes its stores and its policy
     * apply to proxies read on any thread.
     */
    static Registration attachToGlobal(StoreRegistry registry) {
        return GlobalStoreRegistry.INSTANCE.attach(registry);
    }

    /**
     * Registers {@code store} under its name.
     *
     * @throws StoreExistsException if a store of that name is registered
     */
    default void register(Store store) {
        register(store, false);
    }

    /** Registers {@code store}; with {@code existOk} an existing registration of the name is replaced. */
    void register(Store store, boolean existOk);

    /** The store registered under {@code name}. */
    Optional<Store> get(String name);

    /**
     * The registered store that a proxy reads from.
     *
     * @throws IllegalArgumentException if {@code proxy} is not a proxy
     * @throws ProxyStoreFactoryException if the proxy's factory is not a store factory
     */
    default Optional<Store> storeOf(Object proxy) {
        if (!Proxies.isProxy(proxy)) {
            throw new IllegalArgumentException("not a proxy: " + proxy.getClass().getName());
        }
        return get(StoreFactory.of(proxy).config().name());
    }

    /** Removes the store registered under {@code name}; an unknown name is a no-op. */
    void unregister(String name);

    /** Removes {@code store} if it is the one registered under its name. */
    void unregister(Store store);

    /**
     * The store registered under {@code config.name()}, or a new one created from {@code config} (and registered
     * when {@code register}). Concurrent callers get the same store.
     */
    Store getOrCreate(StoreConfig config, boolean register);

    /** Registers the stores until the returned registration is closed. */
    default Registration registration(Store... stores) {
        return registration(false, stores);
    }

    /**
     * Registers the stores until the returned registration is closed. With {@code existOk}, a store registered under
     * the same name is replaced for the duration and registered again at the end.
     *
     * @throws StoreExistsException if a name is taken and not {@code existOk}; then nothing is registered
     */
    Registration registration(boolean existOk, Store... stores);

    /** A snapshot of the registered stores. */
    Collection<Store> stores();

    /**
     * The policy references read against this registry are admitted under: the keys their tags must verify under,
     * what unsigned ones may do, and which stores may be re-created. Default {@link TrustPolicy#defaults()}.
     */
    default TrustPolicy trustPolicy() {
        return TrustPolicy.defaults();
    }

    /** Registered stores, unregistered on {@link #close()}. */
    interface Registration extends AutoCloseable {

        /** Unregisters what this registration registered. Idempotent. */
        @Override
        void close();
    }
}
