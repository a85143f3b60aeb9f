package dev.proxystore.spring.actuate;

import dev.proxystore.lifetime.Lifetime;
import dev.proxystore.store.Store;
import dev.proxystore.store.StoreConfig;
import dev.proxystore.store.StoreRegistry;
import dev.proxystore.store.StoreStats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The {@code proxystore} Actuator endpoint: the application's stores (connector type and options, cache size, metrics,
 * populate-target, object count where the backend can tell, operation statistics) and the live lifetimes over them (name, kind, key count, lease expiry). Store configs never hold
 * secrets, so nothing is masked.
 */
@Endpoint(id = "proxystore")
public class ProxyStoreEndpoint {

    private final StoreRegistry registry;

    /** An endpoint describing the stores of {@code registry}, the application context's registry. */
    public ProxyStoreEndpoint(StoreRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** The stores, by name, and the live lifetimes over them. */
    @ReadOperation
    public ProxyStoreDescriptor proxystore() {
        List<Store> stores = new ArrayList<>(registry.stores());
        Map<String, StoreDescriptor> byName = new TreeMap<>();
        for (Store store : stores) {
            byName.put(store.name(), StoreDescriptor.of(store));
        }
        List<LifetimeDescriptor> lifetimes = new ArrayList<>();
        for (Lifetime lifetime : LiveLifetimes.of(stores)) {
            lifetimes.add(LifetimeDescriptor.of(lifetime));
        }
        lifetimes.sort(Comparator.comparing(LifetimeDescriptor::kind).thenComparing(LifetimeDescriptor::name));
        return new ProxyStoreDescriptor(byName, lifetimes);
    }

    /**
     * The endpoint's response.
     *
     * @param stores the stores by name
     * @param lifetimes the live lifetimes over those stores
     */
    public record ProxyStoreDescriptor(Map<String, StoreDescriptor> stores, List<LifetimeDescriptor> lifetimes)
            implements OperationResponseBody {
    }

    /**
     * One store.
     *
     * @param connector the connector type and options
     * @param cacheSize the local cache size in objects
     * @param metrics whether the store records metrics
     * @param populateTarget whether local proxies start resolved
     * @param objects how many objects the backend holds; null where the connector cannot tell (Redis) or the store
     *     is closed
     * @param stats what the store has done: operations, evictions by cause, cache hits and misses, bytes written
     *     and read (all zero without metrics)
     */
    public record StoreDescriptor(ConnectorDescriptor connector, int cacheSize, boolean metrics,
            boolean populateTarget, @Nullable Long objects, StoreStats stats) {

        static StoreDescriptor of(Store store) {
            StoreConfig config = store.config();
            return new StoreDescriptor(
                    new ConnectorDescriptor(config.connector().type(), new TreeMap<>(config.connector().options())),
                    config.cacheSize(), config.metrics(), config.populateTarget(), objects(store), store.stats());
        }

        private static @Nullable Long objects(Store store) {
            try {
                OptionalLong count = store.count();
                return count.isPresent() ? count.getAsLong() : null;
            } catch (RuntimeException e) {
                return null;
            }
        }
    }

    /**
     * A store's connector.
     *
     * @param type the connector type, for example {@code redis}
     * @param options the options that re-create the connector elsewhere (never credentials)
     */
    public record ConnectorDescriptor(String type, Map<String, String> options) {
    }

    /**
     * One live lifetime.
     *
     * @param name the lifetime's name
     * @param kind {@code context}, {@code lease}, {@code static} or a custom lifetime's kind
     * @param keys how many objects it keeps, -1 if it does not count them
     * @param store the name of the lifetime's default store; null for the static lifetime
     * @param expiry when the lifetime ends by itself (a lease); null for other kinds
     */
    public record LifetimeDescriptor(String name, String kind, int keys, @Nullable String store,
            @Nullable Instant expiry) {

        static LifetimeDescriptor of(Lifetime lifetime) {
            return new LifetimeDescriptor(lifetime.name(), lifetime.kind(), lifetime.size(),
                    lifetime.defaultStore().map(Store::name).orElse(null), lifetime.endsAt().orElse(null));
        }
    }
}
