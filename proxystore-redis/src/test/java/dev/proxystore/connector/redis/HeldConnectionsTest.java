package dev.proxystore.connector.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proxystore.connector.ConnectorException;
import dev.proxystore.testing.RedisServerExtension;
import dev.proxystore.testing.RedisServerProcess;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisClientConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * A connector keeps its connections open between commands instead of asking the factory for one per command, and
 * gives them back: after the idle timeout, when it closes, and at once when a command on one failed.
 */
class HeldConnectionsTest {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    JedisConnectionFactory jedis;
    CountingFactory factory;
    RedisConnector connector;

    @BeforeEach
    void connect() {
        jedis = new JedisConnectionFactory(new RedisStandaloneConfiguration(RedisServerProcess.HOST, REDIS.port()),
                JedisClientConfiguration.builder().readTimeout(Duration.ofSeconds(5)).usePooling().build());
        jedis.start();
        factory = new CountingFactory(jedis);
        connector = new RedisConnector(factory, "held:");
    }

    @AfterEach
    void close() {
        connector.close();
        jedis.destroy();
    }

    @Test
    void oneThreadsCommandsAllRunOnOneConnection() {
        for (int i = 0; i < 200; i++) {
            String key = connector.put((bytes("value " + i)));
            assertThat(connector.get(key)).isNotNull();
            connector.evict(key);
        }

        assertThat(factory.opened).hasValue(1);
        assertThat(factory.closed).hasValue(0);
    }

    @Test
    void anIdleConnectionGoesBackToTheFactoryAfterTheIdleTimeout() throws InterruptedException {
        connector.put((bytes("x")));
        assertThat(factory.closed).hasValue(0);

        long deadline = System.nanoTime() + HeldConnections.IDLE_TIMEOUT.multipliedBy(5).toNanos();
        while (factory.closed.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }

        assertThat(factory.closed).as("returned within 5 idle timeouts").hasValue(1);
        connector.put((bytes("y")));
        assertThat(factory.opened).as("the next command borrows again").hasValue(2);
    }

    @Test
    void aConnectionWhoseCommandFailedIsClosedAndNotReused() {
        String key = connector.put((bytes("before")));
        REDIS.server().call("CLIENT", "KILL", "TYPE", "normal");

        assertThatThrownBy(() -> connector.get(key)).isInstanceOf(ConnectorException.class)
                .hasMessageContaining("GET");
        assertThat(factory.closed).hasValue(1);
        assertThat(connector.get(key)).as("on a new connection").isNotNull();
        assertThat(factory.opened).hasValue(2);
    }

    @Test
    void closingTheConnectorGivesEveryHeldConnectionBack() {
        connector.put((bytes("x")));

        connector.close();

        assertThat(factory.closed).hasValue(factory.opened.get()).hasValue(1);
    }

    @Test
    void ofAPooledFactoryAtMostFourIdleConnectionsAreHeldAndTheRestGoBack() {
        HeldConnections held = new HeldConnections(factory);
        List<RedisConnection> borrowed = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            borrowed.add(held.borrow());
        }

        borrowed.forEach(held::release);

        assertThat(held.limit()).isEqualTo(HeldConnections.POOLED_LIMIT).isEqualTo(4);
        assertThat(held.idle()).isEqualTo(4);
        assertThat(factory.closed).hasValue(4);
        held.close();
        assertThat(factory.closed).hasValue(8);
    }

    @Test
    void ofALettuceFactorySharingItsConnectionManyHandlesMayBeHeld() {
        LettuceConnectionFactory lettuce = new LettuceConnectionFactory(
                new RedisStandaloneConfiguration(RedisServerProcess.HOST, REDIS.port()));
        lettuce.start();
        try {
            assertThat(new HeldConnections(lettuce).limit()).isEqualTo(HeldConnections.SHARED_LIMIT);
            lettuce.setShareNativeConnection(false);
            assertThat(new HeldConnections(lettuce).limit()).isEqualTo(HeldConnections.POOLED_LIMIT);
        } finally {
            lettuce.destroy();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A factory (not Lettuce's: commands go through Spring Data's API) counting connections opened and closed. */
    static final class CountingFactory extends OtherDriverFactory {

        final AtomicInteger opened = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();

        CountingFactory(JedisConnectionFactory delegate) {
            super(delegate);
        }

        @Override
        public RedisConnection getConnection() {
            RedisConnection connection = super.getConnection();
            opened.incrementAndGet();
            return (RedisConnection) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {RedisConnection.class}, (proxy, method, args) -> {
                        if (method.getName().equals("close") && method.getParameterCount() == 0) {
                            closed.incrementAndGet();
                        }
                        try {
                            return method.invoke(connection, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }
}
