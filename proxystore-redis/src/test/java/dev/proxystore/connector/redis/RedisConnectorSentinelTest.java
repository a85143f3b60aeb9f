package dev.proxystore.connector.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxystore.connector.Connector;
import dev.proxystore.testing.RedisServerProcess;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link RedisConnector} finding its master through a Sentinel. */
class RedisConnectorSentinelTest {

    static RedisServerProcess master;
    static RedisServerProcess sentinel;

    @BeforeAll
    static void start() {
        master = RedisServerProcess.start();
        sentinel = RedisServerProcess.startSentinel("main", master.port());
    }

    @AfterAll
    static void stop() {
        if (sentinel != null) {
            sentinel.close();
        }
        if (master != null) {
            master.close();
        }
    }

    @Test
    void storesOnTheMasterAndRecreatesFromConfig() {
        try (RedisConnector connector = RedisConnector.builder("proxystore:sentinel:")
                .sentinel("main", List.of(sentinel.address()))
                .database(2)
                .build()) {
            String key = connector.put(new byte[] {5});

            assertThat(master.call("SELECT", "2")).isEqualTo("OK");
            assertThat(connector.config().options())
                    .containsEntry("sentinel-master", "main")
                    .containsEntry("sentinel-nodes", sentinel.address())
                    .containsEntry("database", "2")
                    .doesNotContainKeys("host", "port", "cluster-nodes");
            try (Connector copy = new RedisConnectorProvider().create(connector.config())) {
                assertThat(copy.get(key)).containsExactly(5);
                copy.evict(key);
            }
            assertThat(connector.exists(key)).isFalse();
        }
    }
}
