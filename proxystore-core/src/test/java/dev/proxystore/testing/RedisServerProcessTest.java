package dev.proxystore.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RedisServerProcessTest {

    @Test
    void startsKillsAndRestartsOnTheSamePort() {
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            assertThat(redis.call("SET", "k", "v")).isEqualTo("OK");
            assertThat(redis.call("GET", "k")).isEqualTo("v");
            int port = redis.port();

            redis.kill();
            assertThat(redis.isRunning()).isFalse();
            assertThatThrownBy(() -> redis.call("PING")).isInstanceOf(RuntimeException.class);

            redis.restart();
            assertThat(redis.port()).isEqualTo(port);
            assertThat(redis.call("GET", "k")).as("no persistence").isNull();
            assertThat(redis.call("CONFIG", "GET", "save")).isEqualTo(List.of("save", ""));
        }
    }

    @Test
    void authenticatesCallsWhenAPasswordIsRequired() {
        try (RedisServerProcess redis = RedisServerProcess.start("--requirepass", "s3cret")) {
            assertThat(redis.call("DBSIZE")).isEqualTo(0L);
            assertThatThrownBy(() -> Resp.call(redis.host(), redis.port(), null, 1_000, "DBSIZE"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("NOAUTH");
        }
    }

    @Test
    void everyServerAcceptsTheFaultCommandsTheTestsUse() {
        // Redis 7 refuses DEBUG unless started with --enable-debug-command, an option Redis 6 does not know
        try (RedisServerProcess plain = RedisServerProcess.start();
                RedisServerProcess withPassword = RedisServerProcess.start("--requirepass", "s3cret");
                RedisServerProcess appendOnly = RedisServerProcess.start("--appendonly", "yes")) {
            for (RedisServerProcess redis : List.of(plain, withPassword, appendOnly)) {
                assertThat(redis.call("DEBUG", "SLEEP", "0")).as("DEBUG SLEEP on %s", redis).isEqualTo("OK");
                assertThat(redis.call("CLIENT", "PAUSE", "0", "ALL")).as("CLIENT PAUSE on %s", redis).isEqualTo("OK");
            }
        }
    }

    @Test
    void pauseReturnsOnceCommandsAreHeld() {
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            redis.pause(Duration.ofSeconds(1));

            assertThatThrownBy(() -> Resp.call(redis.host(), redis.port(), null, 100, "PING"))
                    .hasRootCauseInstanceOf(SocketTimeoutException.class);
            assertThat(redis.call("PING")).as("answered once the pause ends").isEqualTo("PONG");
        }
    }

    @Test
    void debugSleepReturnsOnceTheServerIsAsleep() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            CompletableFuture<Object> sleep = redis.debugSleep(Duration.ofSeconds(1));

            assertThatThrownBy(() -> Resp.call(redis.host(), redis.port(), null, 100, "PING"))
                    .hasRootCauseInstanceOf(SocketTimeoutException.class);
            assertThat(sleep.get(10, TimeUnit.SECONDS)).isEqualTo("OK");
            assertThat(redis.call("PING")).isEqualTo("PONG");
        }
    }

    @Test
    void aFaultTheServerRefusesFailsWithItsReply() {
        try (RedisServerProcess redis = RedisServerProcess.start(
                "--rename-command", "DEBUG", "", "--rename-command", "CLIENT", "")) {
            assertThatIllegalStateException().isThrownBy(() -> redis.debugSleep(Duration.ofSeconds(1)))
                    .withMessageContaining("DEBUG SLEEP 1.000 on " + redis)
                    .withMessageContaining("unknown command");
            assertThatIllegalStateException().isThrownBy(() -> redis.pause(Duration.ofSeconds(1)))
                    .withMessageContaining("CLIENT PAUSE on " + redis)
                    .withMessageContaining("unknown command");
        }
    }

    @Test
    void aFaultThatEndsBeforeItIsSeenFails() {
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            assertThatIllegalStateException().isThrownBy(() -> redis.debugSleep(Duration.ZERO))
                    .withMessageContaining("did not hold a PING: answered OK");
            assertThatIllegalStateException().isThrownBy(() -> redis.pause(Duration.ZERO))
                    .withMessageContaining("a PING is still answered");
        }
    }

    @Test
    void formsAThreeMasterCluster() {
        try (RedisClusterProcess cluster = RedisClusterProcess.start()) {
            assertThat(cluster.nodes()).hasSize(3);
            for (RedisServerProcess node : cluster.nodes()) {
                assertThat((String) node.call("CLUSTER", "INFO")).contains("cluster_state:ok");
                assertThat(node.call("DEBUG", "SLEEP", "0")).as("DEBUG SLEEP on %s", node).isEqualTo("OK");
            }
            assertThat(cluster.clusterNodes().split(",")).hasSize(3);
        }
    }

    @Test
    void startsASentinelForAMaster() {
        try (RedisServerProcess master = RedisServerProcess.start();
                RedisServerProcess sentinel = RedisServerProcess.startSentinel("main", master.port())) {
            assertThat(sentinel.call("SENTINEL", "get-master-addr-by-name", "main"))
                    .isEqualTo(List.of(RedisServerProcess.HOST, Integer.toString(master.port())));
        }
    }
}
