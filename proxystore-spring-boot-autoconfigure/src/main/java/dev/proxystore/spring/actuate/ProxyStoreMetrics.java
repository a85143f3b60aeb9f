package dev.proxystore.spring.actuate;

import dev.proxystore.lifetime.Lifetime;
import dev.proxystore.store.StoreRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
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

    private final StoreRegistry registry;

    /** Gauges of the lifetimes over the stores of {@code registry}. */
    public ProxyStoreMetrics(StoreRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public void bindTo(MeterRegistry meterRegistry) {
        for (LiveLifetimes.Kind kind : LiveLifetimes.Kind.values()) {
            if (kind == LiveLifetimes.Kind.OTHER) {
                continue;
            }
            Gauge.builder(LIFETIMES, () -> count(kind))
                    .description("Lifetimes over the application's stores that have not ended")
                    .tag("kind", kind.tagValue())
                    .register(meterRegistry);
            Gauge.builder(LIFETIME_KEYS, () -> keys(kind))
                    .description("Objects kept by lifetimes over the application's stores")
                    .tag("kind", kind.tagValue())
                    .register(meterRegistry);
        }
    }

    private long count(LiveLifetimes.Kind kind) {
        return LiveLifetimes.of(registry.stores()).stream().filter(l -> LiveLifetimes.Kind.of(l) == kind).count();
    }

    private long keys(LiveLifetimes.Kind kind) {
        long keys = 0;
        for (Lifetime lifetime : LiveLifetimes.of(registry.stores())) {
            if (LiveLifetimes.Kind.of(lifetime) == kind) {
                keys += Math.max(0, LiveLifetimes.keys(lifetime));
            }
        }
        return keys;
    }
}
