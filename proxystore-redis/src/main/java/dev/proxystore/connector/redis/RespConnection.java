package dev.proxystore.connector.redis;

import dev.proxystore.connector.PartReader;
import dev.proxystore.serialize.Payload;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One blocking connection to a Redis server speaking RESP2, for one thread at a time: a command is written with one
 * {@code write} (a value larger than the buffer goes out chunk by chunk, from its own arrays), and its reply read
 * straight into an array of the announced length. No event loop and no thread hand-off: the calling thread writes and
 * reads.
 *
 * <p>Timeouts: a command that has not completed {@code timeout} after it started closes the connection from the
 * {@link Watchdog} thread, which wakes the blocked caller; the connection is then unusable. A socket read timeout would
 * make the JDK poll before every read.
 */
final class RespConnection implements AutoCloseable {

    private static final int BUFFER = 128 * 1024;
    private static final byte[] CRLF = {'\r', '\n'};
    private static final int PEEK = 64;
    private static final long IDLE = Long.MIN_VALUE;
    private static final long EXPIRED = Long.MIN_VALUE + 1;
    /** The longest line (status, error, number) read from a reply. */
    private static final int MAX_LINE = 64 * 1024;

    private final SocketChannel channel;
    private final long timeoutNanos;
    private final ByteBuffer out = ByteBuffer.allocateDirect(BUFFER);
    private final ByteBuffer in = ByteBuffer.allocateDirect(BUFFER).flip();

    /** Bytes written to the channel so far. */
    private long written;

    /**
     * When the running command times out, in {@link System#nanoTime()}; {@link #IDLE} between commands,
     * {@link #EXPIRED} once the watchdog claimed it. Whoever changes it from a command's deadline (the command ending,
     * or the watchdog) decides whether the connection lives on.
     */
    private final AtomicLong deadline = new AtomicLong(IDLE);
    private volatile boolean timedOut;

    /** Whether the running command handed reply bytes to a reader already (so it must not be sent again). */
    private boolean delivered;

    private RespConnection(SocketChannel channel, long timeoutNanos) {
        this.channel = channel;
        this.timeoutNanos = timeoutNanos;
    }

