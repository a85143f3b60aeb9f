package dev.proxystore.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxystore.connector.LocalConnector;
import dev.proxystore.connector.multi.MultiConnector;
import dev.proxystore.serialize.Serializer;
import dev.proxystore.spring.lifetime.ProxyLifetimeScope;
import dev.proxystore.store.Key;
import dev.proxystore.store.ProxyOptions;
import dev.proxystore.store.Store;
import dev.proxystore.store.StoreFactory;
import dev.proxystore.store.StoreRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

class ProxyStoreAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ProxyStoreAutoConfiguration.class));

    @Test
    void createsOneLocalStoreNamedDefaultWhenNoneIsDeclared() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBeansOfType(Store.class)).containsOnlyKeys("default");
            Store store = context.getBean(Store.class);
            assertThat(store.name()).isEqualTo("default");
            assertThat(store.connector()).isInstanceOf(LocalConnector.class);
            assertThat(store.config().cacheSize()).isEqualTo(16);
            assertThat(store.config().populateTarget()).isTrue();
            assertThat(store.config().metrics()).isTrue();
            assertThat(context).hasSingleBean(StoreRegistry.class).hasSingleBean(ProxyLifetimeScope.class)
                    .hasSingleBean(Serializer.class);
            Key<String> key = store.put("hello");
            assertThat(store.get(key)).contains("hello");
        });
    }

    @Test
    void createsOneStoreBeanPerDeclaredStoreWithItsSettings(@TempDir Path directory) {
        runner.withPropertyValues(
                        "proxystore.stores.small.cache-size=3",
                        "proxystore.stores.small.populate-target=false",
                        "proxystore.stores.small.metrics=false",
                        "proxystore.stores.large.connector=file",
                        "proxystore.stores.large.file.directory=" + directory,
                        "proxystore.stores.large.primary=true")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBeansOfType(Store.class)).containsOnlyKeys("small", "large");
                    Store small = context.getBean("small", Store.class);
                    Store large = context.getBean("large", Store.class);
                    assertThat(small.name()).isEqualTo("small");
                    assertThat(small.config().connector().type()).isEqualTo("local");
                    assertThat(small.config().cacheSize()).isEqualTo(3);
                    assertThat(small.config().populateTarget()).isFalse();
                    assertThat(small.config().metrics()).isFalse();
                    assertThat(large.config().connector().type()).isEqualTo("file");
                    assertThat(large.config().connector().options())
                            .containsEntry("directory", directory.toAbsolutePath().normalize().toString());
                    assertThat(context.getBean(Store.class)).as("the primary store").isSameAs(large);

                    Key<String> key = large.put("on disk");
                    try (var files = Files.list(directory)) {
                        assertThat(files.count()).isEqualTo(1);
                    }
                    assertThat(large.get(key)).contains("on disk");
                });
    }

    @Test
    void storeBuilderCustomizersRunInOrderForEveryStoreAfterTheProperties() {
        List<String> calls = new ArrayList<>();
        runner.withPropertyValues("proxystore.stores.a.cache-size=7", "proxystore.stores.b.cache-size=7")
                .withBean("second", StoreBuilderCustomizer.class, () -> new OrderedCustomizer(2, calls))
                .withBean("first", StoreBuilderCustomizer.class, () -> new OrderedCustomizer(1, calls))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean("a", Store.class).config().cacheSize()).as("the last one wins")
                            .isEqualTo(2);
                    assertThat(context.getBean("b", Store.class).config().cacheSize()).isEqualTo(2);
                    assertThat(calls).containsExactlyInAnyOrder("1:a", "2:a", "1:b", "2:b");
                    assertThat(calls.indexOf("1:a")).isLessThan(calls.indexOf("2:a"));
                });
    }

    /** Sets the cache size to its order, recording which store it customized. */
    private record OrderedCustomizer(int order, List<String> calls) implements StoreBuilderCustomizer, Ordered {

        @Override
        public void customize(String name, Store.Builder builder) {
            calls.add(order + ":" + name);
            builder.cacheSize(order);
        }

        @Override
        public int getOrder() {
            return order;
        }
    }

    @Test
    void closesTheStoresWithTheContext() {
        AtomicReference<Store> store = new AtomicReference<>();
        runner.withPropertyValues("proxystore.stores.a.cache-size=1")
                .run(context -> store.set(context.getBean("a", Store.class)));
        assertThat(store.get().isClosed()).isTrue();
    }

    @Test
    void theDefaultStoreBacksOffWhenTheApplicationDefinesAStore() {
        runner.withUserConfiguration(UserStoreConfiguration.class).run(context -> {
            assertThat(context.getBeansOfType(Store.class)).containsOnlyKeys("myStore");
            assertThat(context.getBean(Store.class).name()).isEqualTo("mine");
            assertThat(context.getBean(StoreRegistry.class).get("mine")).containsSame(context.getBean(Store.class));
        });
    }

    @Test
    void aDeclaredStoreBacksOffWhenTheApplicationDefinesABeanOfThatName() {
        runner.withUserConfiguration(UserStoreNamedSmallConfiguration.class)
                .withPropertyValues("proxystore.stores.small.cache-size=3", "proxystore.stores.other.cache-size=4")
                .run(context -> {
                    assertThat(context.getBeansOfType(Store.class)).containsOnlyKeys("small", "other");
                    assertThat(context.getBean("small", Store.class).config().cacheSize())
                            .as("the application's store").isEqualTo(7);
                    assertThat(context.getBean("other", Store.class).config().cacheSize()).isEqualTo(4);
                });
    }

    @Test
    void anEntryReplacedByTheApplicationsOwnBeanIsNotChecked() {
        runner.withUserConfiguration(UserStoreNamedSmallConfiguration.class)
                .withPropertyValues("proxystore.stores.small.connector=multi")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean("small", Store.class).config().cacheSize()).isEqualTo(7);
                });
    }

    @Test
    void severalSerializersWithoutAPrimaryOneFailInsteadOfTrustingLess() {
        runner.withBean("one", Serializer.class, dev.proxystore.serialize.DefaultSerializer::create)
                .withBean("two", Serializer.class, dev.proxystore.serialize.DefaultSerializer::create)
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(causeOfType(context.getStartupFailure(),
                            org.springframework.beans.factory.NoUniqueBeanDefinitionException.class)).isNotNull();
                });
    }

    @Test
    void theRegistryBacksOffWhenTheApplicationDefinesOne() {
        runner.withUserConfiguration(UserRegistryConfiguration.class).run(context -> {
            assertThat(context).hasSingleBean(StoreRegistry.class);
            StoreRegistry registry = context.getBean(StoreRegistry.class);
            assertThat(registry).isNotInstanceOf(ContextStoreRegistry.class);
            // still attached to the global registry while the context runs
            registry.register(context.getBean(Store.class));
            assertThat(StoreRegistry.global().get("default")).containsSame(context.getBean(Store.class));
            registry.unregister("default");
        });
    }

    @Test
    void theSerializerBacksOffWhenTheApplicationDefinesOne() {
        runner.withUserConfiguration(UserSerializerConfiguration.class).run(context -> {
            assertThat(context).hasSingleBean(Serializer.class);
            assertThat(context.getBean(Serializer.class)).isSameAs(UserSerializerConfiguration.SERIALIZER);
            assertThat(context.getBean(Store.class).serializer()).isSameAs(UserSerializerConfiguration.SERIALIZER);
        });
    }

    @Test
    void theSerializerTrustsTheConfiguredPackages() {
        runner.withPropertyValues("proxystore.serializer.trusted-packages=com.example.model,org.example")
                .run(context -> {
                    Serializer serializer = context.getBean(Serializer.class);
                    assertThat(serializer).isInstanceOf(dev.proxystore.serialize.DefaultSerializer.class);
                    assertThat(((dev.proxystore.serialize.DefaultSerializer) serializer).trustedPackages())
                            .containsExactly("com.example.model", "org.example");
                    assertThat(context.getBean(Store.class).serializer()).isSameAs(serializer);
                });
    }

    @Test
    void theSerializerTrustsTheApplicationPackagesUnlessToldNotTo() {
        runner.withUserConfiguration(ApplicationPackagesConfiguration.class).run(context -> {
            var serializer = (dev.proxystore.serialize.DefaultSerializer) context.getBean(Serializer.class);
            assertThat(serializer.trustedPackages()).containsExactly("dev.proxystore.spring");
            ArrayList<Point> points = new ArrayList<>(List.of(new Point(1, 2)));
            Store store = context.getBean(Store.class);
            assertThat(store.get(store.put(points))).contains(points);
        });
        runner.withUserConfiguration(ApplicationPackagesConfiguration.class)
                .withPropertyValues("proxystore.serializer.trust-application-packages=false")
                .run(context -> assertThat(
                        ((dev.proxystore.serialize.DefaultSerializer) context.getBean(Serializer.class))
                                .trustedPackages()).isEmpty());
    }

    @Test
    void nothingIsConfiguredWhenDisabled() {
        runner.withPropertyValues("proxystore.enabled=false", "proxystore.stores.a.cache-size=1").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(Store.class).doesNotHaveBean(StoreRegistry.class)
                    .doesNotHaveBean(ProxyLifetimeScope.class).doesNotHaveBean(ProxyStoreProperties.class);
        });
    }

    @Test
    void nothingIsConfiguredWithoutProxyStoreOnTheClasspath() {
        runner.withClassLoader(new FilteredClassLoader(Store.class)).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(Store.class).doesNotHaveBean(StoreRegistry.class)
                    .doesNotHaveBean(ProxyLifetimeScope.class);
        });
    }

    @Test
    void anUnknownConnectorTypeFailsNamingTheProperty() {
        runner.withPropertyValues("proxystore.stores.fast.connector=memcached")
                .run(context -> assertInvalid(context, "proxystore.stores.fast.connector", "memcached",
                        "Unknown connector type"));
    }

    @Test
    void aMultiStoreRoutesObjectsBySizeAndTags(@TempDir Path directory) {
        runner.withPropertyValues("proxystore.stores.tiered.connector=multi",
                        "proxystore.stores.tiered.multi.small.connector=local",
                        "proxystore.stores.tiered.multi.small.max-size=1KB",
                        "proxystore.stores.tiered.multi.small.priority=2",
                        "proxystore.stores.tiered.multi.hot.connector=local",
                        "proxystore.stores.tiered.multi.hot.tags=hot",
                        "proxystore.stores.tiered.multi.hot.priority=-1",
                        "proxystore.stores.tiered.multi.large.connector=file",
                        "proxystore.stores.tiered.multi.large.file.directory=" + directory)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Store store = context.getBean("tiered", Store.class);
                    MultiConnector connector = (MultiConnector) store.connector();
                    assertThat(connector.labels()).containsExactly("small", "hot", "large");
                    assertThat(connector.policy("small").maxSize()).isEqualTo(1024);

                    Key<String> small = store.put("tiny");
                    Key<String> large = store.put("x".repeat(10_000));
                    List<Integer> hot = store.proxy(new ArrayList<>(List.of(1)),
                            ProxyOptions.defaults().withTags("hot"));

                    assertThat(connector.labelOf(small.id())).isEqualTo("small");
                    assertThat(connector.labelOf(large.id())).isEqualTo("large");
                    assertThat(connector.labelOf(StoreFactory.of(hot).key().id())).isEqualTo("hot");
                    try (Stream<Path> files = Files.list(directory)) {
                        assertThat(files).hasSize(1);
                    }
                    assertThat(store.get(large)).contains("x".repeat(10_000));
                });
    }

    @Test
    void multiRoutesTakeSupersetTagsAndAHostPatternOutsideOfWhichTheyAreDormant(@TempDir Path directory) {
        Path neverCreated = directory.resolve("only-on-the-file-servers");
        runner.withPropertyValues("proxystore.stores.tiered.connector=multi",
                        "proxystore.stores.tiered.multi.gpu.connector=local",
                        "proxystore.stores.tiered.multi.gpu.superset-tags=gpu",
                        "proxystore.stores.tiered.multi.gpu.host-pattern=.+",
                        "proxystore.stores.tiered.multi.gpu.priority=1",
                        "proxystore.stores.tiered.multi.files.connector=file",
                        "proxystore.stores.tiered.multi.files.file.directory=" + neverCreated,
                        "proxystore.stores.tiered.multi.files.host-pattern=no-such-host\\.invalid",
                        "proxystore.stores.tiered.multi.files.priority=2",
                        "proxystore.stores.tiered.multi.cache.connector=redis",
                        "proxystore.stores.tiered.multi.cache.redis.host=unreachable.invalid",
                        "proxystore.stores.tiered.multi.cache.host-pattern=no-such-host\\.invalid",
                        "proxystore.stores.tiered.multi.memory.connector=local")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Store store = context.getBean("tiered", Store.class);
                    MultiConnector connector = (MultiConnector) store.connector();
                    assertThat(connector.labels()).containsExactly("gpu", "files", "cache", "memory");
                    assertThat(connector.dormantLabels()).containsExactly("files", "cache");
                    assertThat(Files.exists(neverCreated)).as("a dormant route's connector is never created")
                            .isFalse();
                    assertThat(connector.policy("gpu").supersetTags()).containsExactly("gpu");
                    assertThat(connector.policy("gpu").hostPatterns()).containsExactly(".+");
                    assertThat(connector.policy("files").hostPatterns()).containsExactly("no-such-host\\.invalid");

                    List<Integer> onGpu = store.proxy(new ArrayList<>(List.of(1)),
                            ProxyOptions.defaults().withSupersetTags("gpu"));
                    Key<String> plain = store.put("neither dormant files nor the gpu route");

                    assertThat(connector.labelOf(StoreFactory.of(onGpu).key().id())).isEqualTo("gpu");
                    assertThat(connector.labelOf(plain.id())).isEqualTo("memory");
                    assertThat(store.config().connector().options())
                            .containsEntry("files.directory", neverCreated.toAbsolutePath().normalize().toString())
                            .containsEntry("files.host-pattern", "no-such-host\\.invalid")
                            .containsEntry("cache.host", "unreachable.invalid")
                            .containsEntry("cache.key-prefix", "proxystore:tiered:")
                            .containsEntry("gpu.superset-tags", "gpu");
                });
    }

    @Test
    void aBadHostPatternOrSupersetTagFailsNamingTheProperty() {
        runner.withPropertyValues("proxystore.stores.tiered.connector=multi",
                        "proxystore.stores.tiered.multi.a.connector=local",
                        "proxystore.stores.tiered.multi.a.host-pattern=node[0-9")
                .run(context -> assertInvalid(context, "proxystore.stores.tiered.multi.a.host-pattern", "node[0-9",
                        "is not a regular expression"));
        runner.withPropertyValues("proxystore.stores.tiered.connector=multi",
                        "proxystore.stores.tiered.multi.a.connector=local",
                        "proxystore.stores.tiered.multi.a.superset-tags[0]=gpu",
                        "proxystore.stores.tiered.multi.a.superset-tags[1]=")
                .run(context -> assertInvalid(context, "proxystore.stores.tiered.multi.a.superset-tags", "[gpu, ]",
                        "A tag must be non-empty"));
    }

    @Test
    void aMultiStoreWithoutRoutesOrWithBadRoutesFailsNamingTheProperty() {
        runner.withPropertyValues("proxystore.stores.tiered.connector=multi")
                .run(context -> assertInvalid(context, "proxystore.stores.tiered.multi", "null", "at least one route"));
        runner.withPropertyValues("proxystore.stores.tiered.connector=multi",
                        "proxystore.stores.tiered.multi.big.connector=file")
                .run(context -> assertInvalid(context, "proxystore.stores.tiered.multi.big.file.directory", "null",
                        "needs a directory"));
        runner.withPropertyValues("proxystore.stores.tiered.connector=multi",
                        "proxystore.stores.tiered.multi.a.connector=local",
                        "proxystore.stores.tiered.multi.a.min-size=2MB",
                        "proxystore.stores.tiered.multi.a.max-size=1MB")
                .run(context -> assertInvalid(context, "proxystore.stores.tiered.multi.a.max-size", "1048576B",
                        "must not be smaller than the minimum size"));
        runner.withPropertyValues("proxystore.stores.tiered.connector=multi",
                        "proxystore.stores.tiered.multi.a.connector=multi")
                .run(context -> assertInvalid(context, "proxystore.stores.tiered.multi.a.connector", "multi",
                        "cannot be a multi connector"));
        runner.withPropertyValues("proxystore.stores.plain.multi.a.connector=local")
                .run(context -> assertInvalid(context, "proxystore.stores.plain.multi", "[a]", "multi stores only"));
    }

    @Test
    void aNegativeCacheSizeFailsNamingTheProperty() {
        runner.withPropertyValues("proxystore.stores.small.cache-size=-1")
                .run(context -> assertInvalid(context, "proxystore.stores.small.cache-size", "-1", "cache size"));
    }

    @Test
    void localStoresKeepEveryStoreInTheProcessWithItsOtherSettings() {
        runner.withPropertyValues("proxystore.local-stores=true",
                        "proxystore.stores.cache.connector=redis", "proxystore.stores.cache.redis.host=unreachable.invalid",
                        "proxystore.stores.cache.cache-size=2", "proxystore.stores.cache.primary=true",
                        "proxystore.stores.tiered.connector=multi", "proxystore.stores.tiered.multi.a.connector=file")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Store cache = context.getBean("cache", Store.class);
                    assertThat(cache.config().connector().type()).isEqualTo("local");
                    assertThat(cache.config().cacheSize()).isEqualTo(2);
                    Key<String> key = cache.put("no redis needed");
                    assertThat(cache.get(key)).contains("no redis needed");
                    assertThat(context.getBean("tiered", Store.class).config().connector().type()).isEqualTo("local");
                });
    }

    @Test
    void aMisspelledStoreSettingFailsStartupNamingIt() {
        runner.withPropertyValues("proxystore.stores.small.connector=local", "proxystore.stores.small.cache-sise=5")
                .run(context -> assertUnbound(context, "proxystore.stores.small.cache-sise"));
    }

    @Test
    void aStoreWhoseEverySettingIsMisspelledFailsStartupInsteadOfVanishing() {
        runner.withPropertyValues("proxystore.stores.cache.conector=redis")
                .run(context -> assertUnbound(context, "proxystore.stores.cache.conector"));
    }

    @Test
    void aConnectorTypeFromAConnectorProviderIsCreatedWithItsOptions() {
        LabelledConnectorProvider.CREATED.clear();
        runner.withPropertyValues("proxystore.stores.custom.connector=labelled",
                        "proxystore.stores.custom.options.label=blue")
                .run(context -> {
                    Store store = context.getBean("custom", Store.class);
                    Key<String> key = store.put("through a provider");
                    assertThat(store.get(key)).contains("through a provider");
                    assertThat(LabelledConnectorProvider.CREATED).singleElement()
                            .satisfies(config -> assertThat(config.options()).containsEntry("label", "blue"));
                });
    }

    @Test
    void optionsAProviderRefusesFailNamingTheOptionsProperty() {
        runner.withPropertyValues("proxystore.stores.custom.connector=labelled",
                        "proxystore.stores.custom.options.colour=blue")
                .run(context -> assertInvalid(context, "proxystore.stores.custom.options", "{colour=blue}",
                        "unknown options [colour]"));
        runner.withPropertyValues("proxystore.stores.plain.connector=local",
                        "proxystore.stores.plain.options.label=blue")
                .run(context -> assertInvalid(context, "proxystore.stores.plain.options", "[label]",
                        "Options apply to connector types of a ConnectorProvider only"));
    }

    static void assertUnbound(AssertableApplicationContext context, String property) {
        assertThat(context).hasFailed();
        UnboundConfigurationPropertiesException unbound =
                causeOfType(context.getStartupFailure(), UnboundConfigurationPropertiesException.class);
        assertThat(unbound).as("an UnboundConfigurationPropertiesException in %s", context.getStartupFailure())
                .isNotNull();
        assertThat(unbound.getUnboundProperties()).extracting(p -> p.getName().toString()).contains(property);
    }

    @Test
    void aFileStoreWithoutDirectoryFailsNamingTheProperty() {
        runner.withPropertyValues("proxystore.stores.large.connector=file")
                .run(context -> assertInvalid(context, "proxystore.stores.large.file.directory", "null",
                        "needs a directory"));
    }

    @Test
    void redisSettingsThatNeedTheStoresOwnConnectionFailWithoutHostOrPort() {
        runner.withPropertyValues("proxystore.stores.cache.connector=redis",
                        "proxystore.stores.cache.redis.database=2")
                .run(context -> assertInvalid(context, "proxystore.stores.cache.redis.database", "2",
                        "spring.data.redis.database"));
    }

    @Test
    void anUntrustablePackageFailsNamingTheProperty() {
        runner.withPropertyValues("proxystore.serializer.trusted-packages=java")
                .run(context -> assertInvalid(context, "proxystore.serializer.trusted-packages", "java", "java"));
    }

    @Test
    void storeBeansWithTheSameStoreNameAreRefused() {
        runner.withUserConfiguration(TwoStoresNamedAlikeConfiguration.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(causeOfType(context.getStartupFailure(), IllegalStateException.class))
                    .hasMessageContaining("'first'").hasMessageContaining("'second'")
                    .hasMessageContaining("are both named 'same'");
        });
    }

    static void assertInvalid(AssertableApplicationContext context, String property, String value, String reason) {
        assertThat(context).hasFailed();
        InvalidConfigurationPropertyValueException invalid =
                causeOfType(context.getStartupFailure(), InvalidConfigurationPropertyValueException.class);
        assertThat(invalid).as("an InvalidConfigurationPropertyValueException in %s", context.getStartupFailure())
                .isNotNull()
                .hasMessageContaining("Property " + property + " with value '" + value + "' is invalid")
                .hasMessageContaining(reason);
        assertThat(invalid.getName()).isEqualTo(property);
    }

    static <E extends Throwable> E causeOfType(Throwable failure, Class<E> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }

    /** A value class of the "application". */
    public static class Point {
        public int x;
        public int y;

        Point() {
        }

        Point(int x, int y) {
            this.x = x;
            this.y = y;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Point p && p.x == x && p.y == y;
        }

        @Override
        public int hashCode() {
            return 31 * x + y;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserStoreConfiguration {

        @Bean
        Store myStore() {
            return new Store("mine", new LocalConnector());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserStoreNamedSmallConfiguration {

        @Bean
        Store small() {
            return Store.builder("small", new LocalConnector()).cacheSize(7).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoStoresNamedAlikeConfiguration {

        @Bean
        Store first() {
            return new Store("same", new LocalConnector());
        }

        @Bean
        Store second() {
            return new Store("same", new LocalConnector());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserRegistryConfiguration {

        @Bean
        StoreRegistry myRegistry() {
            return StoreRegistry.create();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserSerializerConfiguration {

        static final Serializer SERIALIZER = dev.proxystore.serialize.DefaultSerializer.create();

        @Bean
        Serializer mySerializer() {
            return SERIALIZER;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @org.springframework.boot.autoconfigure.AutoConfigurationPackage
    static class ApplicationPackagesConfiguration {
    }
}
