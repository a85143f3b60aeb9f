package dev.proxystore.store;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The process-wide registry: its own stores plus those of attached registries (application contexts), newest
 * attachment first. Registering, unregistering and re-creating act on its own stores only.
 */
final class GlobalStoreRegistry extends MapStoreRegistry {

    static final GlobalStoreRegistry INSTANCE = new GlobalStoreRegistry();

    private final List<StoreRegistry> attached = new CopyOnWriteArrayList<>();

    private GlobalStoreRegistry() {
    }

    Registration attach(StoreRegistry registry) {
        if (registry == this) {
            throw new IllegalArgumentException("the global registry cannot be attached to itself");
        }
        attached.add(0, registry);
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) {
                attached.remove(registry);
            }
        };
    }

    @Override
    public Optional<Store> get(String name) {
        for (StoreRegistry registry : attached) {
            Optional<Store> store = registry.get(name);
            if (store.isPresent()) {
                return store;
            }
        }
        return super.get(name);
    }

    @Override
    public Store getOrCreate(StoreConfig config, boolean register) {
        for (StoreRegistry registry : attached) {
            Optional<Store> store = registry.get(config.name());
            if (store.isPresent()) {
                return store.get();
            }
        }
        return super.getOrCreate(config, register);
    }

    @Override
    public Collection<Store> stores() {
        Map<String, Store> all = new LinkedHashMap<>();
        for (Store store : super.stores()) {
            all.put(store.name(), store);
        }
        List<StoreRegistry> newestFirst = List.copyOf(attached);
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            for (Store store : newestFirst.get(i).stores()) {
                all.put(store.name(), store);
            }
        }
        return List.copyOf(all.values());
    }

    @Override
    public String toString() {
        return "GlobalStoreRegistry[own=" + super.stores().size() + ", attached=" + attached.size() + "]";
    }
}
