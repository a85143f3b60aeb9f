package dev.proxystore.spring;

import dev.proxystore.spring.ProxyStoreProperties.ConnectorProperties;
import dev.proxystore.spring.ProxyStoreProperties.ConnectorType;
import dev.proxystore.spring.ProxyStoreProperties.Redis;
import dev.proxystore.spring.ProxyStoreProperties.Route;
import dev.proxystore.spring.ProxyStoreProperties.StoreProperties;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import org.springframework.util.unit.DataSize;

/**
 * The stores declared under {@code proxystore.stores}, bound from the environment and checked: every problem is an
 * {@link InvalidConfigurationPropertyValueException} naming the property, which Boot's failure analysis reports.
 */
final class StoreDefinitions {

    static final String STORES = ProxyStoreProperties.PREFIX + ".stores";

    private static final String REDIS_CONNECTION_FACTORY =
            "org.springframework.data.redis.connection.RedisConnectionFactory";
    private static final String LETTUCE_CLIENT = "io.lettuce.core.RedisClient";
    private static final String REDIS_CONNECTOR = "dev.proxystore.connector.redis.RedisConnector";

    private static final Pattern ROUTE_LABEL = Pattern.compile("[A-Za-z0-9_-]+");

    private StoreDefinitions() {
    }

    /** Whether any store is declared. */
    static boolean declared(Environment environment) {
        return !bind(environment).isEmpty();
    }

    /** The declared stores by name, in declaration order; check each with {@link #validate} before using it. */
    static Map<String, StoreProperties> bind(Environment environment) {
        return Binder.get(environment)
                .bind(STORES, Bindable.mapOf(String.class, StoreProperties.class))
                .map(bound -> (Map<String, StoreProperties>) new LinkedHashMap<>(bound))
                .orElseGet(LinkedHashMap::new);
    }

    /** The property name of a store's setting, for example {@code proxystore.stores.small.cache-size}. */
    static String property(String store, String setting) {
        boolean plain = store.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_');
        return STORES + (plain ? "." + store : "[" + store + "]") + "." + setting;
    }

    static void validate(String name, StoreProperties store, @Nullable ClassLoader classLoader) {
        if (name.isBlank()) {
            throw new InvalidConfigurationPropertyValueException(STORES, name, "Store names must not be blank.");
        }
        if (store.getCacheSize() < 0) {
            throw new InvalidConfigurationPropertyValueException(property(name, "cache-size"), store.getCacheSize(),
                    "The cache size must be 0 (no cache) or more.");
        }
        if (ConnectorType.MULTI.equals(store.getConnector())) {
            validateMulti(name, store, classLoader);
        } else {
            validateConnector(name, "", store, classLoader);
            if (!store.getMulti().isEmpty()) {
                throw new InvalidConfigurationPropertyValueException(property(name, "multi"),
                        store.getMulti().keySet(), "Routes apply to multi stores only: set "
                                + property(name, "connector") + " to multi, or remove the routes.");
            }
        }
    }

    private static void validateMulti(String name, StoreProperties store, @Nullable ClassLoader classLoader) {
        if (store.getMulti().isEmpty()) {
            throw new InvalidConfigurationPropertyValueException(property(name, "multi"), null,
                    "A multi store needs at least one route: set " + property(name, "multi.<label>.connector") + ".");
        }
        for (Map.Entry<String, Route> entry : store.getMulti().entrySet()) {
            String label = entry.getKey();
            Route route = entry.getValue();
            String at = "multi." + label + ".";
            if (!ROUTE_LABEL.matcher(label).matches()) {
                throw new InvalidConfigurationPropertyValueException(property(name, "multi"), label,
                        "Route labels use letters, digits, '-' and '_' only.");
            }
            if (ConnectorType.MULTI.equals(route.getConnector())) {
                throw new InvalidConfigurationPropertyValueException(property(name, at + "connector"),
                        route.getConnector(), "A route cannot be a multi connector itself.");
            }
            validateConnector(name, at, route, classLoader);
            long min = route.getMinSize().toBytes();
            DataSize max = route.getMaxSize();
            if (min < 0) {
                throw new InvalidConfigurationPropertyValueException(property(name, at + "min-size"),
                        route.getMinSize(), "The minimum size must not be negative.");
            }
            if (max != null && max.toBytes() < min) {
                throw new InvalidConfigurationPropertyValueException(property(name, at + "max-size"), max,
                        "The maximum size must not be smaller than min-size (" + route.getMinSize() + ").");
            }
            for (String tag : route.getTags()) {
                if (tag.isBlank() || tag.contains(",") || !tag.strip().equals(tag)) {
                    throw new InvalidConfigurationPropertyValueException(property(name, at + "tags"), tag,
                            "Tags must be non-blank, without commas or surrounding spaces.");
                }
            }
        }
    }

