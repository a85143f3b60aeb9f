package dev.proxystore.benchmarks.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link RespClient} against a scripted server: the exact request bytes, and every kind of reply. */
class RespClientTest {

    private static final byte[] KEY = "k".getBytes(StandardCharsets.US_ASCII);

    /** One request the server expects, byte for byte, and the reply it sends in chunks of {@code chunk} bytes. */
    private record Exchange(byte[] request, byte[] reply, int chunk) {
    }

    @Test
    void writesRequestsAndReadsEveryReply() throws Exception {
        byte[] small = "abc".getBytes(StandardCharsets.US_ASCII);
        byte[] large = new byte[200_000];
        Arrays.fill(large, (byte) '\r');
        List<Exchange> script = List.of(
                new Exchange(ascii("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$3\r\nabc\r\n"), ascii("+OK\r\n"), 1),
                new Exchange(concat(ascii("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$200000\r\n"), large, ascii("\r\n")),
                        ascii("+OK\r\n"), 5),
                new Exchange(ascii("*2\r\n$3\r\nGET\r\n$1\r\nk\r\n"),
                        concat(ascii("$200000\r\n"), large, ascii("\r\n")), 7_001),
                new Exchange(ascii("*2\r\n$3\r\nGET\r\n$1\r\nk\r\n"), ascii("$3\r\nabc\r\n"), 2),
                new Exchange(ascii("*2\r\n$3\r\nGET\r\n$1\r\nk\r\n"), ascii("$-1\r\n"), 5),
                new Exchange(ascii("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$3\r\nabc\r\n"),
                        ascii("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"), 100),
                new Exchange(ascii("*2\r\n$3\r\nDEL\r\n$1\r\nk\r\n"), ascii(":1\r\n"), 100));

        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> serve(server, script));
            try (RespClient client = new RespClient("127.0.0.1", server.getLocalPort(), Duration.ofSeconds(5))) {
                client.set(KEY, small);
                client.set(KEY, large);
                assertThat(client.get(KEY)).isEqualTo(large);
                assertThat(client.get(KEY)).isEqualTo(small);
                assertThat(client.get(KEY)).isNull();
                assertThatThrownBy(() -> client.set(KEY, small)).isInstanceOf(IllegalStateException.class)
                        .hasMessageStartingWith("redis error: WRONGTYPE");
                assertThat(client.del(KEY)).isEqualTo(1);
            }
            served.get(5, TimeUnit.SECONDS);
        }
    }

    private static void serve(ServerSocket server, List<Exchange> script) {
        try (Socket socket = server.accept()) {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            for (Exchange exchange : script) {
                byte[] request = new byte[exchange.request().length];
                in.readFully(request);
                if (!Arrays.equals(request, exchange.request())) {
                    throw new AssertionError("unexpected request "
                            + new String(request, 0, Math.min(request.length, 80), StandardCharsets.ISO_8859_1));
                }
                byte[] reply = exchange.reply();
                for (int at = 0; at < reply.length; at += exchange.chunk()) {
                    out.write(reply, at, Math.min(exchange.chunk(), reply.length - at));
                    out.flush();
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
