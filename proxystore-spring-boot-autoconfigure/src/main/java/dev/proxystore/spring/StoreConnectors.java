package dev.proxystore.spring;

import dev.proxystore.connector.Connector;
import dev.proxystore.connector.ConnectorConfig;
import dev.proxystore.connector.Connectors;
import dev.proxystore.connector.FileConnector;
import dev.proxystore.connector.LocalConnector;
import dev.proxystore.connector.multi.MultiConnector;
import dev.proxystore.connector.multi.Policy;
import dev.proxystore.spring.ProxyStoreProperties.ConnectorProperties;
import dev.proxystore.spring.ProxyStoreProperties.ConnectorType;
import dev.proxystore.spring.ProxyStoreProperties.Route;
import dev.proxystore.spring.ProxyStoreProperties.StoreProperties;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.ClassUtils;
import org.springframework.util.unit.DataSize;

/**
 * Creates the connector of a store from its properties: the built-in types with their builders, any other type
 * through the {@link dev.proxystore.connector.ConnectorProvider}s that {@link Connectors} finds. The builders check the values; a value they
 * refuse becomes an {@link InvalidConfigurationPropertyValueException} naming the property, and only what a builder
 * cannot know (settings that do not fit together, a missing library) is checked here.
 */
final class StoreConnectors {

    private static final String REDIS_CONNECTION_FACTORY =
            "org.springframework.data.redis.connection.RedisConnectionFactory";
    private static final String LETTUCE_CLIENT = "io.lettuce.core.RedisClient";
    private static final String REDIS_CONNECTOR = "dev.proxystore.connector.redis.RedisConnector";

    private final ConfigurableListableBeanFactory beanFactory;
    private final boolean localOnly;

    /** With {@code localOnly}, every store gets a local connector whatever its connector setting says. */
    StoreConnectors(ConfigurableListableBeanFactory beanFactory, boolean localOnly) {
        this.beanFactory = beanFactory;
        this.localOnly = localOnly;
    }

    /** A new connector for the store {@code store}; the caller closes it. */
    Connector create(String store, StoreProperties properties) {
        if (localOnly) {
            return new LocalConnector();
        }
        if (ConnectorType.MULTI.equals(type(properties))) {
            return multi(store, properties);
        }
        if (!properties.getMulti().isEmpty()) {
            throw new InvalidConfigurationPropertyValueException(StoreDeclarations.property(store, "multi"),
                    properties.getMulti().keySet(), "Routes apply to multi stores only: set "
                            + StoreDeclarations.property(store, "connector") + " to multi, or remove the routes.");
        }
        return connector(store, "", properties);
    }

    /** The connector type: a built-in one however spelled ({@code LOCAL}, {@code LocalConnector}), else as given. */
    private static String type(ConnectorProperties settings) {
        String canonical = Connectors.canonicalType(settings.getConnector());
        return ConnectorType.BUILT_IN.contains(canonical) ? canonical : settings.getConnector();
    }

    private Connector connector(String store, String at, ConnectorProperties settings) {
        String type = type(settings);
        if (!settings.getOptions().isEmpty() && ConnectorType.BUILT_IN.contains(type)) {
            throw new InvalidConfigurationPropertyValueException(StoreDeclarations.property(store, at + "options"),
                    settings.getOptions().keySet(), "Options apply to connector types of a ConnectorProvider only;"
                            + " a " + type + " connector takes its settings under "
                            + StoreDeclarations.property(store, at + type) + ".");
        }
        return switch (type) {
            case ConnectorType.LOCAL -> new LocalConnector();
            case ConnectorType.FILE -> file(store, at, settings);
            case ConnectorType.REDIS -> {
                checkRedisClasspath(store, at, settings);
                // a separate class, so that Spring Data Redis is loaded only when a redis store exists
                yield RedisStoreConnectors.create(beanFactory, store, at, settings.getRedis());
            }
            default -> provided(store, at, settings);
        };
    }

