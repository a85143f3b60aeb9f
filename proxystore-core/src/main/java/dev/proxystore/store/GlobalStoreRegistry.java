package dev.proxystore.store;

import dev.proxystore.proxy.Proxies;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * The process-wide registry: its own stores plus those of attached registries (application contexts), newest
 * attachment first. Registering, unregistering and re-creating act on its own stores only.
 *
 * <p>When several attached registries hold a store of the same name (two application contexts in one JVM, as in a
 * test suite), a proxy's store is the attached one whose connector config matches the proxy's, so each proxy reads
 * from the backend it was written to; {@link #get(String)} cannot tell and returns the newest.
 */
final class GlobalStoreRegistry extends MapStoreRegistry {

    static final GlobalStoreRegistry INSTANCE = new GlobalStoreRegistry();

    private final List<StoreRegistry> attached = new CopyOnWriteArrayList<>();

    private GlobalStoreRegistry() {
        super(TrustPolicy.defaults());
    }

    /** The newest attached registry's policy, else the default policy. */
    @Override
    public TrustPolicy trustPolicy() {
        for (StoreRegistry registry : attached) {
            return registry.trustPolicy();
        }
        return super.trustPolicy();
    }

    /** Whether {@code tag} verifies under a key of the default policy or of any attached registry's policy. */
    boolean verifies(byte[] data, byte[] tag) {
        for (StoreRegistry registry : attached) {
            if (registry.trustPolicy().verifies(data, tag)) {
                return true;
            }
        }
        return super.trustPolicy().verifies(data, tag);
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

    /**
     * A registered or attached store of that name, else a new one: created by the newest attached registry when
     * there is one (an application context decides whether and how, and closes what it created), else here.
     */
    @Override
    public Store getOrCreate(StoreConfig config, boolean register) {
        Store store = findAttached(config);
        if (store != null) {
            return store;
        }
        Store own = find(config.name());
        if (own != null) {
            return own;
        }
        List<StoreRegistry> newestFirst = List.copyOf(attached);
        return newestFirst.isEmpty() ? super.getOrCreate(config, register)
                : newestFirst.get(0).getOrCreate(config, register);
    }

    @Override
    public Optional<Store> storeOf(Object proxy) {
        if (!Proxies.isProxy(proxy)) {
            throw new IllegalArgumentException("not a proxy: " + proxy.getClass().getName());
        }
        StoreConfig config = StoreFactory.of(proxy).config();
        Store store = findAttached(config);
        return store != null ? Optional.of(store) : Optional.ofNullable(find(config.name()));
    }

    /** The attached store named in {@code config}: the newest whose connector config matches, else the newest. */
    private @Nullable Store findAttached(StoreConfig config) {
        Store named = null;
        for (StoreRegistry registry : attached) {
            Optional<Store> store = registry.get(config.name());
            if (store.isPresent()) {
                if (store.get().config().connector().equals(config.connector())) {
                    return store.get();
                }
                if (named == null) {
                    named = store.get();
                }
            }
        }
        return named;
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
