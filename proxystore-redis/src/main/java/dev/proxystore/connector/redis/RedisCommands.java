package dev.proxystore.connector.redis;

import dev.proxystore.connector.ConnectorException;
import dev.proxystore.serialize.Payload;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The Redis commands a connector sends, every failure turned into a {@link ConnectorException} naming the server, the
 * command and its subject (a key, a number of keys). Refuses to run anything once {@link #close() closed}.
 *
 * <p>On connections of the connector's own ({@link DirectCommands}) the calling thread writes each command and reads
 * its reply. On a Lettuce factory ({@link LettuceCommands}) the commands go through Lettuce's asynchronous API with a deadline
 * of their own, values are written from and read into Lettuce's buffers, and batches pipeline; on other factories
 * ({@link SpringDataCommands}) through Spring Data Redis' raw {@code byte[]} API, within the factory's timeouts.
 */
abstract class RedisCommands {

    private final String location;
    private final String owner;
    private final AtomicBoolean closed = new AtomicBoolean();

    RedisCommands(String location, String owner) {
        this.location = location;
        this.owner = owner;
    }

    /**
     * The commands on {@code factory}: Lettuce's own API with {@code timeout} (or, if {@code null}, the factory's
     * command timeout) as every command's deadline on a Lettuce factory; Spring Data Redis' API on others.
     *
     * @param location where the factory connects, for error messages
     * @param owner the connector, named when it is used after {@link #close()}
     * @throws IllegalArgumentException if a timeout is given for a factory other than Lettuce's
     */
    static RedisCommands of(RedisConnectionFactory factory, @Nullable Duration timeout, String location,
            String owner) {
        if (factory instanceof LettuceConnectionFactory lettuce) {
            Duration deadline = timeout != null ? timeout : Duration.ofMillis(lettuce.getTimeout());
            return new LettuceCommands(lettuce, deadline, location, owner);
        }
        if (timeout != null) {
            throw new IllegalArgumentException("a connector can enforce its own timeout only on a Lettuce connection"
                    + " factory, not on a " + factory.getClass().getName() + ": set that factory's timeout instead");
        }
        return new SpringDataCommands(factory, location, owner);
    }

    /** {@code SET rawKey value}; {@code key} names it in errors. */
    abstract void set(String key, byte[] rawKey, byte[] value);

    /** {@code SET rawKey payload}, the payload copied into the network buffer where the driver allows it. */
    void set(String key, byte[] rawKey, Payload payload) {
        set(key, rawKey, payload.toBytes());
    }

    /** {@code PSETEX rawKey millis payload}: the value and its expiry in one command. */
    abstract void set(String key, byte[] rawKey, Payload payload, long millis);

    /** {@code GET rawKey}; {@code null} when missing. */
    abstract byte @Nullable [] get(String key, byte[] rawKey);

    /**
     * {@code GET rawKey}, the reply handed to {@code reader} (where the driver holds it, if it can); {@code null} when
     * missing. A reader's exception is rethrown as it is.
     */
    <T> @Nullable T get(String key, byte[] rawKey, Function<ByteBuffer, T> reader) {
        byte[] value = get(key, rawKey);
        return value == null ? null : reader.apply(ByteBuffer.wrap(value));
    }

    /** {@code STRLEN rawKey}: the value's length, 0 for a missing key. */
    abstract long length(String key, byte[] rawKey);

    /** The length of each value, 0 for a missing key; {@code keys} names them in errors. */
    long[] lengths(List<String> keys, byte[][] rawKeys) {
        long[] lengths = new long[rawKeys.length];
        for (int i = 0; i < rawKeys.length; i++) {
            lengths[i] = length(keys.get(i), rawKeys[i]);
        }
        return lengths;
    }

    /** {@code EXISTS rawKey}. */
    abstract boolean exists(String key, byte[] rawKey);

    /** {@code DEL rawKeys}: the number of keys deleted; {@code subject} names them in errors. */
    abstract long delete(String subject, byte[]... rawKeys);

    /** {@code PEXPIRE rawKey millis}; a missing key is a no-op. */
    abstract void expire(String key, byte[] rawKey, long millis);

    /** {@code MSET}, split by hash slot on a cluster; {@code subject} names the batch in errors. */
    abstract void setAll(String subject, Map<byte[], byte[]> values);

    /** {@code MGET}, split by hash slot on a cluster: the values in order, {@code null} for missing keys. */
    abstract List<byte @Nullable []> getAll(String subject, byte[][] rawKeys);

    /** Deletes {@code rawKeys}, adding any failure to {@code failure} as suppressed. */
    void deleteQuietly(byte[][] rawKeys, ConnectorException failure) {
        try {
            delete(rawKeys.length + " keys", rawKeys);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** @throws IllegalStateException if closed */
    final void requireOpen() {
        if (closed.get()) {
            throw new IllegalStateException(owner + " is closed");
        }
    }

    /** Stops running commands and closes the connections kept open; {@code true} the first time only. */
    final boolean close() {
        boolean first = closed.compareAndSet(false, true);
        closeConnections();
        return first;
    }

    /** Closes the connections kept open between commands; those in use close when their command ends. */
    abstract void closeConnections();

    /** The exception for {@code command} about {@code subject} that failed with {@code cause}. */
    final ConnectorException failed(String command, String subject, Throwable cause) {
        return new ConnectorException(location + ": " + command + " " + subject + " failed: " + reason(cause), cause);
    }

    /** The exception for {@code command} about {@code subject} that got no reply within {@code millis}. */
    final ConnectorException timedOut(String command, String subject, long millis, Throwable cause) {
        return new ConnectorException(location + ": " + command + " " + subject + " timed out after " + millis
                + " ms", cause);
    }

    /** The exception for {@code command} about {@code subject} whose wait was interrupted; keeps the interrupt. */
    final ConnectorException interrupted(String command, String subject, InterruptedException cause) {
        Thread.currentThread().interrupt();
        return new ConnectorException(location + ": " + command + " " + subject + " interrupted", cause);
    }

    /** The exception's message and, when it adds something, its root cause's (the server's error text). */
    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(e.getMessage());
        String rootMessage = root.getMessage();
        return root == e || rootMessage == null || message.contains(rootMessage) ? message : message + ": " + rootMessage;
    }
}
