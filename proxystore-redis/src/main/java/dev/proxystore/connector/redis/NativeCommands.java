package dev.proxystore.connector.redis;

import dev.proxystore.serialize.Payload;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The commands a connector on a Lettuce factory sends on Lettuce's own asynchronous API, past Spring Data's
 * conversions: a {@code SET} whose {@link Payload} is written straight into Lettuce's buffer, a {@code GET} whose reply
 * a reader decodes where Lettuce holds it, and one pipelined {@code STRLEN} per key of a batch. Each call borrows a
 * connection from the factory (with the default shared native connection: the one multiplexed connection) and waits
 * for the replies within the factory's command timeout; failures become the same exceptions as through
 * {@link RedisCommands}.
 *
 * <p>Spring Data's {@link LettuceConnection#getNativeConnection()} is typed {@code <byte[], byte[]>}, and everything
 * dispatched here is typed alike (the payload travels in its own {@link PayloadArgs}), so no cast is involved.
 */
final class NativeCommands {

    private final LettuceConnectionFactory factory;
    private final RedisCommands commands;

    private NativeCommands(LettuceConnectionFactory factory, RedisCommands commands) {
        this.factory = factory;
        this.commands = commands;
    }

    /** The native commands on {@code commands}' factory, or {@code null} when that is not a Lettuce factory. */
    static @Nullable NativeCommands of(RedisCommands commands) {
        RedisConnectionFactory factory = commands.factory();
        return factory instanceof LettuceConnectionFactory lettuce ? new NativeCommands(lettuce, commands) : null;
    }

    /** {@code SET rawKey payload}, the payload written into the network buffer; {@code key} names it in errors. */
    void set(String key, byte[] rawKey, Payload payload) {
        run("SET", key, (async, deadline) -> await(async.dispatch(CommandType.SET,
                new StatusOutput<>(ByteArrayCodec.INSTANCE), new PayloadArgs(rawKey, payload)), deadline));
    }

    /**
     * {@code GET rawKey}, the reply handed to {@code reader} in Lettuce's buffer; {@code null} when missing. A reader's
     * exception is rethrown as it is.
     */
    <T> @Nullable T get(String key, byte[] rawKey, Function<ByteBuffer, T> reader) {
        ReaderOutput<T> output = new ReaderOutput<>(reader);
        T value = run("GET", key, (async, deadline) -> await(async.dispatch(CommandType.GET, output,
                new CommandArgs<>(ByteArrayCodec.INSTANCE).addKey(rawKey)), deadline));
        RuntimeException failure = output.failure();
        if (failure != null) {
            throw failure;
        }
        return value;
    }

    /**
     * The length of each value, 0 for a missing key: one {@code STRLEN} per key, all sent before any reply is awaited
     * (on a cluster each goes to the node of its slot), so the batch takes one round trip.
     */
    long[] lengths(byte[][] rawKeys) {
        return run("STRLEN", rawKeys.length + " keys", (async, deadline) -> {
            List<RedisFuture<Long>> replies = new ArrayList<>(rawKeys.length);
            for (byte[] rawKey : rawKeys) {
                replies.add(async.strlen(rawKey));
            }
            long[] lengths = new long[rawKeys.length];
            for (int i = 0; i < lengths.length; i++) {
                Long length = await(replies.get(i), deadline);
                lengths[i] = length == null ? 0 : length;
            }
            return lengths;
        });
    }

    private <R> R run(String command, String subject, Action<R> action) {
        commands.requireOpen();
        long timeout = factory.getTimeout();
        try (RedisConnection connection = factory.getConnection()) {
            if (!(connection instanceof LettuceConnection lettuce)) {
                throw new IllegalStateException("the Lettuce factory gave a " + connection.getClass().getName());
            }
            return action.run(lettuce.getNativeConnection(), System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout));
        } catch (ExecutionException e) {
            throw commands.failed(command, subject, e.getCause() == null ? e : e.getCause());
        } catch (TimeoutException e) {
            throw commands.timedOut(command, subject, timeout, e);
        } catch (InterruptedException e) {
            throw commands.interrupted(command, subject, e);
        } catch (RuntimeException e) {
            throw commands.failed(command, subject, e);
        }
    }

    private static <T> T await(RedisFuture<T> reply, long deadline)
            throws ExecutionException, TimeoutException, InterruptedException {
        return reply.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    /** Commands sent on the native connection, whose replies are awaited until {@code deadline} (nano time). */
    @FunctionalInterface
    private interface Action<R> {
        R run(RedisClusterAsyncCommands<byte[], byte[]> async, long deadline)
                throws ExecutionException, TimeoutException, InterruptedException;
    }
}
