package dev.proxystore.connector.redis;

import dev.proxystore.connector.ConnectorException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Runs a connector's commands on connections borrowed from its factory through Spring Data Redis' raw
 * {@code byte[]} API, and turns every failure into a {@link ConnectorException} naming the server and the command.
 * Refuses to run anything once {@link #close() closed}.
 */
final class RedisCommands {

    private final RedisConnectionFactory factory;
    private final String location;
    private final String owner;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param location where the factory connects, for error messages
     * @param owner the connector, named when it is used after {@link #close()}
     */
    RedisCommands(RedisConnectionFactory factory, String location, String owner) {
        this.factory = factory;
        this.location = location;
        this.owner = owner;
    }

    /**
     * Runs {@code action} on a borrowed connection and gives it back.
     *
     * @param command the Redis command, for error messages
     * @param subject what it is about (a key, a number of keys), for error messages
     * @throws ConnectorException if the connection or command fails
     * @throws IllegalStateException if closed
     */
    <T> @Nullable T execute(String command, String subject, Function<RedisConnection, @Nullable T> action) {
        requireOpen();
        try (RedisConnection connection = factory.getConnection()) {
            return action.apply(connection);
        } catch (RuntimeException e) {
            throw failed(command, subject, e);
        }
    }

    /** Deletes {@code rawKeys}, adding any failure to {@code failure} as suppressed. */
    void deleteQuietly(byte[][] rawKeys, ConnectorException failure) {
        try (RedisConnection connection = factory.getConnection()) {
            connection.keyCommands().del(rawKeys);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** @throws IllegalStateException if closed */
    void requireOpen() {
        if (closed.get()) {
            throw new IllegalStateException(owner + " is closed");
        }
    }

    /** The factory, whose connections the caller must close. */
    RedisConnectionFactory factory() {
        return factory;
    }

    /** The exception for {@code command} about {@code subject} that failed with {@code cause}. */
    ConnectorException failed(String command, String subject, Throwable cause) {
        return new ConnectorException(location + ": " + command + " " + subject + " failed: " + reason(cause), cause);
    }

    /** The exception for {@code command} about {@code subject} that got no reply within {@code millis}. */
    ConnectorException timedOut(String command, String subject, long millis, Throwable cause) {
        return new ConnectorException(location + ": " + command + " " + subject + " timed out after " + millis
                + " ms", cause);
    }

    /** The exception for {@code command} about {@code subject} whose wait was interrupted; keeps the interrupt. */
    ConnectorException interrupted(String command, String subject, InterruptedException cause) {
        Thread.currentThread().interrupt();
        return new ConnectorException(location + ": " + command + " " + subject + " interrupted", cause);
    }

    /** Stops running commands; {@code true} the first time only. */
    boolean close() {
        return closed.compareAndSet(false, true);
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
