package dev.proxystore.connector.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.ClientOptions.DisconnectedBehavior;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisNode;
import org.springframework.data.redis.connection.RedisPassword;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The settings of a Lettuce connection factory that a connector owns, and the factory built from them: where it
 * connects (standalone, Sentinel or Cluster), credentials (given, or else from the environment), TLS, command timeout
 * and client resources. Checks each setting as it is set. Not thread-safe.
 */
final class OwnedFactoryBuilder {

    private String host = "localhost";
    private int port = RedisNode.DEFAULT_PORT;
    private int database;
    private boolean standaloneSet;
    private List<RedisNode> clusterNodes = List.of();
    private @Nullable String sentinelMaster;
    private List<RedisNode> sentinelNodes = List.of();
    private Duration timeout = RedisConnector.Builder.DEFAULT_TIMEOUT;
    private boolean ssl;
    private @Nullable String username;
    private @Nullable String password;
    private boolean environmentCredentials = true;
    private @Nullable ClientResources clientResources;

    void host(String host) {
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        this.host = host;
        this.standaloneSet = true;
    }

    void port(int port) {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        this.port = port;
        this.standaloneSet = true;
    }

    void database(int database) {
        if (database < 0) {
            throw new IllegalArgumentException("database must not be negative: " + database);
        }
        this.database = database;
    }

    void clusterNodes(Collection<String> hostAndPorts) {
        this.clusterNodes = parseNodes(hostAndPorts, RedisNode.DEFAULT_PORT, "cluster nodes");
    }

    void sentinel(String master, Collection<String> sentinelHostAndPorts) {
        if (master.isBlank()) {
            throw new IllegalArgumentException("sentinel master name must not be blank");
        }
        this.sentinelMaster = master;
        this.sentinelNodes = parseNodes(sentinelHostAndPorts, RedisNode.DEFAULT_SENTINEL_PORT, "sentinel nodes");
    }

