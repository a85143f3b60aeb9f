package dev.proxystore.connector.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proxystore.connector.Connector;
import dev.proxystore.connector.ConnectorConfig;
import dev.proxystore.connector.ConnectorException;
import dev.proxystore.testing.RedisServerExtension;
import dev.proxystore.testing.RedisServerProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.data.redis.connection.RedisPassword;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** A password-protected redis-server: the password works, but never travels in the connector's config. */
class RedisConnectorAuthTest {

    static final String PASSWORD = "pw-" + UUID.randomUUID();

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension("--requirepass", PASSWORD);

    @BeforeEach
    @AfterEach
    void clearPasswordProperty() {
        System.clearProperty(RedisConnector.PASSWORD_PROPERTY);
    }

    RedisConnector.Builder builder(String prefix) {
        return RedisConnector.builder(prefix).host(RedisServerProcess.HOST).port(REDIS.port());
    }

    @Test
    void configOfAnOwnedConnectorHasNoPassword() throws IOException {
        try (RedisConnector connector = builder("proxystore:auth:").password(PASSWORD).build()) {
            String key = connector.put(new byte[] {1});
            assertThat(connector.get(key)).containsExactly(1);

            assertNoSecret(connector.config());
        }
    }

    @Test
    void configOfAnApplicationFactoryWithPasswordHasNoPassword() throws IOException {
        RedisStandaloneConfiguration configuration = new RedisStandaloneConfiguration(RedisServerProcess.HOST,
                REDIS.port());
        configuration.setPassword(RedisPassword.of(PASSWORD));
        LettuceConnectionFactory factory = new LettuceConnectionFactory(configuration);
        factory.start();
        try (RedisConnector connector = new RedisConnector(factory, "proxystore:auth:")) {
            assertThat(connector.exists(connector.newKey())).isFalse();

            assertNoSecret(connector.config());
        } finally {
            factory.destroy();
        }
    }

    @Test
    void withoutPasswordOperationsFailWithConnectorException() {
        try (RedisConnector connector = builder("proxystore:auth:").build()) {
            assertThatThrownBy(() -> connector.put(new byte[] {1}))
                    .isInstanceOf(ConnectorException.class)
                    .hasMessageContaining(REDIS.server().address())
                    .hasMessageContaining("NOAUTH");
        }
    }

    @Test
    void recreatedConnectorTakesThePasswordFromTheSystemProperty() {
        try (RedisConnector original = builder("proxystore:auth:").password(PASSWORD).build()) {
            String key = original.put(new byte[] {7, 7});
            ConnectorConfig config = original.config();
            RedisConnectorProvider provider = new RedisConnectorProvider();

            try (Connector withoutPassword = provider.create(config)) {
                assertThatThrownBy(() -> withoutPassword.get(key)).isInstanceOf(ConnectorException.class);
            }

            System.setProperty(RedisConnector.PASSWORD_PROPERTY, PASSWORD);
            try (Connector copy = provider.create(config)) {
                System.clearProperty(RedisConnector.PASSWORD_PROPERTY);
                assertThat(copy.get(key)).containsExactly(7, 7);
                assertNoSecret(copy.config());
            }
            original.evict(key);
        }
    }

    private static void assertNoSecret(ConnectorConfig config) {
        assertThat(config.options().keySet()).noneMatch(name -> name.contains("password") || name.contains("user"));
        assertThat(config.options().values()).noneMatch(value -> value.contains(PASSWORD));
        assertThat(config.toString()).doesNotContain(PASSWORD);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(config);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertThat(bytes.toString(StandardCharsets.ISO_8859_1)).doesNotContain(PASSWORD);
    }
}
