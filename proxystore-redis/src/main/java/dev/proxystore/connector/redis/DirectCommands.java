package dev.proxystore.connector.redis;

import dev.proxystore.serialize.Payload;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The commands on blocking connections of the connector's own ({@link RespConnection}), for a standalone server
 * without TLS: the calling thread writes the command and reads the reply, with no driver and no event loop between.
 * Connections are opened on demand, one per concurrent caller up to {@value #CONNECTION_LIMIT} (a caller beyond waits
 * for one, at most the command timeout), and kept open for the next command (at most {@value #IDLE_LIMIT} idle ones).
 *
 * <p>A command that fails on a connection kept from before (the server restarted, or closed idle clients) is sent
 * once more on a new connection: every command here is idempotent, so a repeat cannot apply twice what once would
 * not. A command that times out, or whose reply a reader had begun to take, is not repeated. The timeout bounds each
 * wait: for a free connection, for connecting, and for each attempt's reply.
 */
final class DirectCommands extends RedisCommands {

    static final int IDLE_LIMIT = 16;
    static final int CONNECTION_LIMIT = 64;

    private static final byte[] SET = ascii("SET");
    private static final byte[] PSETEX = ascii("PSETEX");
    private static final byte[] GET = ascii("GET");
    private static final byte[] STRLEN = ascii("STRLEN");
    private static final byte[] EXISTS = ascii("EXISTS");
    private static final byte[] DEL = ascii("DEL");
    private static final byte[] PEXPIRE = ascii("PEXPIRE");
    private static final byte[] MSET = ascii("MSET");
    private static final byte[] MGET = ascii("MGET");

    private final String host;
    private final int port;
    private final int database;
    private final long timeoutMillis;
    private final @Nullable String username;
    private final @Nullable String password;

    /** One permit per connection that may be in use at once. */
    private final Semaphore inUse = new Semaphore(CONNECTION_LIMIT);

    /** Idle connections, the most recently used last. Guarded by {@code this}. */
    private final ArrayDeque<RespConnection> idle = new ArrayDeque<>();

    /** Guarded by {@code this}. */
    private boolean closed;

    DirectCommands(String host, int port, int database, long timeoutMillis, @Nullable String username,
            @Nullable String password, String location, String owner) {
        super(location, owner);
        this.host = host;
        this.port = port;
        this.database = database;
        this.timeoutMillis = timeoutMillis;
        this.username = username;
        this.password = password;
    }

    /** A command on one connection: what it sends and reads. */
    @FunctionalInterface
    private interface Exchange<T> {
        @Nullable T run(RespConnection connection) throws IOException;
    }

    @Override
    void set(String key, byte[] rawKey, byte[] value) {
        run("SET", key, connection -> {
            connection.status(SET, rawKey, value);
            return null;
        });
    }

    @Override
    void set(String key, byte[] rawKey, Payload payload) {
        run("SET", key, connection -> {
            connection.status(payload, SET, rawKey);
            return null;
        });
    }

    @Override
    void set(String key, byte[] rawKey, Payload payload, long millis) {
        run("PSETEX", key, connection -> {
            connection.status(payload, PSETEX, rawKey, ascii(Long.toString(millis)));
            return null;
        });
    }

    @Override
    byte @Nullable [] get(String key, byte[] rawKey) {
        return run("GET", key, connection -> connection.bulk(GET, rawKey));
    }

    /**
     * {@inheritDoc} A reply is decoded where it lies in the connection's receive buffer if it fits there, else in a
     * pooled direct buffer it was read into up to 16 MiB, else from an array of its own.
     */
    @Override
    <T> @Nullable T get(String key, byte[] rawKey, Function<ByteBuffer, T> reader) {
        return run("GET", key, connection -> connection.bulk(reader, GET, rawKey));
    }

    /** {@inheritDoc} One pipelined {@code STRLEN} per key: one round trip. */
    @Override
    long[] lengths(List<String> keys, byte[][] rawKeys) {
        List<byte[][]> commands = new ArrayList<>(rawKeys.length);
        for (byte[] rawKey : rawKeys) {
            commands.add(new byte[][] {STRLEN, rawKey});
        }
        long[] lengths = run("STRLEN", keys.size() + " keys", connection -> connection.integers(commands));
        return lengths == null ? new long[rawKeys.length] : lengths;
    }

    @Override
    long length(String key, byte[] rawKey) {
        Long length = run("STRLEN", key, connection -> connection.integer(STRLEN, rawKey));
        return length == null ? 0 : length;
    }

    @Override
    boolean exists(String key, byte[] rawKey) {
        Long count = run("EXISTS", key, connection -> connection.integer(EXISTS, rawKey));
        return count != null && count > 0;
    }

    @Override
    long delete(String subject, byte[]... rawKeys) {
        byte[][] args = new byte[rawKeys.length + 1][];
        args[0] = DEL;
        System.arraycopy(rawKeys, 0, args, 1, rawKeys.length);
        Long deleted = run("DEL", subject, connection -> connection.integer(args));
        return deleted == null ? 0 : deleted;
    }

    @Override
    void expire(String key, byte[] rawKey, long millis) {
        run("PEXPIRE", key, connection -> connection.integer(PEXPIRE, rawKey, ascii(Long.toString(millis))));
    }

    @Override
    void setAll(String subject, Map<byte[], byte[]> values) {
        byte[][] args = new byte[1 + 2 * values.size()][];
        args[0] = MSET;
        int i = 1;
        for (Map.Entry<byte[], byte[]> entry : values.entrySet()) {
            args[i++] = entry.getKey();
            args[i++] = entry.getValue();
        }
        run("MSET", subject, connection -> {
            connection.status(args);
            return null;
        });
    }

    @Override
    List<byte @Nullable []> getAll(String subject, byte[][] rawKeys) {
        byte[][] args = new byte[rawKeys.length + 1][];
        args[0] = MGET;
        System.arraycopy(rawKeys, 0, args, 1, rawKeys.length);
        List<byte @Nullable []> values = run("MGET", subject, connection -> connection.bulks(args));
        return values == null ? List.of() : values;
    }

    @Override
    void closeConnections() {
        synchronized (this) {
            closed = true;
        }
        closeIdle();
    }

    /**
     * Runs {@code exchange} on an idle connection or a new one; once more on a new connection if a kept one failed
     * (not for a timeout or an error reply).
     */
    private <T> @Nullable T run(String command, String subject, Exchange<T> exchange) {
        requireOpen();
        try {
            if (!inUse.tryAcquire(timeoutMillis, TimeUnit.MILLISECONDS)) {
                throw timedOut(command, subject, timeoutMillis, new IOException("all " + CONNECTION_LIMIT
                        + " connections stayed busy"));
            }
        } catch (InterruptedException e) {
            throw interrupted(command, subject, e);
        }
        try {
            return runHoldingPermit(command, subject, exchange);
        } finally {
            inUse.release();
        }
    }

    private <T> @Nullable T runHoldingPermit(String command, String subject, Exchange<T> exchange) {
        RespConnection connection = takeIdle();
        boolean kept = connection != null;
        while (true) {
            if (connection == null) {
                try {
                    connection = RespConnection.open(host, port, timeoutMillis, username, password, database);
                } catch (IOException e) {
                    throw failed(command, subject, e);
                }
            }
            try {
                T result = exchange.run(connection);
                release(connection);
                return result;
            } catch (RespConnection.ServerError e) {
                release(connection);
                throw failed(command, subject, e);
            } catch (RuntimeException | Error e) {
                // a reader's own failure, rethrown as it is
                connection.close();
                throw e;
            } catch (IOException e) {
                connection.close();
                if (!kept || connection.timedOut() || connection.delivered()
                        || e instanceof ClosedByInterruptException) {
                    throw failure(command, subject, connection, e);
                }
                closeIdle();
                connection = null;
                kept = false;
            }
        }
    }

    private RuntimeException failure(String command, String subject, RespConnection connection, IOException e) {
        if (connection.timedOut()) {
            return timedOut(command, subject, timeoutMillis, e);
        }
        if (e instanceof ClosedByInterruptException) {
            return interrupted(command, subject, new InterruptedException("interrupted during " + command));
        }
        return failed(command, subject, e);
    }

    private synchronized @Nullable RespConnection takeIdle() {
        return idle.pollLast();
    }

    private void release(RespConnection connection) {
        synchronized (this) {
            if (!closed && connection.isOpen() && idle.size() < IDLE_LIMIT) {
                idle.addLast(connection);
                return;
            }
        }
        connection.close();
    }

    /**
     * Closes the idle connections: on close, and after one failed, since they are as old as it and likely broken the
     * same way.
     */
    private void closeIdle() {
        List<RespConnection> all;
        synchronized (this) {
            all = new ArrayList<>(idle);
            idle.clear();
        }
        all.forEach(RespConnection::close);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
