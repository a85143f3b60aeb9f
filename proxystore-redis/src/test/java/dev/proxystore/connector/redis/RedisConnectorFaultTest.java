package dev.proxystore.connector.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proxystore.connector.ConnectorException;
import dev.proxystore.serialize.Payload;
import dev.proxystore.testing.RedisServerProcess;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** kill -9 of redis-server: operations fail fast with ConnectorException, and the connector recovers by itself. */
class RedisConnectorFaultTest {

    static final Duration TIMEOUT = Duration.ofMillis(800);
    /** A hang guard, not a performance bound. */
    static final Duration HANG_GUARD = Duration.ofSeconds(10);
    static final Duration RECOVERY = Duration.ofSeconds(30);

    static RedisServerProcess server;

    @BeforeAll
    static void startServer() {
        server = RedisServerProcess.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void serverIsUp() {
        if (!server.isRunning()) {
            server.restart();
        }
    }

    RedisConnector ownedConnector() {
        return RedisConnector.builder("proxystore:fault:").host(RedisServerProcess.HOST).port(server.port())
                .timeout(TIMEOUT).build();
    }

    @Test
    void ownedConnectorFailsFastWhileRedisIsDownAndRecovers() {
        try (RedisConnector connector = ownedConnector()) {
            String key = connector.put(new byte[] {1});

            server.kill();

            assertFailsFast(c -> c.put(new byte[] {2}), connector);
            assertFailsFast(c -> c.get(key), connector);
            assertFailsFast(c -> c.exists(key), connector);
            assertFailsFast(c -> c.evict(key), connector);
            assertFailsFast(c -> c.set(key, new byte[] {3}), connector);
            assertFailsFast(c -> c.expire(key, Duration.ofSeconds(1)), connector);
            assertFailsFast(c -> c.putBatch(List.of(new byte[] {4}, new byte[] {5})), connector);
            assertFailsFast(c -> c.getBatch(List.of(key)), connector);
            assertFailsFast(c -> c.getBatch(List.of(key, key), 1_000), connector);
            assertFailsFast(c -> c.put(Payload.of(new byte[] {6})), connector);
            assertFailsFast(c -> c.get(key, Long.MAX_VALUE, ByteBuffer::remaining), connector);

            server.restart();

            awaitRecovery(connector);
            assertThat(connector.get(key)).as("the restarted server has no persistence").isNull();
            assertThat(server.call("DBSIZE")).as("no failed write lands later").isEqualTo(0L);
        }
    }

    @Test
    void aStalledServerTimesOutAndIsUsableAfterwards() {
        try (RedisConnector connector = ownedConnector()) {
            String key = connector.put(new byte[] {1});

            server.pause(Duration.ofMillis(2500));

            long start = System.nanoTime();
            assertThatThrownBy(() -> connector.get(key))
                    .isInstanceOf(ConnectorException.class)
                    .hasMessageContaining(server.address())
                    .hasMessageContaining("GET " + key)
                    .hasMessageContaining("timed out");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(HANG_GUARD);

            awaitRecovery(connector);
            assertThat(connector.get(key)).containsExactly(1);

            server.pause(Duration.ofMillis(2500));

            assertThatThrownBy(() -> connector.getBatch(List.of(key, key), 1_000))
                    .isInstanceOf(ConnectorException.class)
                    .hasMessageContaining(server.address())
                    .hasMessageContaining("STRLEN 2 keys")
                    .hasMessageContaining("timed out");

            awaitRecovery(connector);
            assertThat(connector.getBatch(List.of(key), 1_000)).containsExactly(new byte[] {1});
        }
    }

    @Test
    void applicationFactoryConnectorTimesOutWhileRedisIsDownAndRecovers() {
        RedisStandaloneConfiguration configuration = new RedisStandaloneConfiguration(RedisServerProcess.HOST,
                server.port());
        // Lettuce defaults: commands queue while disconnected, until the command timeout
        LettuceConnectionFactory factory = new LettuceConnectionFactory(configuration,
                LettuceClientConfiguration.builder().commandTimeout(TIMEOUT).build());
        factory.start();
        try (RedisConnector connector = new RedisConnector(factory, "proxystore:fault:")) {
            String key = connector.put(new byte[] {1});

            server.kill();

            assertFailsFast(c -> c.put(new byte[] {2}), connector);
            assertFailsFast(c -> c.get(key), connector);
            assertFailsFast(c -> c.putBatch(List.of(new byte[] {4}, new byte[] {5})), connector);

            server.restart();

            awaitRecovery(connector);
            assertThat(server.call("DBSIZE")).as("writes that timed out while queued are not replayed").isEqualTo(0L);
        } finally {
            factory.destroy();
        }
    }

    @Test
    void aConnectorsOwnTimeoutBoundsEveryCommandOnAFactoryWithALongerOne() {
        RedisStandaloneConfiguration configuration = new RedisStandaloneConfiguration(RedisServerProcess.HOST,
                server.port());
        // the application's factory would let each command wait a minute while Redis is down
        LettuceConnectionFactory factory = new LettuceConnectionFactory(configuration,
                LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(60)).build());
        factory.start();
        try (RedisConnector connector = new RedisConnector(factory, "proxystore:fault:", TIMEOUT)) {
            String key = connector.put(new byte[] {1});
            assertThat(connector.config().options()).containsEntry("timeout-ms", "800");

            server.kill();

            assertFailsFast(c -> c.put(new byte[] {2}), connector);
            assertFailsFast(c -> c.put(Payload.of(new byte[] {6})), connector);
            assertFailsFast(c -> c.get(key), connector);
            assertFailsFast(c -> c.get(key, Long.MAX_VALUE, ByteBuffer::remaining), connector);
            assertFailsFast(c -> c.exists(key), connector);
            assertFailsFast(c -> c.evict(key), connector);
            assertFailsFast(c -> c.expire(key, Duration.ofSeconds(1)), connector);
            assertFailsFast(c -> c.putBatch(List.of(new byte[] {4}, new byte[] {5})), connector);
            assertFailsFast(c -> c.getBatch(List.of(key, key)), connector);
            assertFailsFast(c -> c.getBatch(List.of(key, key), 1_000), connector);
            assertThatThrownBy(() -> connector.get(key))
                    .hasMessageContaining("GET " + key + " timed out after 800 ms");

            server.restart();

            awaitRecovery(connector);
            assertThat(server.call("DBSIZE")).as("commands cancelled while queued are never sent").isEqualTo(0L);
        } finally {
            factory.destroy();
        }
    }

