package dev.proxystore.connector.redis;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proxystore.connector.ConnectorException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A reply no Redis server sends (a server that is not Redis, or one in the middle) fails the command with a
 * {@link ConnectorException} naming what was wrong, and never allocates what the reply claims.
 */
class HostileReplyTest {

    @Test
    void aNegativeBulkLengthOtherThanNilFailsTheCommand() throws Exception {
        assertRefused("$-5\r\n", "a bulk string of -5 bytes");
    }

    @Test
    void aBulkLengthBeyondAnArrayFailsBeforeAnythingIsAllocated() throws Exception {
        assertRefused("$4294967296\r\n", "a bulk string of 4294967296 bytes");
    }

    @Test
    void aNumberTooLongForALongFailsTheCommand() throws Exception {
        assertRefused("$99999999999999999999999\r\n", "more than 18 digits");
    }

    private static void assertRefused(String reply, String message) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> answered = CompletableFuture.runAsync(() -> answerOnce(server, reply));
            try (RedisConnector connector = RedisConnector.builder("hostile:").host("127.0.0.1")
                    .port(server.getLocalPort()).build()) {
                String key = UUID.randomUUID().toString();
                assertThatThrownBy(() -> connector.get(key)).isInstanceOf(ConnectorException.class)
                        .hasMessageContaining("GET " + key).hasMessageContaining(message);
            }
            answered.join();
        }
    }

    /** Reads one command and answers {@code reply}. */
    private static void answerOnce(ServerSocket server, String reply) {
        try (Socket socket = server.accept()) {
            InputStream in = socket.getInputStream();
            byte[] command = new byte[4096];
            if (in.read(command) < 0) {
                return;
            }
            OutputStream out = socket.getOutputStream();
            out.write(reply.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            in.read(command);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