    private static void validateConnector(String name, String at, ConnectorProperties settings,
            @Nullable ClassLoader classLoader) {
        String connector = settings.getConnector();
        switch (connector) {
            case ConnectorType.LOCAL -> {
            }
            case ConnectorType.FILE -> {
                if (settings.getFile().getDirectory() == null) {
                    throw new InvalidConfigurationPropertyValueException(property(name, at + "file.directory"), null,
                            (at.isEmpty() ? "A file store" : "A file route") + " needs a directory: set "
                                    + property(name, at + "file.directory") + ".");
                }
            }
            case ConnectorType.REDIS -> validateRedis(name, at, settings.getRedis(), classLoader);
            default -> throw new InvalidConfigurationPropertyValueException(property(name, at + "connector"),
                    connector, "Unknown connector type. Use one of: local, file, redis"
                            + (at.isEmpty() ? ", multi." : "."));
        }
    }

    private static void validateRedis(String name, String at, Redis redis, @Nullable ClassLoader classLoader) {
        if (!ClassUtils.isPresent(REDIS_CONNECTOR, classLoader)) {
            throw new InvalidConfigurationPropertyValueException(property(name, at + "connector"), ConnectorType.REDIS,
                    "A redis store needs the ProxyStore Redis connector on the classpath: add"
                            + " dev.proxystore:proxystore-redis (and org.springframework.boot:"
                            + "spring-boot-starter-data-redis for the application's connection).");
        }
        if (!ClassUtils.isPresent(REDIS_CONNECTION_FACTORY, classLoader)) {
            throw new InvalidConfigurationPropertyValueException(property(name, at + "connector"), ConnectorType.REDIS,
                    "A redis store needs Spring Data Redis on the classpath: add"
                            + " org.springframework.boot:spring-boot-starter-data-redis.");
        }
        if (redis.getKeyPrefix() != null && redis.getKeyPrefix().isEmpty()) {
            throw new InvalidConfigurationPropertyValueException(property(name, at + "redis.key-prefix"), "",
                    "The key prefix must not be empty.");
        }
        if (redis.ownConnection()) {
            if (!ClassUtils.isPresent(LETTUCE_CLIENT, classLoader)) {
                throw new InvalidConfigurationPropertyValueException(property(name, at + "redis.host"), redis.getHost(),
                        "A redis store with its own host or port connects with Lettuce: add io.lettuce:lettuce-core.");
            }
            if (redis.getHost() != null && redis.getHost().isBlank()) {
                throw new InvalidConfigurationPropertyValueException(property(name, at + "redis.host"), redis.getHost(),
                        "The host must not be blank.");
            }
            Integer port = redis.getPort();
            if (port != null && (port < 1 || port > 65_535)) {
                throw new InvalidConfigurationPropertyValueException(property(name, at + "redis.port"), port,
                        "The port must be between 1 and 65535.");
            }
            Integer database = redis.getDatabase();
            if (database != null && database < 0) {
                throw new InvalidConfigurationPropertyValueException(property(name, at + "redis.database"), database,
                        "The database index must not be negative.");
            }
            if (redis.getTimeout() != null && (redis.getTimeout().isNegative() || redis.getTimeout().isZero())) {
                throw new InvalidConfigurationPropertyValueException(property(name, at + "redis.timeout"),
                        redis.getTimeout(), "The timeout must be positive.");
            }
        } else {
            if (redis.getDatabase() != null) {
                throw new InvalidConfigurationPropertyValueException(property(name, at + "redis.database"),
                        redis.getDatabase(), "The database applies to the store's own connection only: set "
                                + property(name, at + "redis.host") + " or " + property(name, at + "redis.port")
                                + " too, or choose the database with spring.data.redis.database.");
            }
            if (redis.getTimeout() != null) {
                throw new InvalidConfigurationPropertyValueException(property(name, at + "redis.timeout"),
                        redis.getTimeout(), "The timeout applies to the store's own connection only: set "
                                + property(name, at + "redis.host") + " or " + property(name, at + "redis.port")
                                + " too, or choose the timeout with spring.data.redis.timeout.");
            }
        }
    }

    /** The key prefix of a redis store: the configured one or {@code proxystore:<name>:}. */
    static String keyPrefix(String name, Redis redis) {
        String prefix = redis.getKeyPrefix();
        return prefix != null ? prefix : "proxystore:" + name + ":";
    }
}
