package dev.proxystore.spring;

import static dev.proxystore.spring.StoreConnectors.valid;

import dev.proxystore.connector.Connector;
import dev.proxystore.connector.redis.RedisConnector;
import dev.proxystore.spring.ProxyStoreProperties.Redis;
import dev.proxystore.spring.ProxyStoreProperties.Redis.Connection;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.ClassUtils;

/**
 * Creates the connectors of redis stores. The only class of this module that refers to Spring Data Redis, and it is
 * loaded only when a redis store is created, so applications without Spring Data Redis never load it.
 */
final class RedisStoreConnectors {

    private static final String LETTUCE_CLIENT = "io.lettuce.core.RedisClient";
    private static final String JEDIS_CLIENT = "redis.clients.jedis.Jedis";
    private static final String BOOT_CONNECTION_DETAILS =
            "org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails";

    private RedisStoreConnectors() {
    }

    /**
     * A connector on the store's own connections when it sets a host or port; else to the server of the application's
     * {@link RedisConnectionFactory}, on connections of its own ({@link Connection#OWN}, the default where the factory
     * connects to one standalone server without TLS) or through the factory. The store's bean is then registered as
     * depending on the factory, so the store closes before it. {@code at} is where the settings are below the
     * store's properties ({@code ""} or {@code multi.<label>.}).
     */
    static Connector create(ConfigurableListableBeanFactory beanFactory, String store, String at, Redis redis) {
        String keyPrefix = redis.getKeyPrefix() != null ? redis.getKeyPrefix() : "proxystore:" + store + ":";
        if (redis.ownServer()) {
            if (redis.getConnection() == Connection.APPLICATION) {
                throw new InvalidConfigurationPropertyValueException(property(store, at, "connection"),
                        Connection.APPLICATION, "A store with its own " + property(store, at, "host") + " or "
                                + property(store, at, "port") + " does not use the application's connection: remove"
                                + " one or the other.");
            }
            RedisConnector.Builder builder =
                    valid(property(store, at, "key-prefix"), keyPrefix, () -> RedisConnector.builder(keyPrefix));
            String host = redis.getHost();
            if (host != null) {
                valid(property(store, at, "host"), host, () -> builder.host(host));
            }
            Integer port = redis.getPort();
            if (port != null) {
                valid(property(store, at, "port"), port, () -> builder.port(port));
            }
            Integer database = redis.getDatabase();
            if (database != null) {
                valid(property(store, at, "database"), database, () -> builder.database(database));
            }
            Duration timeout = redis.getTimeout();
            if (timeout != null) {
                valid(property(store, at, "timeout"), timeout, () -> builder.timeout(timeout));
            }
            return valid(property(store, at, "key-prefix"), keyPrefix, builder::build);
        }
        ownConnectionOnly(store, at, "database", redis.getDatabase(), "spring.data.redis.database");
        RedisConnectionFactory factory = beanFactory.getBeanProvider(RedisConnectionFactory.class).getIfUnique();
        if (factory == null) {
            String[] names = beanFactory.getBeanNamesForType(RedisConnectionFactory.class);
            throw new InvalidConfigurationPropertyValueException(
                    StoreDeclarations.property(store, at + "connector"), "redis",
                    (names.length == 0 ? "No RedisConnectionFactory bean exists" : "Several"
                            + " RedisConnectionFactory beans exist and none is primary") + ". Add"
                            + " spring-boot-starter-data-redis and configure spring.data.redis.*, or give the store"
                            + " its own connection with " + property(store, at, "host") + " and "
                            + property(store, at, "port") + ".");
        }
        for (String name : beanFactory.getBeanNamesForType(RedisConnectionFactory.class)) {
            if (beanFactory.containsSingleton(name) && beanFactory.getSingleton(name) == factory
                    && beanFactory.containsBean(store)) {
                beanFactory.registerDependentBean(name, store);
            }
        }
        StandaloneServer server = StandaloneServer.of(factory, beanFactory);
        if (redis.getConnection() == Connection.OWN && server == null) {
            throw new InvalidConfigurationPropertyValueException(property(store, at, "connection"), Connection.OWN,
                    "The application's " + factory.getClass().getSimpleName() + " does not connect to one standalone"
                            + " server without TLS (it uses Sentinel, Cluster, TLS, a Unix socket or replicas), so the"
                            + " store cannot open connections of its own to it. Use connection: application, or give"
                            + " the store its own " + property(store, at, "host") + " and "
                            + property(store, at, "port") + ".");
        }
        if (server != null && redis.getConnection() != Connection.APPLICATION) {
            Duration timeout = redis.getTimeout() != null ? redis.getTimeout() : server.timeout();
            RedisConnector.Builder builder = valid(property(store, at, "timeout"), timeout,
                    () -> RedisConnector.builder(keyPrefix).timeout(timeout));
            builder.host(server.host()).port(server.port()).database(server.database())
                    .username(server.username()).password(server.password()).credentialsFromEnvironment(false);
            return valid(property(store, at, "key-prefix"), keyPrefix, builder::build);
        }
        Duration timeout = redis.getTimeout() != null ? redis.getTimeout() : defaultTimeout(factory);
        if (timeout == null) {
            return valid(property(store, at, "key-prefix"), keyPrefix, () -> new RedisConnector(factory, keyPrefix));
        }
        if (!isLettuce(factory)) {
            throw new InvalidConfigurationPropertyValueException(property(store, at, "timeout"), timeout,
                    "A store on the application's " + factory.getClass().getSimpleName() + " cannot enforce a"
                            + " timeout of its own. Set spring.data.redis.timeout instead, or give the store its own"
                            + " connection with " + property(store, at, "host") + " and " + property(store, at, "port")
                            + ".");
        }
        valid(property(store, at, "timeout"), timeout, () -> RedisConnector.builder(keyPrefix).timeout(timeout));
        return valid(property(store, at, "key-prefix"), keyPrefix,
                () -> new RedisConnector(factory, keyPrefix, timeout));
    }

