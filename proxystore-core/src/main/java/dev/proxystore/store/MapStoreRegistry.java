package dev.proxystore.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/** A registry backed by a concurrent map; lookups take no lock, changes and creations take the registry's lock. */
class MapStoreRegistry implements StoreRegistry {

    private final Map<String, Store> stores = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private final TrustPolicy trustPolicy;

    MapStoreRegistry(TrustPolicy trustPolicy) {
        this.trustPolicy = trustPolicy;
    }

    @Override
    public TrustPolicy trustPolicy() {
        return trustPolicy;
    }

    @Override
    public void register(Store store, boolean existOk) {
        Store previous;
        synchronized (lock) {
            previous = stores.get(store.name());
            if (previous != null && !existOk) {
                // also when it is the same store, as Python's register_store does
                throw new StoreExistsException(store.name());
            }
            if (previous == store) {
                return;
            }
            stores.put(store.name(), store);
            store.registeredIn(this);
        }
        if (previous != null) {
            previous.unregisteredFrom(this);
        }
    }

    @Override
    public Optional<Store> get(String name) {
        return Optional.ofNullable(stores.get(name));
    }

    @Override
    public void unregister(String name) {
        Store removed;
        synchronized (lock) {
            removed = stores.remove(name);
        }
        if (removed != null) {
            removed.unregisteredFrom(this);
        }
    }

    @Override
    public void unregister(Store store) {
        boolean removed;
        synchronized (lock) {
            removed = stores.remove(store.name(), store);
        }
        if (removed) {
            store.unregisteredFrom(this);
        }
    }

    @Override
    public Store getOrCreate(StoreConfig config, boolean register) {
        Store existing = stores.get(config.name());
        if (existing != null) {
            return existing;
        }
        if (!register) {
            return Store.fromConfig(config, false);
        }
        synchronized (lock) {
            existing = stores.get(config.name());
            if (existing != null) {
                return existing;
            }
            Store created = Store.fromConfig(config, false);
            stores.put(created.name(), created);
            created.registeredIn(this);
            return created;
        }
    }

    @Override
    public Registration registration(boolean existOk, Store... stores) {
        List<Store> replaced = new ArrayList<>();
        List<Store> registered = new ArrayList<>();
        synchronized (lock) {
            for (Store store : stores) {
                Store previous = this.stores.get(store.name());
                if (previous != null && !existOk) {
                    throw new StoreExistsException(store.name());
                }
            }
            for (Store store : stores) {
                Store previous = this.stores.put(store.name(), store);
                if (previous == store) {
                    continue;
                }
                store.registeredIn(this);
                registered.add(store);
                if (previous != null) {
                    previous.unregisteredFrom(this);
                    replaced.add(previous);
                }
            }
        }
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) {
                registered.forEach(this::unregister);
                for (Store previous : replaced) {
                    restore(previous);
                }
            }
        };
    }

    private void restore(Store previous) {
        synchronized (lock) {
            if (stores.putIfAbsent(previous.name(), previous) == null) {
                previous.registeredIn(this);
            }
        }
    }

    @Override
    public Collection<Store> stores() {
        return List.copyOf(stores.values());
    }

    @Nullable Store find(String name) {
        return stores.get(name);
    }

    @Override
    public String toString() {
        return "StoreRegistry" + stores.keySet();
    }
}
