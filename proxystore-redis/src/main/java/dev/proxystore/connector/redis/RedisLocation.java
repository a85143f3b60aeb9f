package dev.proxystore.connector.redis;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisNode;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.RedisSocketConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Where a connection factory connects, as {@link dev.proxystore.connector.ConnectorConfig} options and as text for
 * error messages. Reads only addresses, database, TLS flag and timeout: never credentials.
 */
final class RedisLocation {

    static final String HOST = "host";
    static final String PORT = "port";
    static final String DATABASE = "database";
    static final String CLUSTER_NODES = "cluster-nodes";
    static final String SENTINEL_MASTER = "sentinel-master";
    static final String SENTINEL_NODES = "sentinel-nodes";
    static final String SSL = "ssl";
    static final String TIMEOUT_MS = "timeout-ms";
    static final String KEY_PREFIX = "key-prefix";

    private final Map<String, String> options;
    private final String description;

    private RedisLocation(Map<String, String> options, String description) {
        this.options = Map.copyOf(options);
        this.description = description;
    }

    static RedisLocation of(RedisConnectionFactory factory) {
        if (!(factory instanceof LettuceConnectionFactory lettuce)) {
            // other drivers do not expose their configuration; a re-created connector must be told where to connect
            return new RedisLocation(Map.of(), "redis (" + factory.getClass().getName() + ")");
        }
        Map<String, String> options = new LinkedHashMap<>();
        String description;
        RedisClusterConfiguration cluster = lettuce.getClusterConfiguration();
        RedisSentinelConfiguration sentinel = lettuce.getSentinelConfiguration();
        RedisSocketConfiguration socket = lettuce.getSocketConfiguration();
        if (cluster != null) {
            String nodes = join(cluster.getClusterNodes());
            options.put(CLUSTER_NODES, nodes);
            description = "redis cluster " + nodes;
        } else if (sentinel != null) {
            String master = sentinel.getRequiredMaster().getName();
            String nodes = join(sentinel.getSentinels());
            options.put(SENTINEL_MASTER, master);
            options.put(SENTINEL_NODES, nodes);
            options.put(DATABASE, Integer.toString(lettuce.getDatabase()));
            description = "redis sentinel " + master + "@" + nodes;
        } else if (socket != null) {
            description = "redis unix:" + socket.getSocket();
        } else {
            String address = new RedisNode(lettuce.getHostName(), lettuce.getPort()).asString();
            options.put(HOST, lettuce.getHostName());
            options.put(PORT, Integer.toString(lettuce.getPort()));
            options.put(DATABASE, Integer.toString(lettuce.getDatabase()));
            description = "redis " + address + (lettuce.getDatabase() == 0 ? "" : "/" + lettuce.getDatabase());
        }
        if (lettuce.getClientConfiguration().isUseSsl()) {
            options.put(SSL, "true");
        }
        options.put(TIMEOUT_MS, Long.toString(lettuce.getClientConfiguration().getCommandTimeout().toMillis()));
        return new RedisLocation(options, description);
    }

    /** A standalone server without TLS, with the options a Lettuce factory for it reports. */
    static RedisLocation standalone(String host, int port, int database, long timeoutMillis) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put(HOST, host);
        options.put(PORT, Integer.toString(port));
        options.put(DATABASE, Integer.toString(database));
        options.put(TIMEOUT_MS, Long.toString(timeoutMillis));
        return new RedisLocation(options, "redis " + new RedisNode(host, port).asString()
                + (database == 0 ? "" : "/" + database));
    }

    /** Options naming the server(s), database, TLS and command timeout; empty for factories other than Lettuce. */
    Map<String, String> options() {
        return options;
    }

    @Override
    public String toString() {
        return description;
    }

    private static String join(Collection<RedisNode> nodes) {
        return nodes.stream()
                .map(RedisNode::asString)
                .collect(Collectors.joining(","));
    }
}
