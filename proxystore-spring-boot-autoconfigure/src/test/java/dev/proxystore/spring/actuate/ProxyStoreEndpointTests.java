package dev.proxystore.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxystore.connector.LocalConnector;
import dev.proxystore.lifetime.ContextLifetime;
import dev.proxystore.lifetime.LeaseLifetime;
import dev.proxystore.spring.ProxyStoreAutoConfiguration;
import dev.proxystore.spring.actuate.ProxyStoreEndpoint.LifetimeDescriptor;
import dev.proxystore.spring.actuate.ProxyStoreEndpoint.ProxyStoreDescriptor;
import dev.proxystore.spring.actuate.ProxyStoreEndpoint.StoreDescriptor;
import dev.proxystore.store.Key;
import dev.proxystore.store.Store;
import dev.proxystore.store.StoreStats;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class ProxyStoreEndpointTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ProxyStoreAutoConfiguration.class,
                    ProxyStoreEndpointAutoConfiguration.class))
            .withPropertyValues("management.endpoints.web.exposure.include=proxystore");

    @Test
    void listsTheStoresWithTheirSettings(@TempDir Path directory) {
        runner.withPropertyValues("proxystore.stores.small.cache-size=3",
                        "proxystore.stores.small.populate-target=false",
                        "proxystore.stores.large.connector=file",
                        "proxystore.stores.large.file.directory=" + directory,
                        "proxystore.stores.large.metrics=false")
                .run(context -> {
                    ProxyStoreDescriptor descriptor = context.getBean(ProxyStoreEndpoint.class).proxystore();
                    assertThat(descriptor.stores()).containsOnlyKeys("large", "small");
                    StoreDescriptor small = descriptor.stores().get("small");
                    assertThat(small.connector().type()).isEqualTo("local");
                    assertThat(small.connector().options()).containsOnlyKeys("id");
                    assertThat(small.cacheSize()).isEqualTo(3);
                    assertThat(small.populateTarget()).isFalse();
                    assertThat(small.metrics()).isTrue();
                    StoreDescriptor large = descriptor.stores().get("large");
                    assertThat(large.connector().type()).isEqualTo("file");
                    assertThat(large.connector().options())
                            .containsEntry("directory", directory.toAbsolutePath().normalize().toString());
                    assertThat(large.metrics()).isFalse();
                    assertThat(large.cacheSize()).isEqualTo(16);
                });
    }

    @Test
    void showsHowManyObjectsEachStoreHoldsAndWhatItHasDone(@TempDir Path directory) {
        runner.withBean(SimpleMeterRegistry.class)
                .withPropertyValues("proxystore.stores.small.cache-size=0", "proxystore.stores.small.primary=true",
                        "proxystore.stores.large.connector=file",
                        "proxystore.stores.large.file.directory=" + directory,
                        "proxystore.stores.large.metrics=false")
                .run(context -> {
                    Store small = context.getBean("small", Store.class);
                    Key<String> first = small.put("first");
                    small.put("second");
                    small.get(first);
                    small.evict(first);
                    context.getBean("large", Store.class).put("large");
                    ProxyStoreDescriptor descriptor = context.getBean(ProxyStoreEndpoint.class).proxystore();
                    StoreDescriptor smallDescriptor = descriptor.stores().get("small");
                    assertThat(smallDescriptor.objects()).isEqualTo(1L);
                    assertThat(smallDescriptor.stats().operations()).containsEntry("put", 2L).containsEntry("get", 1L)
                            .containsEntry("evict", 1L);
                    assertThat(smallDescriptor.stats().evictions()).containsEntry("explicit", 1L);
                    assertThat(smallDescriptor.stats().bytesWritten()).isPositive();
                    assertThat(smallDescriptor.stats().bytesRead()).isPositive();
                    StoreDescriptor largeDescriptor = descriptor.stores().get("large");
                    assertThat(largeDescriptor.objects()).isEqualTo(1L);
                    assertThat(largeDescriptor.stats()).isEqualTo(StoreStats.empty());
                });
    }

    @Test
    void listsTheLiveLifetimesOverTheContextsStores() {
        runner.run(context -> {
            Store store = context.getBean(Store.class);
            ProxyStoreEndpoint endpoint = context.getBean(ProxyStoreEndpoint.class);
            try (Store outside = new Store("outside", new LocalConnector());
                    ContextLifetime notListed = new ContextLifetime(outside, "outside-job");
                    ContextLifetime job = new ContextLifetime(store, "job-1");
                    LeaseLifetime lease = new LeaseLifetime(store, Duration.ofMinutes(5), "lease-1")) {
                store.put("a", job);
                store.put("b", job);
                store.put("c", lease);
                ProxyStoreDescriptor descriptor = endpoint.proxystore();
                assertThat(descriptor.lifetimes()).extracting(LifetimeDescriptor::name)
                        .contains("job-1", "lease-1", "static-lifetime").doesNotContain("outside-job");
                LifetimeDescriptor listedJob = find(descriptor, "job-1");
                assertThat(listedJob.kind()).isEqualTo("context");
                assertThat(listedJob.keys()).isEqualTo(2);
                assertThat(listedJob.store()).isEqualTo("default");
                assertThat(listedJob.expiry()).isNull();
                LifetimeDescriptor listedLease = find(descriptor, "lease-1");
                assertThat(listedLease.kind()).isEqualTo("lease");
                assertThat(listedLease.keys()).isEqualTo(1);
                assertThat(listedLease.expiry()).isEqualTo(lease.expiry());
                assertThat(find(descriptor, "static-lifetime").kind()).isEqualTo("static");
            }
            assertThat(endpoint.proxystore().lifetimes()).extracting(LifetimeDescriptor::name)
                    .containsExactly("static-lifetime");
        });
    }

    @Test
    void theEndpointNeedsToBeAvailableAndBacksOff() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ProxyStoreAutoConfiguration.class,
                        ProxyStoreEndpointAutoConfiguration.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ProxyStoreEndpoint.class));
        runner.withPropertyValues("management.endpoint.proxystore.access=NONE")
                .run(context -> assertThat(context).doesNotHaveBean(ProxyStoreEndpoint.class));
        runner.withPropertyValues("proxystore.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ProxyStoreEndpoint.class));
        runner.withClassLoader(new FilteredClassLoader(Endpoint.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ProxyStoreEndpoint.class)
                        .hasSingleBean(Store.class));
        runner.withBean("myEndpoint", ProxyStoreEndpoint.class,
                        () -> new ProxyStoreEndpoint(dev.proxystore.store.StoreRegistry.create()))
                .run(context -> assertThat(context).getBeanNames(ProxyStoreEndpoint.class)
                        .containsExactly("myEndpoint"));
    }

    private static LifetimeDescriptor find(ProxyStoreDescriptor descriptor, String name) {
        return descriptor.lifetimes().stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow();
    }
}
