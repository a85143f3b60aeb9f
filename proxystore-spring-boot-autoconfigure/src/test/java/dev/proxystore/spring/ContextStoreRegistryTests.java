package dev.proxystore.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proxystore.connector.LocalConnector;
import dev.proxystore.proxy.Proxies;
import dev.proxystore.store.ProxyOptions;
import dev.proxystore.store.Store;
import dev.proxystore.store.StoreConfig;
import dev.proxystore.store.StoreException;
import dev.proxystore.store.StoreExistsException;
import dev.proxystore.store.StoreRegistry;
import dev.proxystore.testing.JavaSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

class ContextStoreRegistryTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ProxyStoreAutoConfiguration.class));

    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopExecutor() throws InterruptedException {
        executor.shutdownNow();
        assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void theRegistryBeanFindsTheStoreBeansByStoreName() {
        runner.withPropertyValues("proxystore.stores.a.cache-size=1", "proxystore.stores.b.cache-size=2")
                .run(context -> {
                    StoreRegistry registry = context.getBean(StoreRegistry.class);
                    assertThat(registry).isInstanceOf(ContextStoreRegistry.class);
                    assertThat(registry.get("a")).containsSame(context.getBean("a", Store.class));
                    assertThat(registry.get("b")).containsSame(context.getBean("b", Store.class));
                    assertThat(registry.get("c")).isEmpty();
                    assertThat(registry.stores()).extracting(Store::name).containsExactlyInAnyOrder("a", "b");
                });
    }

    @Test
    void theGlobalRegistrySeesTheContextsStoresOnlyWhileTheContextRuns() {
        List<Store> stores = new ArrayList<>();
        runner.run(context -> {
            Store store = context.getBean(Store.class);
            stores.add(store);
            assertThat(StoreRegistry.global().get("default")).containsSame(store);
            assertThat(StoreRegistry.global().stores()).containsExactly(store);
            assertThat(context.getBean(GlobalRegistryAttachment.class).attached()).isTrue();
        });
        assertThat(stores.get(0).isClosed()).isTrue();
        assertThat(StoreRegistry.global().get("default")).isEmpty();
        assertThat(StoreRegistry.global().stores()).isEmpty();
    }

    @Test
    void aProxyDeserializedOnAnotherThreadResolvesAgainstTheContextsStore() {
        runner.run(context -> {
            Store store = context.getBean(Store.class);
            List<String> list = store.proxy(new ArrayList<>(List.of("a", "b", "c")));
            byte[] bytes = JavaSerialization.serialize(list);

            CompletableFuture<Object[]> resolved = CompletableFuture.supplyAsync(() -> {
                List<String> copy = JavaSerialization.deserialize(bytes);
                boolean wasResolved = Proxies.isResolved(copy);
                int size = copy.size();
                Store resolvedBy = StoreRegistry.global().storeOf(copy).orElseThrow();
                return new Object[] {wasResolved, size, resolvedBy};
            }, executor);
            Object[] result = resolved.get(10, TimeUnit.SECONDS);
            assertThat(result[0]).as("a deserialized proxy starts unresolved").isEqualTo(false);
            assertThat(result[1]).isEqualTo(3);
            assertThat(result[2]).isSameAs(store);
            assertThat(StoreRegistry.global().stores()).as("no store was re-created").containsExactly(store);
        });
    }

    @Test
    void storesRegisteredAtRunTimeAreVisibleUntilUnregisteredOrTheContextCloses() {
        try (Store extra = new Store("extra", new LocalConnector());
                Store other = new Store("other", new LocalConnector())) {
            runner.run(context -> {
                StoreRegistry registry = context.getBean(StoreRegistry.class);
                registry.register(extra);
                assertThat(registry.get("extra")).containsSame(extra);
                assertThat(StoreRegistry.global().get("extra")).containsSame(extra);
                assertThatExceptionOfType(StoreExistsException.class)
                        .isThrownBy(() -> registry.register(new Store("default", new LocalConnector())));
                assertThatExceptionOfType(StoreExistsException.class)
                        .isThrownBy(() -> registry.register(new Store("extra", new LocalConnector())));

                try (StoreRegistry.Registration registration = registry.registration(other)) {
                    assertThat(StoreRegistry.global().get("other")).containsSame(other);
                }
                assertThat(StoreRegistry.global().get("other")).isEmpty();

                registry.unregister("default");
                assertThat(registry.get("default")).as("bean stores cannot be unregistered")
                        .containsSame(context.getBean(Store.class));
            });
            assertThat(StoreRegistry.global().get("extra")).isEmpty();
            assertThat(extra.isClosed()).as("a store registered by the application is the application's").isFalse();
        }
    }

    @Test
    void storesCreatedByTheRegistryAreClosedWithTheContext() {
        List<Store> created = new ArrayList<>();
        try (Store template = new Store("remote", new LocalConnector())) {
            StoreConfig config = template.config();
            runner.run(context -> assertThatThrownBy(() -> context.getBean(StoreRegistry.class).getOrCreate(config, true))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("proxystore.security.recreate-stores.connector-types"));
            runner.withPropertyValues("proxystore.security.recreate-stores.connector-types=local").run(context -> {
                StoreRegistry registry = context.getBean(StoreRegistry.class);
                Store store = registry.getOrCreate(config, true);
                created.add(store);
                assertThat(registry.getOrCreate(config, true)).isSameAs(store);
                assertThat(StoreRegistry.global().get("remote")).containsSame(store);
            });
        }
        assertThat(created.get(0).isClosed()).isTrue();
    }

    @Test
    void twoContextsAtOnceEachSeeTheirOwnStores() {
        ApplicationContextRunner first = runner.withPropertyValues("proxystore.stores.a.cache-size=1");
        ApplicationContextRunner second = runner.withPropertyValues("proxystore.stores.b.cache-size=1");
        first.run(one -> {
            Store a = one.getBean("a", Store.class);
            second.run(two -> {
                Store b = two.getBean("b", Store.class);
                assertThat(one.getBean(StoreRegistry.class).stores()).containsExactly(a);
                assertThat(two.getBean(StoreRegistry.class).stores()).containsExactly(b);
                assertThat(one.getBean(StoreRegistry.class).get("b")).isEmpty();
                assertThat(StoreRegistry.global().stores()).containsExactlyInAnyOrder(a, b);
            });
            assertThat(StoreRegistry.global().stores()).as("after the second context closed").containsExactly(a);
            // proxies of the first context still resolve through the global registry
            List<Integer> proxy = a.proxy(new ArrayList<>(List.of(1, 2)));
            List<Integer> copy = JavaSerialization.roundTrip(proxy);
            assertThat(copy).containsExactly(1, 2);
        });
        assertThat(StoreRegistry.global().stores()).isEmpty();
    }

    @Test
    void twoContextsAtOnceWithTheSameStoreNameResolveTheirOwnProxies() {
        runner.run(one -> runner.run(two -> {
            Store first = one.getBean(Store.class);
            Store second = two.getBean(Store.class);
            assertThat(first).isNotSameAs(second);
            assertThat(one.getBean(StoreRegistry.class).get("default")).containsSame(first);
            assertThat(two.getBean(StoreRegistry.class).get("default")).containsSame(second);

            ProxyOptions unresolved = ProxyOptions.defaults().withPopulateTarget(false);
            List<String> fromFirst = first.proxy(new ArrayList<>(List.of("first")), unresolved);
            List<String> fromSecond = second.proxy(new ArrayList<>(List.of("second")), unresolved);
            assertThat(JavaSerialization.roundTrip(fromFirst)).containsExactly("first");
            assertThat(JavaSerialization.roundTrip(fromSecond)).containsExactly("second");
            assertThat(StoreRegistry.global().storeOf(fromFirst)).containsSame(first);
            assertThat(StoreRegistry.global().storeOf(fromSecond)).containsSame(second);
        }));
        assertThat(StoreRegistry.global().stores()).isEmpty();
    }

    @Test
    void contextsOneAfterTheOtherDoNotSeeEachOther() {
        List<Store> stores = new ArrayList<>();
        runner.withPropertyValues("proxystore.stores.a.cache-size=1")
                .run(context -> stores.add(context.getBean(Store.class)));
        runner.withPropertyValues("proxystore.stores.a.cache-size=2").run(context -> {
            Store a = context.getBean(Store.class);
            assertThat(a).isNotSameAs(stores.get(0));
            assertThat(StoreRegistry.global().get("a")).containsSame(a);
            assertThat(StoreRegistry.global().stores()).containsExactly(a);
        });
        assertThat(StoreRegistry.global().stores()).isEmpty();
    }

    @Test
    void aClosedContextLeavesNoRegistrationBehindEvenWhenItsStoreWasClosedEarly() {
        runner.run(context -> {
            Store store = context.getBean(Store.class);
            store.close();
            assertThat(context.getBean(StoreRegistry.class).get("default")).as("closed stores are not found").isEmpty();
            assertThat(StoreRegistry.global().get("default")).isEmpty();
        });
    }

    @Test
    void theRegistryIsEmptyOnceTheContextIsClosed() {
        ConfigurableApplicationContext[] holder = new ConfigurableApplicationContext[1];
        StoreRegistry[] registry = new StoreRegistry[1];
        runner.run(context -> {
            holder[0] = context;
            registry[0] = context.getBean(StoreRegistry.class);
        });
        assertThat(registry[0].stores()).isEmpty();
        assertThat(registry[0].get("default")).isEmpty();
        assertThatExceptionOfType(IllegalStateException.class)
                .isThrownBy(() -> registry[0].register(new Store("late", new LocalConnector())));
    }
}