    private static Connector file(String store, String at, ConnectorProperties settings) {
        Path directory = settings.getFile().getDirectory();
        if (directory == null) {
            String property = StoreDeclarations.property(store, at + "file.directory");
            throw new InvalidConfigurationPropertyValueException(property, null,
                    (at.isEmpty() ? "A file store" : "A file route") + " needs a directory: set " + property + ".");
        }
        return new FileConnector(directory);
    }

    private static Connector provided(String store, String at, ConnectorProperties settings) {
        String type = type(settings);
        if (ConnectorType.MULTI.equals(type)) {
            throw new InvalidConfigurationPropertyValueException(StoreDeclarations.property(store, at + "connector"),
                    type, "A route cannot be a multi connector itself.");
        }
        if (!Connectors.types().contains(type) && !Connectors.types().contains(Connectors.canonicalType(type))) {
            Set<String> known = new TreeSet<>(Connectors.types());
            known.addAll(ConnectorType.BUILT_IN);
            if (!at.isEmpty()) {
                known.remove(ConnectorType.MULTI);
            }
            throw new InvalidConfigurationPropertyValueException(StoreDeclarations.property(store, at + "connector"),
                    type, "Unknown connector type. Use one of: " + String.join(", ", known)
                            + " (other types come from a ConnectorProvider on the class path).");
        }
        return valid(StoreDeclarations.property(store, at + "options"), settings.getOptions(),
                () -> Connectors.create(new ConnectorConfig(type, settings.getOptions())));
    }

    private Connector multi(String store, StoreProperties properties) {
        if (properties.getMulti().isEmpty()) {
            throw new InvalidConfigurationPropertyValueException(StoreDeclarations.property(store, "multi"), null,
                    "A multi store needs at least one route: set "
                            + StoreDeclarations.property(store, "multi.<label>.connector") + ".");
        }
        MultiConnector.Builder builder = MultiConnector.builder();
        List<Connector> opened = new ArrayList<>();
        try {
            for (Map.Entry<String, Route> entry : properties.getMulti().entrySet()) {
                String label = entry.getKey();
                Route route = entry.getValue();
                String at = "multi." + label + ".";
                DataSize max = route.getMaxSize();
                Policy sized = valid(StoreDeclarations.property(store, at + (max == null ? "min-size" : "max-size")),
                        max == null ? route.getMinSize() : max, () -> Policy.any().withSize(route.getMinSize().toBytes(),
                                max == null ? Long.MAX_VALUE : max.toBytes()));
                Policy tagged = valid(StoreDeclarations.property(store, at + "tags"), route.getTags(),
                        () -> sized.withTags(route.getTags()));
                Policy superset = valid(StoreDeclarations.property(store, at + "superset-tags"),
                        route.getSupersetTags(), () -> tagged.withSupersetTags(route.getSupersetTags()));
                String hostPattern = route.getHostPattern();
                Policy policy = (hostPattern == null ? superset
                        : valid(StoreDeclarations.property(store, at + "host-pattern"), hostPattern,
                                () -> superset.withHostPatterns(hostPattern))).withPriority(route.getPriority());
                if (!policy.validOnHost()) {
                    // dormant on this host: described, never created
                    ConnectorConfig described = describe(store, at, route);
                    valid(StoreDeclarations.property(store, "multi"), label,
                            () -> builder.route(label, described, policy));
                    continue;
                }
                Connector connector = connector(store, at, route);
                opened.add(connector);
                valid(StoreDeclarations.property(store, "multi"), label, () -> builder.route(label, connector, policy));
            }
            return builder.build();
        } catch (RuntimeException e) {
            for (Connector connector : opened) {
                try {
                    connector.close();
                } catch (RuntimeException closing) {
                    e.addSuppressed(closing);
                }
            }
            throw e;
        }
    }

