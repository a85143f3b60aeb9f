package dev.proxystore.spring;

import static dev.proxystore.spring.ProxyStoreAutoConfigurationTests.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proxystore.connector.ConnectorException;
import dev.proxystore.connector.redis.RedisConnector;
import dev.proxystore.lifetime.StaticLifetime;
import dev.proxystore.store.Key;
import dev.proxystore.store.Store;
import dev.proxystore.store.StoreRegistry;
import dev.proxystore.testing.JavaSerialization;
import dev.proxystore.testing.RedisServerExtension;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.SocketOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisSentinelConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

class RedisStoreTests {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
                    ProxyStoreAutoConfiguration.class));

    private ApplicationContextRunner withBootRedis() {
        return runner.withPropertyValues("spring.data.redis.host=127.0.0.1",
                "spring.data.redis.port=" + REDIS.port(), "spring.data.redis.timeout=2s");
    }

    @Test
    void aRedisStoreUsesTheApplicationsConnectionFactory() {
        withBootRedis().withPropertyValues("proxystore.stores.cache.connector=redis").run(context -> {
            assertThat(context).hasNotFailed();
            Store store = context.getBean("cache", Store.class);
            assertThat(store.connector()).isInstanceOf(RedisConnector.class);
            assertThat(store.config().connector().type()).isEqualTo("redis");
            assertThat(store.config().connector().options())
                    .containsEntry("host", "127.0.0.1")
                    .containsEntry("port", Integer.toString(REDIS.port()))
                    .containsEntry("key-prefix", "proxystore:cache:")
                    .containsEntry("timeout-ms", "2000");
            Key<String> key = store.put("in redis");
            assertThat(REDIS.server().call("EXISTS", "proxystore:cache:" + key.id())).isEqualTo(1L);
            assertThat(store.get(key)).contains("in redis");

            String factory = context.getBeanNamesForType(RedisConnectionFactory.class)[0];
            assertThat(context.getBeanFactory().getDependentBeans(factory))
                    .as("the store closes before the connection factory").contains("cache");
        });
    }

    @Test
    void aProxyDeserializedOnAnotherThreadResolvesFromRedis() {
        withBootRedis().withPropertyValues("proxystore.stores.cache.connector=redis").run(context -> {
            Store store = context.getBean(Store.class);
            List<String> proxy = store.proxy(new ArrayList<>(List.of("x", "y")));
            byte[] bytes = JavaSerialization.serialize(proxy);
            List<String> resolved = CompletableFuture.supplyAsync(() -> {
                List<String> copy = JavaSerialization.deserialize(bytes);
                assertThat(StoreRegistry.global().storeOf(copy)).containsSame(store);
                return List.copyOf(copy);
            }).get(10, TimeUnit.SECONDS);
            assertThat(resolved).containsExactly("x", "y");
        });
    }

    @Test
    void aStoreOnTheApplicationsFactoryWaitsAtMostFiveSecondsUnlessItsTimeoutIsSet() {
        runner.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + REDIS.port(),
                "spring.data.redis.timeout=60s", "proxystore.stores.quick.connector=redis",
                "proxystore.stores.quick.redis.timeout=400ms", "proxystore.stores.plain.connector=redis",
                "proxystore.stores.plain.primary=true").run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean("plain", Store.class).config().connector().options())
                            .as("not Lettuce's 60 s").containsEntry("timeout-ms", "5000");
                    Store quick = context.getBean("quick", Store.class);
                    assertThat(quick.config().connector().options()).containsEntry("timeout-ms", "400");
                    Key<String> key = quick.put("x");

                    REDIS.server().pause(Duration.ofMillis(1500));

                    assertThatThrownBy(() -> quick.exists(key)).isInstanceOf(ConnectorException.class)
                            .hasMessageContaining("timed out after 400 ms");
                });
    }

    @Test
    void onAStandaloneFactoryAStoreTalksOnConnectionsOfItsOwnUnlessToldToUseTheFactory() {
        CountingLettuceFactory auto = new CountingLettuceFactory(REDIS.port());
        onFactory(() -> auto)
                .withPropertyValues("proxystore.stores.cache.connector=redis")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Store store = context.getBean(Store.class);
                    Key<String> key = store.put("own connection");
                    assertThat(store.get(key)).contains("own connection");
                    assertThat(REDIS.server().call("EXISTS", "proxystore:cache:" + key.id())).isEqualTo(1L);
                    store.evict(key);
                    assertThat(auto.connections).as("connections taken from the application's factory").isZero();
                });
        CountingLettuceFactory application = new CountingLettuceFactory(REDIS.port());
        onFactory(() -> application)
                .withPropertyValues("proxystore.stores.cache.connector=redis",
                        "proxystore.stores.cache.redis.connection=application")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Store store = context.getBean(Store.class);
                    assertThat(store.get(store.put("through the factory"))).contains("through the factory");
                    assertThat(application.connections).isPositive();
                });
    }

    @Test
    void aStoresOwnConnectionsUseTheFactorysDatabaseAndCredentials() {
        REDIS.server().call("ACL", "SETUSER", "objects", "on", ">s3cret-pass", "~*", "+@all");
        try {
            withBootRedis().withPropertyValues("spring.data.redis.username=objects",
                    "spring.data.redis.password=s3cret-pass", "spring.data.redis.database=5",
                    "proxystore.stores.cache.connector=redis").run(context -> {
                        assertThat(context).hasNotFailed();
                        Store store = context.getBean(Store.class);
                        Key<String> key = store.put("in database 5");
                        assertThat(store.get(key)).contains("in database 5");
                        assertThat(REDIS.server().call("EVAL",
                                "redis.call('SELECT', 5) return redis.call('EXISTS', KEYS[1])", "1",
                                "proxystore:cache:" + key.id())).isEqualTo(1L);
                        assertThat(store.config().connector().options().toString()).doesNotContain("s3cret-pass");
                        store.evict(key);
                    });
        } finally {
            REDIS.server().call("ACL", "DELUSER", "objects");
        }
    }

    @Test
    void aFactoryMadeFromAnotherKindOfConfigurationKeepsItsStoreOnTheFactory() {
        // the factory's standalone configuration stays at its default (localhost:6379) beside the URI's
        onFactory(() -> new LettuceConnectionFactory(
                        LettuceConnectionFactory.createRedisConfiguration("redis://127.0.0.1:" + REDIS.port() + "/2")))
                .withPropertyValues("proxystore.stores.cache.connector=redis")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Store store = context.getBean(Store.class);
                    Key<String> key = store.put("through the factory");
                    assertThat(store.get(key)).contains("through the factory");
                    assertThat(REDIS.server().call("EVAL",
                            "redis.call('SELECT', 2) return redis.call('EXISTS', KEYS[1])", "1",
                            "proxystore:cache:" + key.id())).isEqualTo(1L);
                });
        withBootRedis().withPropertyValues(
                "spring.data.redis.masterreplica.nodes=127.0.0.1:" + REDIS.port(),
                "proxystore.stores.cache.connector=redis").run(context -> {
                    assertThat(context).hasNotFailed();
                    Store store = context.getBean(Store.class);
                    assertThat(store.get(store.put("master and replicas"))).contains("master and replicas");
                });
    }

    @Test
    void ownConnectionsTakeTheFactorysCredentialsOnlyNotTheEnvironments() {
        System.setProperty(RedisConnector.PASSWORD_PROPERTY, "meant-for-another-server");
        try {
            withBootRedis().withPropertyValues("proxystore.stores.cache.connector=redis").run(context -> {
                assertThat(context).hasNotFailed();
                Store store = context.getBean(Store.class);
                assertThat(store.get(store.put("no AUTH"))).contains("no AUTH");
            });
        } finally {
            System.clearProperty(RedisConnector.PASSWORD_PROPERTY);
        }
    }

    @Test
    void ownConnectionsToAFactoryWithTlsFailNamingTheProperty() {
        onFactory(RedisStoreTests::tlsFactory)
                .withPropertyValues("proxystore.stores.cache.connector=redis",
                        "proxystore.stores.cache.redis.connection=own")
                .run(context -> assertInvalid(context, "proxystore.stores.cache.redis.connection", "OWN",
                        "does not connect to one standalone server without TLS"));
        onFactory(RedisStoreTests::tlsFactory)
                .withPropertyValues("proxystore.stores.cache.connector=redis")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    // through the factory, which speaks TLS to a server that does not
                    assertThatThrownBy(() -> context.getBean(Store.class).put("x"))
                            .isInstanceOf(ConnectorException.class);
                });
    }

    @Test
    void theApplicationsConnectionAndAHostOfItsOwnContradictEachOther() {
        runner.withPropertyValues("proxystore.stores.cache.connector=redis",
                        "proxystore.stores.cache.redis.host=127.0.0.1",
                        "proxystore.stores.cache.redis.connection=application")
                .run(context -> assertInvalid(context, "proxystore.stores.cache.redis.connection", "APPLICATION",
                        "does not use the application's connection"));
    }

    @Test
    void aStoreTimeoutOnAnotherDriversFactoryFailsNamingTheProperty() {
        onFactory(() -> new NotLettuce(new LettuceConnectionFactory()))
                .withPropertyValues("proxystore.stores.cache.connector=redis",
                        "proxystore.stores.cache.redis.timeout=1s")
                .run(context -> assertInvalid(context, "proxystore.stores.cache.redis.timeout", "PT1S",
                        "Set spring.data.redis.timeout instead"));
    }

    @Test
    void aRedisStoreWithItsOwnHostAndPortNeedsNoConnectionFactory() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ProxyStoreAutoConfiguration.class))
                .withPropertyValues(
                        "proxystore.stores.own.connector=redis",
                        "proxystore.stores.own.redis.host=127.0.0.1",
                        "proxystore.stores.own.redis.port=" + REDIS.port(),
                        "proxystore.stores.own.redis.database=3",
                        "proxystore.stores.own.redis.timeout=1500ms",
                        "proxystore.stores.own.redis.key-prefix=app:objects:")
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(RedisConnectionFactory.class);
                    Store store = context.getBean(Store.class);
                    assertThat(store.config().connector().options())
                            .containsEntry("port", Integer.toString(REDIS.port()))
                            .containsEntry("database", "3")
                            .containsEntry("timeout-ms", "1500")
                            .containsEntry("key-prefix", "app:objects:");
                    Key<String> key = store.put("own");
                    assertThat(store.get(key)).contains("own");
                    assertThat((String) REDIS.server().call("INFO", "keyspace")).contains("db3:keys=");
                    assertThat(REDIS.server().call("EVAL", "redis.call('SELECT', 3) return redis.call('EXISTS', KEYS[1])",
                            "1", "app:objects:" + key.id())).isEqualTo(1L);
                    store.evict(key);
                });
    }

    @Test
    void staticObjectsAreEvictedFromRedisBeforeTheConnectionFactoryStops() {
        String[] key = new String[1];
        withBootRedis().withPropertyValues("proxystore.stores.cache.connector=redis").run(context -> {
            Store store = context.getBean(Store.class);
            key[0] = "proxystore:cache:" + store.put("static", StaticLifetime.instance()).id();
            assertThat(REDIS.server().call("EXISTS", key[0])).isEqualTo(1L);
        });
        assertThat(REDIS.server().call("EXISTS", key[0])).isEqualTo(0L);
    }

    @Test
    void aRedisStoreWithoutConnectionFactoryOrHostFailsNamingTheProperty() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ProxyStoreAutoConfiguration.class))
                .withPropertyValues("proxystore.stores.cache.connector=redis")
                .run(context -> assertInvalid(context, "proxystore.stores.cache.connector", "redis",
                        "No RedisConnectionFactory bean exists"));
    }

    @Test
    void aRedisStoreWithoutSpringDataRedisFailsNamingTheProperty() {
        runner.withClassLoader(new FilteredClassLoader("org.springframework.data.redis"))
                .withPropertyValues("proxystore.stores.cache.connector=redis")
                .run(context -> assertInvalid(context, "proxystore.stores.cache.connector", "redis",
                        "spring-boot-starter-data-redis"));
    }

    @Test
    void localStoresWorkWithoutSpringDataRedis() {
        runner.withClassLoader(new FilteredClassLoader("org.springframework.data.redis"))
                .withPropertyValues("proxystore.stores.local.cache-size=2")
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(RedisConnectionFactory.class);
                    Store store = context.getBean(Store.class);
                    assertThat(store.get(store.put("local"))).contains("local");
                });
    }

    /** A connection factory of a driver other than Lettuce, as Jedis' would be. */
    static final class NotLettuce implements RedisConnectionFactory {

        private final RedisConnectionFactory delegate;

        NotLettuce(RedisConnectionFactory delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean getConvertPipelineAndTxResults() {
            return delegate.getConvertPipelineAndTxResults();
        }

        @Override
        public RedisConnection getConnection() {
            return delegate.getConnection();
        }

        @Override
        public RedisClusterConnection getClusterConnection() {
            return delegate.getClusterConnection();
        }

        @Override
        public RedisSentinelConnection getSentinelConnection() {
            return delegate.getSentinelConnection();
        }

        @Override
        public @Nullable DataAccessException translateExceptionIfPossible(RuntimeException ex) {
            return delegate.translateExceptionIfPossible(ex);
        }
    }

    /** A context with ProxyStore's auto-configuration and {@code factory} as the application's connection factory. */
    private static ApplicationContextRunner onFactory(Supplier<RedisConnectionFactory> factory) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ProxyStoreAutoConfiguration.class))
                .withBean(RedisConnectionFactory.class, factory);
    }

    /** A factory that speaks TLS to the test server, which does not; it gives up on it within 300 ms. */
    private static RedisConnectionFactory tlsFactory() {
        return new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", REDIS.port()),
                LettuceClientConfiguration.builder().useSsl().and()
                        .clientOptions(ClientOptions.builder().socketOptions(SocketOptions.builder()
                                .connectTimeout(Duration.ofMillis(300)).build()).build())
                        .commandTimeout(Duration.ofMillis(300)).build());
    }

    /** A Lettuce factory for a standalone server that counts the connections taken from it. */
    static final class CountingLettuceFactory extends LettuceConnectionFactory {

        volatile int connections;

        CountingLettuceFactory(int port) {
            super(new RedisStandaloneConfiguration("127.0.0.1", port));
        }

        @Override
        public RedisConnection getConnection() {
            connections++;
            return super.getConnection();
        }
    }
}