    void timeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        this.timeout = timeout;
    }

    void ssl(boolean ssl) {
        this.ssl = ssl;
    }

    void username(@Nullable String username) {
        this.username = username;
    }

    void environmentCredentials(boolean environmentCredentials) {
        this.environmentCredentials = environmentCredentials;
    }

    void password(@Nullable String password) {
        this.password = password;
    }

    void clientResources(ClientResources clientResources) {
        this.clientResources = Objects.requireNonNull(clientResources, "clientResources");
    }

    /**
     * A started factory sharing one native connection. While disconnected, commands fail at once instead of queueing
     * until the command timeout; the connection re-establishes itself in the background. (Cluster topology refreshes
     * on MOVED/ASK and reconnects: Lettuce 7 enables its adaptive triggers by default.) Does not connect yet.
     *
     * @throws IllegalStateException if both cluster nodes and Sentinels, or either and a host or port, were set
     */
    LettuceConnectionFactory build() {
        validate();
        LettuceConnectionFactory factory = newFactory(RedisPassword.of(secret()), user(), clientConfiguration());
        factory.start();
        return factory;
    }

    /**
     * Whether the connector talks to the server on blocking connections of its own ({@link DirectCommands}) rather
     * than through a Lettuce factory: for a standalone server without TLS, unless client resources were given.
     */
    boolean direct() {
        return clusterNodes.isEmpty() && sentinelMaster == null && !ssl && clientResources == null;
    }

    /** Where a {@link #direct()} connector connects: the options a Lettuce factory would report for the same. */
    RedisLocation directLocation() {
        validate();
        return RedisLocation.standalone(host, port, database, timeout.toMillis());
    }

    /** The commands of a {@link #direct()} connector; {@code owner} names it in errors. */
    DirectCommands directCommands(String location, String owner) {
        validate();
        return new DirectCommands(host, port, database, timeout.toMillis(), user(), secret(), location, owner);
    }

    private void validate() {
        int modes = (standaloneSet ? 1 : 0) + (clusterNodes.isEmpty() ? 0 : 1) + (sentinelMaster == null ? 0 : 1);
        if (modes > 1) {
            throw new IllegalStateException("set only one of host/port, cluster nodes or sentinel");
        }
        if (!clusterNodes.isEmpty() && database != 0) {
            throw new IllegalStateException("Redis Cluster has only database 0");
        }
    }

    private @Nullable String user() {
        return username != null || !environmentCredentials ? username
                : fromEnvironment(RedisConnector.USERNAME_PROPERTY, RedisConnector.USERNAME_ENV);
    }

    private @Nullable String secret() {
        return password != null || !environmentCredentials ? password
                : fromEnvironment(RedisConnector.PASSWORD_PROPERTY, RedisConnector.PASSWORD_ENV);
    }

    private LettuceConnectionFactory newFactory(RedisPassword secret, @Nullable String user,
            LettuceClientConfiguration client) {
        if (!clusterNodes.isEmpty()) {
            RedisClusterConfiguration cluster = new RedisClusterConfiguration();
            cluster.setClusterNodes(clusterNodes);
            cluster.setUsername(user);
            cluster.setPassword(secret);
            return new LettuceConnectionFactory(cluster, client);
        }
        String master = sentinelMaster;
        if (master != null) {
            RedisSentinelConfiguration sentinel = new RedisSentinelConfiguration();
            sentinel.master(master);
            sentinel.setSentinels(sentinelNodes);
            sentinel.setDatabase(database);
            sentinel.setUsername(user);
            sentinel.setPassword(secret);
            return new LettuceConnectionFactory(sentinel, client);
        }
        RedisStandaloneConfiguration standalone = new RedisStandaloneConfiguration(host, port);
        standalone.setDatabase(database);
        standalone.setUsername(user);
        standalone.setPassword(secret);
        return new LettuceConnectionFactory(standalone, client);
    }

    private LettuceClientConfiguration clientConfiguration() {
        SocketOptions socket = SocketOptions.builder().connectTimeout(timeout).build();
        ClientOptions options = clusterNodes.isEmpty()
                ? ClientOptions.builder()
                        .socketOptions(socket)
                        .disconnectedBehavior(DisconnectedBehavior.REJECT_COMMANDS)
                        .build()
                : ClusterClientOptions.builder()
                        .socketOptions(socket)
                        .disconnectedBehavior(DisconnectedBehavior.REJECT_COMMANDS)
                        .build();
        LettuceClientConfiguration.LettuceClientConfigurationBuilder client = LettuceClientConfiguration.builder()
                .clientResources(clientResources != null ? clientResources : SharedResources.INSTANCE)
                .clientOptions(options)
                .commandTimeout(timeout);
        if (ssl) {
            client.useSsl();
        }
        return client.build();
    }

    private static @Nullable String fromEnvironment(String property, String variable) {
        String value = System.getProperty(property);
        if (value == null || value.isEmpty()) {
            value = System.getenv(variable);
        }
        return value == null || value.isEmpty() ? null : value;
    }

    private static List<RedisNode> parseNodes(Collection<String> hostAndPorts, int defaultPort, String what) {
        List<RedisNode> nodes = new ArrayList<>(hostAndPorts.size());
        for (String hostAndPort : hostAndPorts) {
            String trimmed = hostAndPort.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            try {
                nodes.add(RedisNode.fromString(trimmed, defaultPort));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("invalid " + what + " entry '" + hostAndPort + "'", e);
            }
        }
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        return List.copyOf(nodes);
    }

    /**
     * Event loops and timers shared by every owned factory in the JVM that was not given its own (their threads are
     * daemons; created on first use). Reconnect attempts back off exponentially up to one second, so a restarted
     * server is found again quickly.
     */
    private static final class SharedResources {
        static final ClientResources INSTANCE = DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ZERO, Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .build();
    }
}