    /**
     * Connects within {@code timeoutMillis}, authenticates when a password is given and selects {@code database}
     * when it is not 0.
     *
     * @throws IOException if the server cannot be reached or refuses the credentials or database
     */
    static RespConnection open(String host, int port, long timeoutMillis, @Nullable String username,
            @Nullable String password, int database) throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
            channel.socket().connect(new InetSocketAddress(host, port),
                    (int) Math.min(Integer.MAX_VALUE, timeoutMillis));
            RespConnection connection = new RespConnection(channel, TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
            if (password != null) {
                if (username != null) {
                    connection.status(bytes("AUTH"), bytes(username), bytes(password));
                } else {
                    connection.status(bytes("AUTH"), bytes(password));
                }
            }
            if (database != 0) {
                connection.status(bytes("SELECT"), bytes(Integer.toString(database)));
            }
            return connection;
        } catch (IOException | RuntimeException e) {
            try {
                channel.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** Whether the connection can run another command. */
    boolean isOpen() {
        return channel.isOpen();
    }

    /** Whether the last command ran out of time (and the connection was closed for it). */
    boolean timedOut() {
        return timedOut;
    }

    /** A command whose reply is a simple string ({@code +OK}). */
    void status(byte[]... args) throws IOException {
        begin();
        try {
            writeCommand(args, null);
            readStatus();
        } finally {
            end();
        }
    }

    /** {@code args} followed by {@code payload} as the last argument, replied to with a simple string. */
    void status(Payload payload, byte[]... args) throws IOException {
        begin();
        try {
            writeCommand(args, payload);
            readStatus();
        } finally {
            end();
        }
    }

    /** A command whose reply is an integer. */
    long integer(byte[]... args) throws IOException {
        begin();
        try {
            writeCommand(args, null);
            return readInteger();
        } finally {
            end();
        }
    }

    /** Several commands sent at once (pipelined), each replied to with an integer: the replies in order. */
    long[] integers(List<byte[][]> commands) throws IOException {
        begin();
        try {
            out.clear();
            for (byte[][] command : commands) {
                putCommand(command, null);
            }
            flush();
            long[] replies = new long[commands.size()];
            IOException error = null;
            for (int i = 0; i < replies.length; i++) {
                try {
                    replies[i] = readInteger();
                } catch (ServerError e) {
                    error = error == null ? e : error;
                }
            }
            if (error != null) {
                throw error;
            }
            return replies;
        } finally {
            end();
        }
    }

    /**
     * A command whose reply is a bulk string, handed to {@code reader} read-only and valid during the call only: where
     * it lies in the receive buffer if it fits there; else part by part from the receive buffer if the reader is a
     * {@link PartReader} that takes it so; else in a pooled direct buffer ({@link ReplyBuffers}) up to
     * {@link ReplyBuffers#LARGEST} bytes, else in an array of its own. {@code null} for a nil reply.
     */
    <T> @Nullable T bulk(Function<ByteBuffer, T> reader, byte[]... args) throws IOException {
        begin();
        try {
            writeCommand(args, null);
            long length = readBulkLength();
            if (length < 0) {
                return null;
            }
            if (length + 2 <= in.capacity()) {
                buffer((int) length + 2);
                ByteBuffer view = in.slice(in.position(), (int) length).asReadOnlyBuffer();
                in.position(in.position() + (int) length + 2);
                return reader.apply(view);
            }
            if (reader instanceof PartReader<T> parts && startParts(parts, (int) length)) {
                readParts(parts, length);
                return parts.finish();
            }
            ByteBuffer body = length <= ReplyBuffers.LARGEST ? ReplyBuffers.take((int) length) : null;
            if (body != null) {
                try {
                    readBulkBody(body);
                    return reader.apply(body.asReadOnlyBuffer());
                } finally {
                    ReplyBuffers.give(body);
                }
            }
            return reader.apply(ByteBuffer.wrap(readBulkBody(length)));
        } finally {
            end();
        }
    }

    /** A command whose reply is a bulk string; {@code null} for a nil reply. */
    byte @Nullable [] bulk(byte[]... args) throws IOException {
        begin();
        try {
            writeCommand(args, null);
            return readBulk();
        } finally {
            end();
        }
    }

    /** A command whose reply is an array of bulk strings ({@code MGET}). */
    List<byte @Nullable []> bulks(byte[]... args) throws IOException {
        begin();
        try {
            writeCommand(args, null);
            int type = readByte();
            if (type == '-') {
                throw new ServerError(readLine());
            }
            if (type != '*') {
                throw protocol("an array", type);
            }
            long count = readNumber();
            if (count != args.length - 1) {
                throw new IOException("expected " + (args.length - 1) + " replies in the array, got " + count);
            }
            List<byte @Nullable []> values = new ArrayList<>((int) count);
            ServerError error = null;
            for (int i = 0; i < count; i++) {
                try {
                    values.add(readBulk());
                } catch (ServerError e) {
                    // read the rest of the array, so the connection stays in step with the server
                    error = error == null ? e : error;
                    values.add(null);
                }
            }
            if (error != null) {
                throw error;
            }
            return values;
        } finally {
            end();
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing a broken socket: nothing to release
        }
    }

    private void begin() throws IOException {
        if (!channel.isOpen()) {
            throw new IOException("connection closed");
        }
        timedOut = false;
        delivered = false;
        long due = System.nanoTime() + timeoutNanos;
        deadline.set(due == IDLE || due == EXPIRED ? due + 2 : due);
        Watchdog.INSTANCE.watch(this);
    }

    private void end() {
        long due = deadline.get();
        if (due == EXPIRED || !deadline.compareAndSet(due, IDLE)) {
            // the watchdog claimed the command: the connection closes, whatever the reply was
            close();
        }
        Watchdog.INSTANCE.forget(this);
    }

    /** Called by the watchdog: closes the connection if its command ran out of time. */
    private void expireIfLate(long now) {
        long due = deadline.get();
        if (due != IDLE && due != EXPIRED && now - due >= 0 && deadline.compareAndSet(due, EXPIRED)) {
            timedOut = true;
            close();
        }
    }

    /** Whether the last command handed reply bytes to a reader before it failed: sending it again would repeat them. */
    boolean delivered() {
        return delivered;
    }

    private void writeCommand(byte[][] args, @Nullable Payload payload) throws IOException {
        out.clear();
        putCommand(args, payload);
        flush();
    }

    private void putCommand(byte[][] args, @Nullable Payload payload) throws IOException {
        if (out.remaining() < 16) {
            flush();
        }
        out.put((byte) '*');
        putNumber(args.length + (payload == null ? 0 : 1));
        out.put(CRLF);
        for (byte[] arg : args) {
            bulkHeader(arg.length);
            putBytes(arg);
            putBytes(CRLF);
        }
        if (payload != null) {
            int size = payload.size();
            bulkHeader(size);
            if (size <= out.remaining()) {
                int start = out.position();
                payload.writeTo(out);
                requireWritten(size, out.position() - start);
            } else {
                flush();
                long before = written;
                payload.writeTo(new CountingChannel(), out);
                requireWritten(size, written - before);
                out.clear();
            }
            putBytes(CRLF);
        }
    }

    private static void requireWritten(int size, long written) throws IOException {
        if (written != size) {
            throw new IOException("payload wrote " + written + " bytes, not the " + size + " it announced");
        }
    }

    private void bulkHeader(int length) throws IOException {
        if (out.remaining() < 16) {
            flush();
        }
        out.put((byte) '$');
        putNumber(length);
        out.put(CRLF);
    }

    private void putNumber(long number) {
        out.put(Long.toString(number).getBytes(StandardCharsets.US_ASCII));
    }

    private void putBytes(byte[] bytes) throws IOException {
        int offset = 0;
        while (offset < bytes.length) {
            if (!out.hasRemaining()) {
                flush();
            }
            int length = Math.min(out.remaining(), bytes.length - offset);
            out.put(bytes, offset, length);
            offset += length;
        }
    }

    private void flush() throws IOException {
        out.flip();
        while (out.hasRemaining()) {
            written += channel.write(out);
        }
        out.clear();
    }

    private void readStatus() throws IOException {
        int type = readByte();
        if (type == '+') {
            readLine();
            return;
        }
        if (type == '-') {
            throw new ServerError(readLine());
        }
        throw protocol("a status", type);
    }

    private long readInteger() throws IOException {
        int type = readByte();
        if (type == ':') {
            return readNumber();
        }
        if (type == '-') {
            throw new ServerError(readLine());
        }
        throw protocol("an integer", type);
    }

    private byte @Nullable [] readBulk() throws IOException {
        long length = readBulkLength();
        return length < 0 ? null : readBulkBody(length);
    }

    /** Reads a bulk string's header: its length, -1 for nil. */
    private long readBulkLength() throws IOException {
        int type = readByte();
        if (type == '-') {
            throw new ServerError(readLine());
        }
        if (type != '$') {
            throw protocol("a bulk string", type);
        }
        long length = readNumber();
        if (length < -1 || length > Integer.MAX_VALUE - 8) {
            throw new IOException("a bulk string of " + length + " bytes in the reply");
        }
        return length;
    }

    /** Reads a bulk string's {@code length} bytes, and the line end after them, into an array of their own. */
    private byte[] readBulkBody(long length) throws IOException {
        if (length > Integer.MAX_VALUE - 8) {
            throw new IOException("a reply of " + length + " bytes does not fit an array");
        }
        byte[] value = new byte[(int) length];
        int offset = 0;
        while (offset < value.length) {
            if (!in.hasRemaining()) {
                fill();
            }
            int chunk = Math.min(in.remaining(), value.length - offset);
            in.get(value, offset, chunk);
            offset += chunk;
        }
        readByte();
        readByte();
        return value;
    }

    /** Offers a large reply to a part reader, with at least its first {@value #PEEK} bytes in the receive buffer. */
    private <T> boolean startParts(PartReader<T> parts, int length) throws IOException {
        buffer(Math.min(length, PEEK));
        delivered = true;
        return parts.start(in.slice(in.position(), Math.min(in.remaining(), length)).asReadOnlyBuffer(), length);
    }

    /**
     * Hands a bulk string's {@code length} bytes to {@code parts} as they arrive, each part where it lies in the
     * receive buffer, then reads the line end after them.
     */
    private <T> void readParts(PartReader<T> parts, long length) throws IOException {
        long left = length;
        while (left > 0) {
            if (!in.hasRemaining()) {
                fill();
            }
            int count = (int) Math.min(in.remaining(), left);
            parts.accept(in.slice(in.position(), count).asReadOnlyBuffer());
            in.position(in.position() + count);
            left -= count;
        }
        readByte();
        readByte();
    }

    /**
     * Reads a bulk string's body into {@code body} (cleared, its limit the body's length) and the line end after it,
     * leaving it flipped: what the receive buffer holds is copied, the rest read from the socket straight into it.
     */
    private void readBulkBody(ByteBuffer body) throws IOException {
        int buffered = Math.min(in.remaining(), body.remaining());
        body.put(in.slice(in.position(), buffered));
        in.position(in.position() + buffered);
        while (body.hasRemaining()) {
            if (channel.read(body) < 0) {
                throw new EOFException("the server closed the connection");
            }
        }
        body.flip();
        readByte();
        readByte();
    }

    private long readNumber() throws IOException {
        long value = 0;
        boolean negative = false;
        int digits = 0;
        for (int b = readByte(); b != '\r'; b = readByte()) {
            if (b == '-' && digits == 0 && !negative) {
                negative = true;
            } else if (b >= '0' && b <= '9') {
                if (++digits > 18) {
                    throw new IOException("a number of more than 18 digits in the reply");
                }
                value = value * 10 + (b - '0');
            } else {
                throw protocol("a digit", b);
            }
        }
        readByte();
        return negative ? -value : value;
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = readByte(); b != '\r'; b = readByte()) {
            if (line.length() == MAX_LINE) {
                throw new IOException("a reply line longer than " + MAX_LINE + " bytes");
            }
            line.append((char) b);
        }
        readByte();
        return line.toString();
    }

    private int readByte() throws IOException {
        if (!in.hasRemaining()) {
            fill();
        }
        return in.get() & 0xff;
    }

    /** Reads until the receive buffer holds at least {@code count} bytes (at most its capacity) of the reply. */
    private void buffer(int count) throws IOException {
        if (in.remaining() < count) {
            in.compact();
            while (in.position() < count) {
                readSome();
            }
            in.flip();
        }
    }

    private void fill() throws IOException {
        in.clear();
        readSome();
        in.flip();
    }

    /** Reads at least one byte into {@code in} (in write mode). */
    private void readSome() throws IOException {
        int read;
        do {
            read = channel.read(in);
            if (read < 0) {
                throw new EOFException("the server closed the connection");
            }
        } while (read == 0);
    }

    private static IOException protocol(String expected, int got) {
        return new IOException("expected " + expected + " in the reply, got '" + (char) got + "'");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The channel a large payload writes itself to, counting what it wrote. */
    private final class CountingChannel implements java.nio.channels.WritableByteChannel {

        @Override
        public int write(ByteBuffer source) throws IOException {
            int n = channel.write(source);
            written += n;
            return n;
        }

        @Override
        public boolean isOpen() {
            return channel.isOpen();
        }

        @Override
        public void close() {
            // the connection closes the channel
        }
    }

    /** An error reply ({@code -ERR ...}): the command failed, the connection is fine. */
    static final class ServerError extends IOException {

        private static final long serialVersionUID = 1L;

        ServerError(String message) {
            super(message);
        }
    }

    /**
     * Direct buffers for replies larger than a connection's receive buffer, shared by all connections, so that such a
     * reply is read from the socket straight into memory its reader decodes from: no array of its own, which for a
     * value of a megabyte or more is a large allocation. Buffers are sized in powers of two; at most
     * {@value #IDLE_BYTES} bytes of them are kept idle, the rest left to the garbage collector.
     */
    static final class ReplyBuffers {

        /** The largest reply read into a pooled buffer; larger ones get an array of their own. */
        static final int LARGEST = 16 * 1024 * 1024;
        static final long IDLE_BYTES = 32L * 1024 * 1024;

        /** At most this much pooled memory is lent out at once; a reply beyond it gets an array of its own. */
        static final long LENT_BYTES = 128L * 1024 * 1024;

        /** Guarded by itself. */
        private static final List<ByteBuffer> IDLE = new ArrayList<>();
        private static long idleBytes;
        private static long lentBytes;

        private ReplyBuffers() {
        }

        /**
         * The smallest idle buffer with room for {@code length} bytes, or a new one, cleared and limited to them;
         * {@code null} when that would lend out more than {@value #LENT_BYTES} bytes at once.
         */
        static @Nullable ByteBuffer take(int length) {
            int capacity = Math.max(Integer.highestOneBit(length - 1) << 1, BUFFER);
            synchronized (IDLE) {
                int best = -1;
                for (int i = 0; i < IDLE.size(); i++) {
                    int size = IDLE.get(i).capacity();
                    if (size >= length && (best < 0 || size < IDLE.get(best).capacity())) {
                        best = i;
                    }
                }
                if (best >= 0) {
                    ByteBuffer idle = IDLE.remove(best);
                    idleBytes -= idle.capacity();
                    lentBytes += idle.capacity();
                    return idle.clear().limit(length);
                }
                if (lentBytes + capacity > LENT_BYTES) {
                    return null;
                }
                lentBytes += capacity;
            }
            return ByteBuffer.allocateDirect(capacity).limit(length);
        }

        /** Takes back a buffer from {@link #take}, kept for a later reply if the idle ones leave room for it. */
        static void give(ByteBuffer buffer) {
            synchronized (IDLE) {
                lentBytes -= buffer.capacity();
                if (idleBytes + buffer.capacity() <= IDLE_BYTES) {
                    IDLE.add(buffer);
                    idleBytes += buffer.capacity();
                }
            }
        }
    }

    /** Closes connections whose command ran out of time; one daemon thread, ticking every 10 ms once started. */
    private static final class Watchdog implements Runnable {

        static final Watchdog INSTANCE = start();
        private static final long TICK_MILLIS = 10;

        private final Set<RespConnection> running = ConcurrentHashMap.newKeySet();

        private static Watchdog start() {
            Watchdog watchdog = new Watchdog();
            Thread thread = new Thread(watchdog, "proxystore-redis-timeouts");
            thread.setDaemon(true);
            thread.start();
            return watchdog;
        }

        void watch(RespConnection connection) {
            running.add(connection);
        }

        void forget(RespConnection connection) {
            running.remove(connection);
        }

        @Override
        public void run() {
            while (true) {
                try {
                    Thread.sleep(TICK_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
                long now = System.nanoTime();
                for (RespConnection connection : running) {
                    connection.expireIfLate(now);
                }
            }
        }
    }
}
