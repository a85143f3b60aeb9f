package dev.proxystore.spring;

import dev.proxystore.store.Store;
import dev.proxystore.store.StoreConfig;
import dev.proxystore.store.StoreException;
import dev.proxystore.store.StoreExistsException;
import dev.proxystore.store.StoreRegistry;
import dev.proxystore.store.TrustPolicy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * The application context's {@link StoreRegistry}: the context's {@link Store} beans, found by store name, plus
 * stores registered on it at run time ({@link #register}, {@link #registration}, {@link #getOrCreate}).
 *
 * <p>Only singletons that exist are looked up, so a lookup never creates a bean, and closed stores are never
 * returned. Stores registered at run time shadow bean stores of the same name only when registered with
 * {@code existOk}; {@link #unregister} removes run-time registrations only (bean stores belong to the context). When
 * the context closes, the registry empties, and the stores it created through {@link #getOrCreate} are closed.
 *
 * <p>References read while the context runs are admitted under its {@link TrustPolicy}
 * ({@code proxystore.security.*}): a reference naming a store the context does not have is refused unless the policy
 * re-creates such stores, within its limits; a re-created store is never registered here.
 *
 * <p>Two Store beans with the same store name are refused at startup: proxies name their store only by name.
 */
final class ContextStoreRegistry implements StoreRegistry, SmartInitializingSingleton, DisposableBean {

    private static final Log logger = LogFactory.getLog(ContextStoreRegistry.class);

    private final ConfigurableListableBeanFactory beanFactory;
    private final StoreRegistry registered = StoreRegistry.create();
    private final Set<Store> created = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    private final TrustPolicy trustPolicy;
    private volatile boolean closed;

    ContextStoreRegistry(ConfigurableListableBeanFactory beanFactory) {
        this(beanFactory, TrustPolicy.defaults());
    }

    /** @param trustPolicy what references read against this registry are granted */
    ContextStoreRegistry(ConfigurableListableBeanFactory beanFactory, TrustPolicy trustPolicy) {
        this.beanFactory = beanFactory;
        this.trustPolicy = trustPolicy;
    }

    @Override
    public TrustPolicy trustPolicy() {
        return trustPolicy;
    }

    @Override
    public void afterSingletonsInstantiated() {
        Map<String, String> beanByStoreName = new LinkedHashMap<>();
        for (Map.Entry<String, Store> bean : beanStores().entrySet()) {
            String previous = beanByStoreName.putIfAbsent(bean.getValue().name(), bean.getKey());
            if (previous != null) {
                throw new IllegalStateException("The Store beans '" + previous + "' and '" + bean.getKey()
                        + "' are both named '" + bean.getValue().name() + "': proxies find their store by name,"
                        + " so store names must be unique");
            }
        }
    }

    @Override
    public void register(Store store, boolean existOk) {
        synchronized (lock) {
            checkOpen();
            if (!existOk && get(store.name()).filter(existing -> existing != store).isPresent()) {
                throw new StoreExistsException(store.name());
            }
            registered.register(store, existOk);
        }
    }

    @Override
    public Optional<Store> get(String name) {
        if (closed) {
            return Optional.empty();
        }
        Optional<Store> runtime = registered.get(name).filter(store -> !store.isClosed());
        return runtime.isPresent() ? runtime : Optional.ofNullable(beanStore(name));
    }

    @Override
    public void unregister(String name) {
        registered.unregister(name);
    }

    @Override
    public void unregister(Store store) {
        registered.unregister(store);
    }

    @Override
    public Store getOrCreate(StoreConfig config, boolean register) {
        Optional<Store> existing = get(config.name());
        if (existing.isPresent()) {
            return existing.get();
        }
        if (!trustPolicy.recreatedConnectorTypes().contains(config.connector().type())) {
            throw new StoreException("This application has no store named '" + config.name() + "' and does not"
                    + " create stores of type '" + config.connector().type() + "' on demand. Declare the store"
                    + " (proxystore.stores." + config.name() + ") or allow the type in"
                    + " proxystore.security.recreate-stores.connector-types.");
        }
        if (!register) {
            return registered.getOrCreate(config, false);
        }
        synchronized (lock) {
            checkOpen();
            existing = get(config.name());
            if (existing.isPresent()) {
                return existing.get();
            }
            Store store = registered.getOrCreate(config, true);
            created.add(store);
            return store;
        }
    }

    @Override
    public Registration registration(boolean existOk, Store... stores) {
        synchronized (lock) {
            checkOpen();
            if (!existOk) {
                for (Store store : stores) {
                    Store bean = beanStore(store.name());
                    if (bean != null && bean != store) {
                        throw new StoreExistsException(store.name());
                    }
                }
            }
            return registered.registration(existOk, stores);
        }
    }

    @Override
    public Collection<Store> stores() {
        if (closed) {
            return List.of();
        }
        Map<String, Store> all = new LinkedHashMap<>();
        for (Store store : beanStores().values()) {
            all.putIfAbsent(store.name(), store);
        }
        for (Store store : registered.stores()) {
            if (!store.isClosed()) {
                all.put(store.name(), store);
            }
        }
        return List.copyOf(all.values());
    }

    /** Empties the registry and closes the stores it created. */
    @Override
    public void destroy() {
        closed = true;
        List<Store> toClose;
        synchronized (lock) {
            toClose = new ArrayList<>(created);
            created.clear();
            for (Store store : registered.stores()) {
                registered.unregister(store);
            }
        }
        for (Store store : toClose) {
            try {
                store.close();
            } catch (RuntimeException e) {
                logger.warn("Failed to close ProxyStore store '" + store.name() + "'", e);
            }
        }
    }

    @Override
    public String toString() {
        return "ContextStoreRegistry" + stores().stream().map(Store::name).toList();
    }

    /** The open Store singletons of the context by bean name; creates no bean. */
    Map<String, Store> beanStores() {
        Map<String, Store> stores = new LinkedHashMap<>();
        for (String beanName : beanFactory.getBeanNamesForType(Store.class, false, false)) {
            if (beanFactory.containsSingleton(beanName)
                    && beanFactory.getSingleton(beanName) instanceof Store store
                    && !store.isClosed()) {
                stores.put(beanName, store);
            }
        }
        return stores;
    }

    private @Nullable Store beanStore(String name) {
        // the common case: the bean is named after the store
        if (beanFactory.containsSingleton(name) && beanFactory.getSingleton(name) instanceof Store store
                && store.name().equals(name) && !store.isClosed()) {
            return store;
        }
        for (Store store : beanStores().values()) {
            if (store.name().equals(name)) {
                return store;
            }
        }
        return null;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the application context's store registry is closed");
        }
    }

    /** The context's stores, bean or registered, each once. */
    static Collection<Store> contextStores(ConfigurableListableBeanFactory beanFactory, StoreRegistry registry) {
        Map<Store, Boolean> stores = new IdentityHashMap<>();
        for (String beanName : beanFactory.getBeanNamesForType(Store.class, false, false)) {
            if (beanFactory.containsSingleton(beanName) && beanFactory.getSingleton(beanName) instanceof Store store) {
                stores.put(store, Boolean.TRUE);
            }
        }
        for (Store store : registry.stores()) {
            stores.put(store, Boolean.TRUE);
        }
        return List.copyOf(stores.keySet());
    }
}