    /**
     * The one standalone server without TLS that the application's factory connects to, as a store's own connections
     * reach it; {@code null} for anything else (Sentinel, Cluster, TLS, a Unix socket, replicas, a factory of another
     * kind).
     *
     * @param timeout the shorter of the factory's command (Lettuce) or read (Jedis) timeout and
     *     {@link RedisConnector.Builder#DEFAULT_TIMEOUT}
     */
    record StandaloneServer(String host, int port, int database, @Nullable String username,
            @Nullable String password, Duration timeout) {

        static @Nullable StandaloneServer of(RedisConnectionFactory factory,
                ConfigurableListableBeanFactory beanFactory) {
            if (!ClassUtils.isPresent(LETTUCE_CLIENT, RedisStoreConnectors.class.getClassLoader())
                    || bootConfiguresAnotherTopology(beanFactory)) {
                return null;
            }
            @Nullable RedisStandaloneConfiguration standalone;
            long timeoutMillis;
            if (factory instanceof LettuceConnectionFactory lettuce) {
                if (lettuce.getSentinelConfiguration() != null || lettuce.getClusterConfiguration() != null
                        || lettuce.getSocketConfiguration() != null || lettuce.isUseSsl()
                        || lettuce.getClientConfiguration().getReadFrom().isPresent()
                        || lettuce.getClientConfiguration().getRedisCredentialsProviderFactory().isPresent()) {
                    return null;
                }
                standalone = lettuce.getStandaloneConfiguration();
                // a factory made from another RedisConfiguration (a URI, master/replica) keeps a default standalone
                // configuration beside it: its getters tell the server it really uses
                if (!lettuce.getHostName().equals(standalone.getHostName()) || lettuce.getPort() != standalone.getPort()
                        || lettuce.getDatabase() != standalone.getDatabase()
                        || !Objects.equals(lettuce.getPassword(), password(standalone))) {
                    return null;
                }
                timeoutMillis = lettuce.getTimeout();
            } else if (ClassUtils.isPresent(JEDIS_CLIENT, RedisStoreConnectors.class.getClassLoader())
                    && factory instanceof JedisConnectionFactory jedis) {
                if (jedis.isRedisSentinelAware() || jedis.isRedisClusterAware() || jedis.isUseSsl()) {
                    return null;
                }
                standalone = jedis.getStandaloneConfiguration();
                timeoutMillis = jedis.getTimeout();
            } else {
                return null;
            }
            if (standalone == null) {
                return null;
            }
            Duration timeout = timeoutMillis <= 0 ? RedisConnector.Builder.DEFAULT_TIMEOUT
                    : atMostDefault(Duration.ofMillis(timeoutMillis));
            return new StandaloneServer(standalone.getHostName(), standalone.getPort(), standalone.getDatabase(),
                    standalone.getUsername(), password(standalone), timeout);
        }

        private static @Nullable String password(RedisStandaloneConfiguration standalone) {
            return standalone.getPassword().map(String::new).orElse(null);
        }

        /** Whether Spring Boot's connection details name Sentinels, cluster nodes or a master with replicas. */
        private static boolean bootConfiguresAnotherTopology(ConfigurableListableBeanFactory beanFactory) {
            if (!ClassUtils.isPresent(BOOT_CONNECTION_DETAILS, RedisStoreConnectors.class.getClassLoader())) {
                return false;
            }
            DataRedisConnectionDetails details =
                    beanFactory.getBeanProvider(DataRedisConnectionDetails.class).getIfUnique();
            return details != null && (details.getSentinel() != null || details.getCluster() != null
                    || details.getMasterReplica() != null);
        }

        @Override
        public String toString() {
            return "StandaloneServer[" + host + ":" + port + "/" + database + "]";
        }
    }

    private static boolean isLettuce(RedisConnectionFactory factory) {
        return ClassUtils.isPresent(LETTUCE_CLIENT, RedisStoreConnectors.class.getClassLoader())
                && factory instanceof LettuceConnectionFactory;
    }

    /**
     * On a Lettuce factory, the shorter of its command timeout and {@link RedisConnector.Builder#DEFAULT_TIMEOUT}, so a
     * store does not inherit Lettuce's 60 s; {@code null} (the factory's own timeouts) for other drivers.
     */
    private static @Nullable Duration defaultTimeout(RedisConnectionFactory factory) {
        if (!isLettuce(factory)) {
            return null;
        }
        return atMostDefault(Duration.ofMillis(((LettuceConnectionFactory) factory).getTimeout()));
    }

    /** The shorter of a factory's {@code timeout} and {@link RedisConnector.Builder#DEFAULT_TIMEOUT}. */
    private static Duration atMostDefault(Duration timeout) {
        return timeout.compareTo(RedisConnector.Builder.DEFAULT_TIMEOUT) < 0 ? timeout
                : RedisConnector.Builder.DEFAULT_TIMEOUT;
    }

    private static void ownConnectionOnly(String store, String at, String setting, @Nullable Object value,
            String applicationProperty) {
        if (value != null) {
            throw new InvalidConfigurationPropertyValueException(property(store, at, setting), value,
                    "The " + setting + " applies to the store's own connection only: set " + property(store, at, "host")
                            + " or " + property(store, at, "port") + " too, or choose the " + setting + " with "
                            + applicationProperty + ".");
        }
    }

    private static String property(String store, String at, String setting) {
        return StoreDeclarations.property(store, at + "redis." + setting);
    }
}