    @Test
    void anOwnTimeoutNeedsALettuceFactory() {
        OtherDriverFactory other = new OtherDriverFactory(new LettuceConnectionFactory());
        assertThatThrownBy(() -> new RedisConnector(other, "proxystore:fault:", TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only on a Lettuce connection factory");
        assertThatThrownBy(() -> new RedisConnector(other, "proxystore:fault:", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timeout must be positive");
    }

    @Test
    void connectorCreatedWhileRedisIsDownWorksOnceItIsUp() {
        server.kill();
        try (RedisConnector connector = ownedConnector()) {
            assertFailsFast(c -> c.put(new byte[] {1}), connector);

            server.restart();

            awaitRecovery(connector);
        }
    }

    @Test
    void killedMidRunUnderLoad() throws InterruptedException {
        try (RedisConnector connector = ownedConnector()) {
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong successes = new AtomicLong();
            AtomicLong connectorFailures = new AtomicLong();
            AtomicLong slowest = new AtomicLong();
            Map<Class<?>, Throwable> unexpected = new ConcurrentHashMap<>();
            List<Thread> workers = List.of(1, 2, 3, 4).stream().map(n -> new Thread(() -> {
                byte[] data = RedisConnectorContract.randomBytes(64 * 1024, n);
                while (running.get()) {
                    long start = System.nanoTime();
                    try {
                        String key = connector.put(data);
                        byte[] read = connector.get(key);
                        if (read != null) {
                            assertThat(read).isEqualTo(data);
                        }
                        connector.evict(key);
                        successes.incrementAndGet();
                    } catch (ConnectorException e) {
                        connectorFailures.incrementAndGet();
                        sleep(5);
                    } catch (Throwable e) {
                        unexpected.putIfAbsent(e.getClass(), e);
                    }
                    slowest.accumulateAndGet(System.nanoTime() - start, Math::max);
                }
            }, "load-" + n)).toList();
            workers.forEach(Thread::start);

            awaitMoreSuccesses(successes, 20);
            server.kill();
            Thread.sleep(500);
            server.restart();
            long afterRestart = successes.get();
            awaitMoreSuccesses(successes, afterRestart + 20);

            running.set(false);
            for (Thread worker : workers) {
                worker.join(HANG_GUARD.toMillis());
                assertThat(worker.isAlive()).as("%s hangs", worker.getName()).isFalse();
            }
            assertThat(unexpected).isEmpty();
            assertThat(connectorFailures.get()).isPositive();
            // three commands per iteration, each bounded by the timeout
            assertThat(Duration.ofNanos(slowest.get())).isLessThan(HANG_GUARD);
        }
    }

    private static void assertFailsFast(Consumer<RedisConnector> operation, RedisConnector connector) {
        long start = System.nanoTime();
        assertThatThrownBy(() -> operation.accept(connector))
                .isInstanceOf(ConnectorException.class)
                .hasMessageContaining(server.address());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(HANG_GUARD);
    }

    private static void awaitRecovery(RedisConnector connector) {
        long deadline = System.nanoTime() + RECOVERY.toNanos();
        while (true) {
            try {
                String key = connector.put(new byte[] {9, 9});
                assertThat(connector.get(key)).containsExactly(9, 9);
                connector.evict(key);
                return;
            } catch (ConnectorException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("connector did not recover within " + RECOVERY, e);
                }
                sleep(50);
            }
        }
    }

    private static void awaitMoreSuccesses(AtomicLong successes, long atLeast) {
        long deadline = System.nanoTime() + RECOVERY.toNanos();
        while (successes.get() < atLeast) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + successes.get() + " successful operations, expected " + atLeast);
            }
            sleep(20);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
