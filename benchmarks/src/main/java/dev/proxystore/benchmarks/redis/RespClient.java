package dev.proxystore.benchmarks.redis;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One blocking connection speaking just enough RESP for {@code SET}, {@code GET} and {@code DEL} of bytes: the least
 * work a Java client can do per command. A request goes out in one write (large values: the header, then the value's
 * own array); a bulk reply is read into an array of the announced length. Not thread-safe: one per thread.
 */
public final class RespClient implements AutoCloseable {

    private static final int BUFFER = 64 * 1024;
    private static final byte[] SET = "*3\r\n$3\r\nSET\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] GET = "*2\r\n$3\r\nGET\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DEL = "*2\r\n$3\r\nDEL\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CRLF = {'\r', '\n'};

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final byte[] request = new byte[BUFFER];
    private final byte[] reply = new byte[BUFFER];
    private int replyStart;
    private int replyEnd;

    /**
     * Connects with {@code TCP_NODELAY} on, within {@code connectTimeout}. Reads have no timeout: with one, the JDK
     * puts the socket in non-blocking mode and every read becomes read, poll, read.
     */
    public RespClient(String host, int port, Duration connectTimeout) {
        socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), (int) connectTimeout.toMillis());
            out = socket.getOutputStream();
            in = socket.getInputStream();
        } catch (IOException e) {
            try {
                socket.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new UncheckedIOException("cannot connect to " + host + ":" + port, e);
        }
    }

    /** {@code SET key value}. */
    public void set(byte[] key, byte[] value) {
        try {
            int at = bulkLength(value.length, bulk(key, put(SET, 0)));
            if (at + value.length + 2 <= BUFFER) {
                System.arraycopy(value, 0, request, at, value.length);
                out.write(request, 0, crlf(at + value.length));
            } else {
                out.write(request, 0, at);
                out.write(value);
                out.write(CRLF);
            }
            int end = lineEnd();
            if (end - replyStart != 3 || reply[replyStart] != '+' || reply[replyStart + 1] != 'O'
                    || reply[replyStart + 2] != 'K') {
                throw unexpected(end);
            }
            replyStart = end + 2;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code GET key}: the value, or {@code null} if the key does not exist. */
    public byte[] get(byte[] key) {
        try {
            out.write(request, 0, bulk(key, put(GET, 0)));
            int end = lineEnd();
            if (reply[replyStart] != '$') {
                throw unexpected(end);
            }
            long length = number(end);
            if (length < 0) {
                return null;
            }
            byte[] value = new byte[Math.toIntExact(length)];
            int buffered = Math.min(value.length, replyEnd - replyStart);
            System.arraycopy(reply, replyStart, value, 0, buffered);
            replyStart += buffered;
            if (in.readNBytes(value, buffered, value.length - buffered) != value.length - buffered) {
                throw new EOFException("connection closed");
            }
            if (lineEnd() != replyStart) {
                throw new IOException("bulk reply longer than announced");
            }
            replyStart += 2;
            return value;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code DEL key}: how many keys were removed. */
    public long del(byte[] key) {
        try {
            out.write(request, 0, bulk(key, put(DEL, 0)));
            int end = lineEnd();
            if (reply[replyStart] != ':') {
                throw unexpected(end);
            }
            return number(end);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A short bulk string (a key) into the request buffer at {@code at}; returns where it ends. */
    private int bulk(byte[] bytes, int at) {
        if (bytes.length > BUFFER / 2) {
            throw new IllegalArgumentException("key of " + bytes.length + " bytes");
        }
        return crlf(put(bytes, bulkLength(bytes.length, at)));
    }

    /** {@code $<length>\r\n}. */
    private int bulkLength(int length, int at) {
        request[at++] = '$';
        int digits = 1;
        for (int rest = length; rest >= 10; rest /= 10) {
            digits++;
        }
        for (int i = at + digits - 1, rest = length; i >= at; i--, rest /= 10) {
            request[i] = (byte) ('0' + rest % 10);
        }
        return crlf(at + digits);
    }

    private int put(byte[] bytes, int at) {
        System.arraycopy(bytes, 0, request, at, bytes.length);
        return at + bytes.length;
    }

    private int crlf(int at) {
        request[at] = '\r';
        request[at + 1] = '\n';
        return at + 2;
    }

    /** Reads until a whole line is buffered at {@code replyStart}; returns the index of its CR. */
    private int lineEnd() throws IOException {
        int scanned = 0;
        while (true) {
            for (int i = replyStart + scanned; i + 1 < replyEnd; i++) {
                if (reply[i] == '\r' && reply[i + 1] == '\n') {
                    return i;
                }
            }
            scanned = Math.max(0, replyEnd - replyStart - 1);
            fill();
        }
    }

    /** The integer after the type byte of the line ending at {@code end} ({@code :3}, {@code $-1}); consumes it. */
    private long number(int end) throws IOException {
        boolean negative = reply[replyStart + 1] == '-';
        long value = 0;
        for (int i = replyStart + (negative ? 2 : 1); i < end; i++) {
            int digit = reply[i] - '0';
            if (digit < 0 || digit > 9) {
                throw unexpected(end);
            }
            value = value * 10 + digit;
        }
        replyStart = end + 2;
        return negative ? -value : value;
    }

    private void fill() throws IOException {
        if (replyStart == replyEnd) {
            replyStart = 0;
            replyEnd = 0;
        } else if (replyEnd == BUFFER) {
            if (replyStart == 0) {
                throw new IOException("reply line longer than " + BUFFER + " bytes");
            }
            System.arraycopy(reply, replyStart, reply, 0, replyEnd - replyStart);
            replyEnd -= replyStart;
            replyStart = 0;
        }
        int read = in.read(reply, replyEnd, BUFFER - replyEnd);
        if (read < 0) {
            throw new EOFException("connection closed");
        }
        replyEnd += read;
    }

    /** An error reply ({@code -ERR ...}) or anything else that is not the expected reply; consumes the line. */
    private IllegalStateException unexpected(int end) {
        String line = new String(reply, replyStart, end - replyStart, StandardCharsets.UTF_8);
        replyStart = end + 2;
        return new IllegalStateException(line.startsWith("-") ? "redis error: " + line.substring(1)
                : "unexpected reply: " + line);
    }
}
