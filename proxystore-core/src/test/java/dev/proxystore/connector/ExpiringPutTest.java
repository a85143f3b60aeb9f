package dev.proxystore.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proxystore.serialize.Payload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A put with an expiry never leaves an object without one, and reports why it failed. */
class ExpiringPutTest {

    @Test
    void anObjectWhoseExpiryFailsIsEvictedAndTheExpirysFailureIsThrown() {
        List<String> written = new ArrayList<>();
        LocalConnector connector = new LocalConnector() {
            @Override
            public String put(byte[] data) {
                String key = super.put(data);
                written.add(key);
                return key;
            }

            @Override
            public void expire(String key, Duration ttl) {
                throw new ConnectorException("PEXPIRE " + key + " failed: connection reset");
            }
        };

        assertThatThrownBy(() -> connector.put(Payload.of(new byte[] {1}), Duration.ofSeconds(5)))
                .isInstanceOf(ConnectorException.class)
                .hasMessageContaining("PEXPIRE")
                .hasMessageContaining("connection reset");
        assertThat(written).hasSize(1);
        assertThat(connector.exists(written.get(0))).as("nothing left without an expiry").isFalse();
    }

    @Test
    void anObjectIsWrittenWithItsExpiry() throws InterruptedException {
        LocalConnector connector = new LocalConnector();
        String key = connector.put(Payload.of(new byte[] {1}), Duration.ofMillis(50));
        assertThat(connector.get(key)).containsExactly(1);

        assertThat(Await.until(Duration.ofSeconds(5), () -> !connector.exists(key))).isTrue();
    }
}
