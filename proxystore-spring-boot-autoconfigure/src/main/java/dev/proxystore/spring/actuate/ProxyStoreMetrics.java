package dev.proxystore.spring.actuate;

import dev.proxystore.lifetime.Lifetime;
import dev.proxystore.store.StoreRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Objects;

/**
 * Gauges of the lifetimes over the application's stores, by {@code kind} ({@code context}, {@code lease},
 * {@code static}): {@value #LIFETIMES} counts the live lifetimes and {@value #LIFETIME_KEYS} the objects they keep
 * (for the static lifetime, which is one per JVM, the objects of every store in the JVM).
 * The stores themselves record {@code proxystore.store.operations}, {@code proxystore.store.evictions},
 * {@code proxystore.store.cache.gets} and {@code proxystore.store.object.size}.
 */
public class ProxyStoreMetrics implements MeterBinder {

    /** Gauge: live lifetimes, tag {@code kind}. */
    public static final String LIFETIMES = "proxystore.lifetimes.live";

    /** Gauge: keys tracked by live lifetimes, tag {@code kind}. */
    public static final String LIFETIME_KEYS = "proxystore.lifetimes.keys";

    /** The kinds of the library's own lifetimes, the values of the {@code kind} tag. */
    private static final List<String> KINDS = List.of("context", "lease", "static");

    private final StoreRegistry registry;

    /** Gauges of the lifetimes over the stores of {@code registry}. */
    public ProxyStoreMetrics(StoreRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public void bindTo(MeterRegistry meterRegistry) {
        for (String kind : KINDS) {
            Gauge.builder(LIFETIMES, () -> count(kind))
                    .description("Lifetimes over the application's stores that have not ended")
                    .tag("kind", kind)
                    .register(meterRegistry);
            Gauge.builder(LIFETIME_KEYS, () -> keys(kind))
                    .description("Objects kept by lifetimes over the application's stores")
                    .tag("kind", kind)
                    .register(meterRegistry);
        }
    }

    private long count(String kind) {
        return LiveLifetimes.of(registry.stores()).stream().filter(lifetime -> lifetime.kind().equals(kind)).count();
    }

    private long keys(String kind) {
        long keys = 0;
        for (Lifetime lifetime : LiveLifetimes.of(registry.stores())) {
            if (lifetime.kind().equals(kind)) {
                keys += Math.max(0, lifetime.size());
            }
        }
        return keys;
    }
}