    /**
     * The config of a route that is dormant on this host, from its properties, without creating its connector: what
     * re-creates it on a host it matches. A redis route on the application's connection carries its key prefix only.
     */
    private static ConnectorConfig describe(String store, String at, ConnectorProperties settings) {
        String type = type(settings);
        return switch (type) {
            case ConnectorType.LOCAL -> new ConnectorConfig(ConnectorType.LOCAL, Map.of());
            case ConnectorType.FILE -> {
                Path directory = settings.getFile().getDirectory();
                if (directory == null) {
                    String property = StoreDeclarations.property(store, at + "file.directory");
                    throw new InvalidConfigurationPropertyValueException(property, null,
                            "A file route needs a directory: set " + property + ".");
                }
                yield new ConnectorConfig(ConnectorType.FILE,
                        Map.of("directory", directory.toAbsolutePath().normalize().toString()));
            }
            case ConnectorType.REDIS -> new ConnectorConfig(ConnectorType.REDIS, redisOptions(store, settings));
            case ConnectorType.MULTI -> throw new InvalidConfigurationPropertyValueException(
                    StoreDeclarations.property(store, at + "connector"), type,
                    "A route cannot be a multi connector itself.");
            default -> new ConnectorConfig(type, settings.getOptions());
        };
    }

    /** The options a redis connector's config has for these settings (see RedisConnectorProvider). */
    private static Map<String, String> redisOptions(String store, ConnectorProperties settings) {
        ProxyStoreProperties.Redis redis = settings.getRedis();
        Map<String, String> options = new LinkedHashMap<>();
        options.put("key-prefix", redis.getKeyPrefix() != null ? redis.getKeyPrefix() : "proxystore:" + store + ":");
        if (redis.getHost() != null) {
            options.put("host", redis.getHost());
        }
        if (redis.getPort() != null) {
            options.put("port", Integer.toString(redis.getPort()));
        }
        if (redis.getDatabase() != null) {
            options.put("database", Integer.toString(redis.getDatabase()));
        }
        if (redis.getTimeout() != null) {
            options.put("timeout-ms", Long.toString(redis.getTimeout().toMillis()));
        }
        return options;
    }

    private void checkRedisClasspath(String store, String at, ConnectorProperties settings) {
        ClassLoader classLoader = beanFactory.getBeanClassLoader();
        String property = StoreDeclarations.property(store, at + "connector");
        if (!ClassUtils.isPresent(REDIS_CONNECTOR, classLoader)) {
            throw new InvalidConfigurationPropertyValueException(property, ConnectorType.REDIS,
                    "A redis store needs the ProxyStore Redis connector on the classpath: add"
                            + " dev.proxystore:proxystore-redis (and org.springframework.boot:"
                            + "spring-boot-starter-data-redis for the application's connection).");
        }
        if (!ClassUtils.isPresent(REDIS_CONNECTION_FACTORY, classLoader)) {
            throw new InvalidConfigurationPropertyValueException(property, ConnectorType.REDIS,
                    "A redis store needs Spring Data Redis on the classpath: add"
                            + " org.springframework.boot:spring-boot-starter-data-redis.");
        }
        if (settings.getRedis().ownServer() && !ClassUtils.isPresent(LETTUCE_CLIENT, classLoader)) {
            throw new InvalidConfigurationPropertyValueException(StoreDeclarations.property(store, at + "redis.host"),
                    settings.getRedis().getHost(),
                    "A redis store with its own host or port connects with Lettuce: add io.lettuce:lettuce-core.");
        }
    }

    /**
     * What {@code action} returns; an {@link IllegalArgumentException} from it (a builder refusing a value) becomes
     * an {@link InvalidConfigurationPropertyValueException} for {@code property}.
     */
    static <T> T valid(String property, @Nullable Object value, Supplier<T> action) {
        try {
            return action.get();
        } catch (IllegalArgumentException e) {
            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
            throw new InvalidConfigurationPropertyValueException(property, value,
                    reason.endsWith(".") ? reason : reason + ".", e);
        }
    }
}
