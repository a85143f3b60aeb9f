package dev.proxystore.connector.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proxystore.connector.ConnectorException;
import dev.proxystore.testing.RedisClusterProcess;
import dev.proxystore.testing.RedisServerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** {@link RedisConnector} on a three-master Redis Cluster: keys of one batch spread over slots and nodes. */
class RedisConnectorClusterTest {

    static RedisClusterProcess cluster;
    static LettuceConnectionFactory appFactory;

    @BeforeAll
    static void startCluster() {
        cluster = RedisClusterProcess.start();
        RedisClusterConfiguration configuration = new RedisClusterConfiguration(
                Arrays.asList(cluster.clusterNodes().split(",")));
        appFactory = new LettuceConnectionFactory(configuration,
                LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(5)).build());
        appFactory.start();
    }

    @AfterAll
    static void stopCluster() {
        if (appFactory != null) {
            appFactory.destroy();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    abstract static class OnCluster extends RedisConnectorContract {

        @Override
        @Nullable Object rawKeyCommand(String command, String key, String... args) {
            String[] all = new String[args.length + 2];
            all[0] = command;
            all[1] = key;
            System.arraycopy(args, 0, all, 2, args.length);
            IllegalStateException moved = null;
            for (RedisServerProcess node : cluster.nodes()) {
                try {
                    return node.call(all);
                } catch (IllegalStateException e) {
                    if (!String.valueOf(e.getMessage()).startsWith("MOVED")) {
                        throw e;
                    }
                    moved = e;
                }
            }
            throw new IllegalStateException("no node took " + command + " " + key, moved);
        }

        @Override
        List<String> rawKeys(String pattern) {
            List<String> keys = new ArrayList<>();
            cluster.nodes().forEach(node -> keys.addAll(keysOn(node, pattern)));
            return keys;
        }

        @Test
        void aBatchSpreadsOverAllNodes() {
            List<byte[]> data = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                data.add(new byte[] {(byte) i});
            }
            List<String> keys = connector.putBatch(data);

            for (RedisServerProcess node : cluster.nodes()) {
                assertThat(keysOn(node, prefix + "*")).as("keys on %s", node).isNotEmpty();
            }
            assertThat(connector.getBatch(keys)).containsExactlyElementsOf(data);
            keys.forEach(connector::evict);
            assertThat(rawKeys(prefix + "*")).isEmpty();
        }

        @Test
        void aBatchThatFailsOnOneNodeLeavesNothingBehind() {
            RedisServerProcess refusing = cluster.nodes().get(1);
            refusing.call("CONFIG", "SET", "maxmemory", "1");
            try {
                List<byte[]> data = new ArrayList<>();
                for (int i = 0; i < 30; i++) {
                    data.add(new byte[] {(byte) i});
                }
                assertThatThrownBy(() -> connector.putBatch(data))
                        .isInstanceOf(ConnectorException.class)
                        .hasMessageContaining("MSET")
                        .hasMessageContaining("OOM");
            } finally {
                refusing.call("CONFIG", "SET", "maxmemory", "0");
            }
            assertThat(rawKeys(prefix + "*")).isEmpty();
        }

        @Test
        void configNamesTheClusterNodes() {
            assertThat(connector.config().options())
                    .containsEntry("cluster-nodes", cluster.clusterNodes())
                    .doesNotContainKeys("host", "port", "database");
        }
    }

    @Nested
    class OnApplicationFactory extends OnCluster {

        @Override
        RedisConnector newConnector(String keyPrefix) {
            return new RedisConnector(appFactory, keyPrefix);
        }
    }

    @Nested
    class RecreatedFromConfig extends OnCluster {

        @Override
        RedisConnector newConnector(String keyPrefix) {
            try (RedisConnector original = new RedisConnector(appFactory, keyPrefix)) {
                return (RedisConnector) new RedisConnectorProvider().create(original.config());
            }
        }

        @Test
        void seesWhatTheOriginalWrote() {
            try (RedisConnector original = new RedisConnector(appFactory, prefix)) {
                List<String> keys = original.putBatch(List.of(new byte[] {1}, new byte[] {2}, new byte[] {3}));

                assertThat(connector.getBatch(keys)).containsExactly(new byte[] {1}, new byte[] {2}, new byte[] {3});
                connector.expire(keys.get(0), Duration.ofMinutes(1));
                assertThat((Long) rawKeyCommand("PTTL", prefix + keys.get(0))).isPositive();
                keys.forEach(connector::evict);
                assertThat(original.getBatch(keys)).containsOnlyNulls();
            }
        }
    }

    @SuppressWarnings("unchecked")
    static List<String> keysOn(RedisServerProcess node, String pattern) {
        return (List<String>) node.call("KEYS", pattern);
    }
}
