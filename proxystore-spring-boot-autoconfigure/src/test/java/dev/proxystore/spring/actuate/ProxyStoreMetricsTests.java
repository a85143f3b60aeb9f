package dev.proxystore.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxystore.connector.LocalConnector;
import dev.proxystore.lifetime.ContextLifetime;
import dev.proxystore.lifetime.LeaseLifetime;
import dev.proxystore.lifetime.StaticLifetime;
import dev.proxystore.spring.ProxyStoreAutoConfiguration;
import dev.proxystore.store.Key;
import dev.proxystore.store.Store;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class ProxyStoreMetricsTests {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
                    ProxyStoreAutoConfiguration.class, ProxyStoreMetricsAutoConfiguration.class))
            .withBean(MeterRegistry.class, () -> meters);

    @Test
    void storesRecordTheirOperationsAndEvictionsInTheApplicationsRegistry() {
        AtomicReference<Counter> lifetimeEvictions = new AtomicReference<>();
        runner.run(context -> {
            Store store = context.getBean(Store.class);
            Key<String> key = store.put("a");
            store.get(key);
            store.exists(key);
            store.evict(key);
            try (ContextLifetime lifetime = new ContextLifetime(store)) {
                store.put("b", lifetime);
            }
            store.put("c", StaticLifetime.instance());

            for (String operation : new String[] {"put", "get", "exists", "evict"}) {
                assertThat(meters.get("proxystore.store.operations").tag("store", "default")
                        .tag("operation", operation).timer().count()).as(operation).isPositive();
            }
            assertThat(evictions("explicit")).isEqualTo(1);
            assertThat(evictions("lifetime")).isEqualTo(1);
            assertThat(meters.get("proxystore.store.object.size").tag("store", "default").tag("operation", "put")
                    .summary().count()).isEqualTo(3);
            lifetimeEvictions.set(meters.get("proxystore.store.evictions").tag("store", "default")
                    .tag("cause", "lifetime").counter());
        });
        assertThat(lifetimeEvictions.get().count()).as("the static object, evicted at shutdown").isEqualTo(2);
        assertThat(meters.find("proxystore.store.operations").tag("store", "default").meters())
                .as("a closed store's meters are removed").isEmpty();
    }

    @Test
    void aStoreWithoutMetricsRecordsNone() {
        runner.withPropertyValues("proxystore.stores.quiet.metrics=false", "proxystore.stores.loud.metrics=true")
                .run(context -> {
                    context.getBean("quiet", Store.class).put("x");
                    context.getBean("loud", Store.class).put("x");
                    assertThat(meters.find("proxystore.store.operations").tag("store", "quiet").meters()).isEmpty();
                    assertThat(meters.find("proxystore.store.operations").tag("store", "loud").meters())
                            .isNotEmpty();
                });
    }

    @Test
    void gaugesCountTheLiveLifetimesOverTheContextsStores() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(ProxyStoreMetrics.class);
            Store store = context.getBean(Store.class);
            double staticLifetimes = gauge("proxystore.lifetimes.live", "static");
            assertThat(staticLifetimes).isEqualTo(1);
            try (Store outside = new Store("outside", new LocalConnector());
                    ContextLifetime ignored = new ContextLifetime(outside);
                    ContextLifetime lifetime = new ContextLifetime(store);
                    LeaseLifetime lease = new LeaseLifetime(store, Duration.ofMinutes(5))) {
                store.put("a", lifetime);
                store.put("b", lifetime);
                store.put("c", lease);
                assertThat(gauge("proxystore.lifetimes.live", "context")).isEqualTo(1);
                assertThat(gauge("proxystore.lifetimes.live", "lease")).isEqualTo(1);
                assertThat(gauge("proxystore.lifetimes.keys", "context")).isEqualTo(2);
                assertThat(gauge("proxystore.lifetimes.keys", "lease")).isEqualTo(1);
            }
            assertThat(gauge("proxystore.lifetimes.live", "context")).isZero();
            assertThat(gauge("proxystore.lifetimes.keys", "lease")).isZero();
        });
    }

    @Test
    void withoutAMeterRegistryBeanStoresRecordIntoTheGlobalRegistry() {
        SimpleMeterRegistry global = new SimpleMeterRegistry();
        Metrics.globalRegistry.add(global);
        try {
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(ProxyStoreAutoConfiguration.class,
                            ProxyStoreMetricsAutoConfiguration.class))
                    .withPropertyValues("proxystore.stores.unbound.cache-size=1")
                    .run(context -> {
                        assertThat(context).doesNotHaveBean(ProxyStoreMetrics.class);
                        context.getBean(Store.class).put("x");
                        assertThat(global.get("proxystore.store.operations").tag("store", "unbound")
                                .tag("operation", "put").timer().count()).isEqualTo(1);
                    });
        } finally {
            Metrics.globalRegistry.remove(global);
            global.close();
        }
    }

    @Test
    void theBinderBacksOffForTheApplicationsOwnAndDisappearsWithoutMicrometer() {
        runner.withBean("myMetrics", ProxyStoreMetrics.class,
                        () -> new ProxyStoreMetrics(dev.proxystore.store.StoreRegistry.create()))
                .run(context -> assertThat(context).getBeanNames(ProxyStoreMetrics.class).containsExactly("myMetrics"));
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ProxyStoreAutoConfiguration.class,
                        ProxyStoreMetricsAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader(MeterRegistry.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ProxyStoreMetrics.class)
                        .hasSingleBean(Store.class));
    }

    private double evictions(String cause) {
        return meters.get("proxystore.store.evictions").tag("store", "default").tag("cause", cause).counter().count();
    }

    private double gauge(String name, String kind) {
        return meters.get(name).tag("kind", kind).gauge().value();
    }
}
