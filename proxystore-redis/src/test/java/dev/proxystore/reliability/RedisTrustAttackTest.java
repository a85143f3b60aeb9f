package dev.proxystore.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.proxystore.connector.ConnectorException;
import dev.proxystore.connector.redis.RedisConnector;
import dev.proxystore.jackson.ProxyStoreJacksonModule;
import dev.proxystore.proxy.ProxyResolveException;
import dev.proxystore.store.ForgedReferences;
import dev.proxystore.store.ForgedReferences.Forgery;
import dev.proxystore.store.StoreRegistry;
import dev.proxystore.store.UntrustedReferenceException;
import dev.proxystore.testing.JavaSerialization;
import dev.proxystore.testing.Listener;
import dev.proxystore.testing.Receiver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link TrustAttackTest} for Redis: a forged reference naming a Redis server of the sender's choosing never makes the
 * receiver connect there or send its password, and a timeout a reference asks for is capped by the receiver.
 */
class RedisTrustAttackTest {

    static final String TRUSTED_KEY = TrustAttackTest.TRUSTED_KEY;

    final JsonMapper mapper = JsonMapper.builder().addModule(new ProxyStoreJacksonModule()).build();

    @AfterEach
    void clearPassword() {
        System.clearProperty(RedisConnector.PASSWORD_PROPERTY);
    }

    static dev.proxystore.store.TrustPolicy.Builder receiving() {
        return TrustAttackTest.receiving();
    }

    @Test
    void aForgedRedisReferenceNeverConnectsToTheSendersServerOrSendsThePassword() throws Exception {
        System.setProperty(RedisConnector.PASSWORD_PROPERTY, "the receiver's password");
        try (Listener sender = new Listener()) {
            Forgery forgery = ForgedReferences.reference("orders", UUID.randomUUID().toString()).connector("redis",
                    Map.of("host", "127.0.0.1", "port", String.valueOf(sender.port()), "key-prefix", "orders:"));

            TrustAttackTest.arrivals(mapper, forgery).forEach(TrustAttackTest::assertRefused);
            try (Receiver receiver = Receiver.under(receiving().recreateStores("redis")
                    .allowServers("127.0.0.1:6379").build())) {
                assertThatThrownBy(() -> JavaSerialization.deserialize(forgery.javaSignedWith(TRUSTED_KEY,
                        List.class))).isInstanceOf(UntrustedReferenceException.class)
                        .hasMessageContaining("is not an allowed server");
            }

            assertThat(sender.connections()).as("connections to the sender's server").isZero();
            assertThat(StoreRegistry.global().get("orders")).isEmpty();

            // the same reference to a server the receiver allows does connect: the listener sees it
            try (Receiver receiver = Receiver.under(receiving().recreateStores("redis").allowServers(sender.address())
                    .maxConnectorTimeout(Duration.ofMillis(300)).build())) {
                List<String> allowed = JavaSerialization.deserialize(forgery.javaSignedWith(TRUSTED_KEY, List.class));
                assertThatThrownBy(allowed::size).isInstanceOf(ProxyResolveException.class)
                        .hasCauseInstanceOf(ConnectorException.class);
            }
            assertThat(sender.connections()).as("the listener notices a connection").isPositive();
        }
    }

    @Test
    void aHugeTimeoutInAReferenceIsCappedByTheReceiver() throws Exception {
        try (Listener silent = new Listener();
                Receiver receiver = Receiver.under(receiving().recreateStores("redis").allowServers(silent.address())
                        .maxConnectorTimeout(Duration.ofMillis(300)).build())) {
            Forgery slow = ForgedReferences.reference("slow", UUID.randomUUID().toString()).connector("redis",
                    Map.of("host", "127.0.0.1", "port", String.valueOf(silent.port()), "key-prefix", "slow:",
                            "timeout-ms", String.valueOf(Duration.ofDays(1).toMillis())));
            List<String> proxy = JavaSerialization.deserialize(slow.javaSignedWith(TRUSTED_KEY, List.class));

            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatThrownBy(proxy::size)
                    .isInstanceOf(ProxyResolveException.class).hasCauseInstanceOf(ConnectorException.class)
                    .hasMessageContaining("timed out after 300 ms"));
        }
    }

}
