package dev.proxystore.connector.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.ClientOptions.DisconnectedBehavior;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisConfiguration;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** Builds the connection factories that connectors own. */
final class LettuceFactories {

    private LettuceFactories() {}

    /**
     * A started factory sharing one native connection. While disconnected, commands fail at once instead of queueing
     * until the command timeout; the connection re-establishes itself in the background. (Cluster topology refreshes
     * on MOVED/ASK and reconnects: Lettuce 7 enables its adaptive triggers by default.)
     */
    static LettuceConnectionFactory create(RedisConfiguration configuration, Duration timeout, boolean ssl) {
        SocketOptions socket = SocketOptions.builder().connectTimeout(timeout).build();
        ClientOptions options = configuration instanceof RedisClusterConfiguration
                ? ClusterClientOptions.builder()
                        .socketOptions(socket)
                        .disconnectedBehavior(DisconnectedBehavior.REJECT_COMMANDS)
                        .build()
                : ClientOptions.builder()
                        .socketOptions(socket)
                        .disconnectedBehavior(DisconnectedBehavior.REJECT_COMMANDS)
                        .build();
        LettuceClientConfiguration.LettuceClientConfigurationBuilder client = LettuceClientConfiguration.builder()
                .clientResources(SharedResources.INSTANCE)
                .clientOptions(options)
                .commandTimeout(timeout);
        if (ssl) {
            client.useSsl();
        }
        LettuceClientConfiguration clientConfiguration = client.build();
        LettuceConnectionFactory factory;
        if (configuration instanceof RedisStandaloneConfiguration standalone) {
            factory = new LettuceConnectionFactory(standalone, clientConfiguration);
        } else if (configuration instanceof RedisClusterConfiguration cluster) {
            factory = new LettuceConnectionFactory(cluster, clientConfiguration);
        } else if (configuration instanceof RedisSentinelConfiguration sentinel) {
            factory = new LettuceConnectionFactory(sentinel, clientConfiguration);
        } else {
            throw new IllegalArgumentException("unsupported configuration " + configuration.getClass().getName());
        }
        factory.start();
        return factory;
    }

    /**
     * Event loops and timers shared by every owned factory in the JVM (their threads are daemons). Reconnect attempts
     * back off exponentially up to one second, so a restarted server is found again quickly.
     */
    private static final class SharedResources {
        static final ClientResources INSTANCE = DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ZERO, Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .build();
    }
}
