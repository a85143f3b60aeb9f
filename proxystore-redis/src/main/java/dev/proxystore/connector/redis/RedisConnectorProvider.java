package dev.proxystore.connector.redis;

import dev.proxystore.connector.Connector;
import dev.proxystore.connector.ConnectorConfig;
import dev.proxystore.connector.ConnectorLimits;
import dev.proxystore.connector.ConnectorProvider;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Creates {@link RedisConnector}s of type {@value RedisConnector#TYPE} that own their connection factory, from the
 * options {@link RedisConnector#config()} writes: {@code key-prefix} (required); one of {@code host} (with optional
 * {@code port}, {@code database}), {@code cluster-nodes} ({@code host:port,...}) or {@code sentinel-master} with
 * {@code sentinel-nodes} (optional {@code database}); optional {@code ssl} and {@code timeout-ms}. The password is
 * never an option: it comes from this side's system property {@value RedisConnector#PASSWORD_PROPERTY} or
 * environment variable {@value RedisConnector#PASSWORD_ENV}.
 */
public final class RedisConnectorProvider implements ConnectorProvider {

    private static final int DEFAULT_PORT = 6379;
    private static final int DEFAULT_SENTINEL_PORT = 26379;

    private static final Set<String> KNOWN_OPTIONS = Set.of(RedisLocation.KEY_PREFIX, RedisLocation.HOST,
            RedisLocation.PORT, RedisLocation.DATABASE, RedisLocation.CLUSTER_NODES, RedisLocation.SENTINEL_MASTER,
            RedisLocation.SENTINEL_NODES, RedisLocation.SSL, RedisLocation.TIMEOUT_MS);

    @Override
    public String type() {
        return RedisConnector.TYPE;
    }

    /**
     * @throws IllegalArgumentException for another type, unknown options, bad values or no server location
     * @throws IllegalStateException if spring-data-redis or lettuce-core (optional dependencies) are missing
     */
    @Override
    public Connector create(ConnectorConfig config) {
        return build(config, null);
    }

    /**
     * {@inheritDoc} Every server the config names (the host, each cluster seed node, each Sentinel) must be allowed;
     * the timeout is capped. The password from this side's environment is therefore only ever sent to servers the
     * receiver allowed.
     */
    @Override
    public void check(ConnectorConfig config, ConnectorLimits limits) {
        Objects.requireNonNull(limits, "limits");
        checkOptions(config);
        checkServers(config.options(), limits);
    }

    /** {@inheritDoc} The timeout is capped at the limits' maximum. */
    @Override
    public Connector create(ConnectorConfig config, ConnectorLimits limits) {
        return build(config, Objects.requireNonNull(limits, "limits"));
    }

    private Connector build(ConnectorConfig config, @Nullable ConnectorLimits limits) {
        checkOptions(config);
        requireOnClasspath("org.springframework.data.redis.connection.RedisConnectionFactory", "spring-data-redis");
        requireOnClasspath("io.lettuce.core.RedisClient", "lettuce-core");
        Map<String, String> options = config.options();
        if (limits != null) {
            checkServers(options, limits);
        }
        String keyPrefix = options.get(RedisLocation.KEY_PREFIX);
        if (keyPrefix == null || keyPrefix.isEmpty()) {
            throw new IllegalArgumentException("redis connector option key-prefix is required");
        }
        RedisConnector.Builder builder = RedisConnector.builder(keyPrefix);

        String host = options.get(RedisLocation.HOST);
        String clusterNodes = options.get(RedisLocation.CLUSTER_NODES);
        String sentinelMaster = options.get(RedisLocation.SENTINEL_MASTER);
        String sentinelNodes = options.get(RedisLocation.SENTINEL_NODES);
        int locations = (host != null ? 1 : 0) + (clusterNodes != null ? 1 : 0) + (sentinelMaster != null ? 1 : 0);
        if (locations != 1) {
            throw new IllegalArgumentException("redis connector options need exactly one of host, cluster-nodes or"
                    + " sentinel-master; got " + new TreeSet<>(options.keySet())
                    + " (a connector on a non-Lettuce connection factory cannot describe its server)");
        }
        if (host != null) {
            builder.host(host);
            if (options.containsKey(RedisLocation.PORT)) {
                builder.port(parseInt(options, RedisLocation.PORT));
            }
        } else if (options.containsKey(RedisLocation.PORT)) {
            throw new IllegalArgumentException("redis connector option port needs host");
        }
        if (clusterNodes != null) {
            builder.clusterNodes(Arrays.asList(clusterNodes.split(",")));
        }
        if (sentinelMaster != null) {
            if (sentinelNodes == null) {
                throw new IllegalArgumentException("redis connector option sentinel-master needs sentinel-nodes");
            }
            builder.sentinel(sentinelMaster, Arrays.asList(sentinelNodes.split(",")));
        } else if (sentinelNodes != null) {
            throw new IllegalArgumentException("redis connector option sentinel-nodes needs sentinel-master");
        }
        if (options.containsKey(RedisLocation.DATABASE)) {
            int database = parseInt(options, RedisLocation.DATABASE);
            if (clusterNodes != null && database != 0) {
                throw new IllegalArgumentException("Redis Cluster has only database 0");
            }
            builder.database(database);
        }
        if (options.containsKey(RedisLocation.SSL)) {
            builder.ssl(parseBoolean(options, RedisLocation.SSL));
        }
        Duration timeout = options.containsKey(RedisLocation.TIMEOUT_MS)
                ? Duration.ofMillis(parseLong(options, RedisLocation.TIMEOUT_MS)) : RedisConnector.Builder.DEFAULT_TIMEOUT;
        if (limits != null) {
            timeout = limits.timeout(timeout);
        }
        if (limits != null || options.containsKey(RedisLocation.TIMEOUT_MS)) {
            builder.timeout(timeout);
        }
        return builder.build();
    }

    private static void checkOptions(ConnectorConfig config) {
        if (!RedisConnector.TYPE.equals(config.type())) {
            throw new IllegalArgumentException("not a redis connector config: type " + config.type());
        }
        Set<String> unknown = new TreeSet<>(config.options().keySet());
        unknown.removeAll(KNOWN_OPTIONS);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown redis connector options " + unknown + "; known: "
                    + new TreeSet<>(KNOWN_OPTIONS));
        }
    }

    private static void checkServers(Map<String, String> options, ConnectorLimits limits) {
        String host = options.get(RedisLocation.HOST);
        if (host != null) {
            int port = options.containsKey(RedisLocation.PORT) ? parseInt(options, RedisLocation.PORT) : DEFAULT_PORT;
            checkServer(host, port, host + ":" + port, limits);
        }
        checkNodes(options.get(RedisLocation.CLUSTER_NODES), DEFAULT_PORT, limits);
        checkNodes(options.get(RedisLocation.SENTINEL_NODES), DEFAULT_SENTINEL_PORT, limits);
    }

    private static void checkNodes(@Nullable String nodes, int defaultPort, ConnectorLimits limits) {
        if (nodes == null) {
            return;
        }
        for (String node : nodes.split(",")) {
            String trimmed = node.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            String nodeHost = trimmed;
            String port = null;
            int close = trimmed.startsWith("[") ? trimmed.indexOf(']') : -1;
            if (close > 0) {
                nodeHost = trimmed.substring(1, close);
                port = trimmed.startsWith(":", close + 1) ? trimmed.substring(close + 2) : null;
            } else if (trimmed.indexOf(':') > 0 && trimmed.indexOf(':') == trimmed.lastIndexOf(':')) {
                nodeHost = trimmed.substring(0, trimmed.indexOf(':'));
                port = trimmed.substring(trimmed.indexOf(':') + 1);
            }
            try {
                checkServer(nodeHost, port == null ? defaultPort : Integer.parseInt(port), trimmed, limits);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid redis node '" + trimmed + "'", e);
            }
        }
    }

    private static void checkServer(String host, int port, String named, ConnectorLimits limits) {
        if (!limits.allowsServer(host, port)) {
            throw new IllegalArgumentException("the redis server " + named + " is not an allowed server");
        }
    }

    // this class loads without the optional dependencies, so type() works for every ServiceLoader user
    private static void requireOnClasspath(String className, String artifact) {
        try {
            Class.forName(className, false, RedisConnectorProvider.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException("the redis connector needs " + artifact + " on the classpath", e);
        }
    }

    private static int parseInt(Map<String, String> options, String name) {
        long value = parseLong(options, name);
        if (value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("redis connector option " + name + " out of range: " + value);
        }
        return (int) value;
    }

    private static long parseLong(Map<String, String> options, String name) {
        String value = option(options, name);
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed < 0) {
                throw new IllegalArgumentException("redis connector option " + name + " must not be negative: " + value);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("redis connector option " + name + " is not a number: " + value, e);
        }
    }

    private static boolean parseBoolean(Map<String, String> options, String name) {
        String value = option(options, name).trim();
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException("redis connector option " + name + " is not true or false: " + value);
    }

    /** An option the caller has seen in {@code options}. */
    private static String option(Map<String, String> options, String name) {
        return Objects.requireNonNull(options.get(name), () -> "redis connector option " + name + " is missing");
    }
}
