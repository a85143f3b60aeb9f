package dev.proxystore.connector.redis;

import dev.proxystore.serialize.Payload;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The commands on Lettuce's own asynchronous API, past Spring Data's conversions, each awaited until a deadline of the
 * connector's own (so a store on an application's factory does not inherit a long command timeout, and a command
 * still queued while Redis is unreachable is cancelled when its caller gives up): a {@code SET} whose {@link Payload}
 * is written straight into Lettuce's buffer, a {@code GET} whose reply a reader decodes where Lettuce holds it, and
 * one pipelined {@code STRLEN} per key of a batch. Each call borrows a connection held open for the connector
 * ({@link HeldConnections}; with the default shared native connection: a handle on the one multiplexed connection).
 *
 * <p>Spring Data's {@link LettuceConnection#getNativeConnection()} is typed {@code <byte[], byte[]>}, and everything
 * dispatched here is typed alike (the payload travels in its own {@link PayloadArgs}), so no cast is involved.
 */
final class LettuceCommands extends FactoryCommands {

    private final long timeoutMillis;

    LettuceCommands(LettuceConnectionFactory factory, Duration timeout, String location, String owner) {
        super(factory, location, owner);
        this.timeoutMillis = Math.max(1, timeout.toMillis());
    }

    @Override
    void set(String key, byte[] rawKey, byte[] value) {
        run("SET", key, async -> List.of(async.set(rawKey, value)));
    }

    @Override
    void set(String key, byte[] rawKey, Payload payload) {
        run("SET", key, async -> List.of(async.dispatch(CommandType.SET, new StatusOutput<>(ByteArrayCodec.INSTANCE),
                new PayloadArgs(rawKey, payload))));
    }

    @Override
    void set(String key, byte[] rawKey, Payload payload, long millis) {
        run("PSETEX", key, async -> List.of(async.dispatch(CommandType.PSETEX,
                new StatusOutput<>(ByteArrayCodec.INSTANCE), new PayloadArgs(rawKey, millis, payload))));
    }

    @Override
    byte @Nullable [] get(String key, byte[] rawKey) {
        return run("GET", key, async -> List.of(async.get(rawKey))).get(0);
    }

    @Override
    <T> @Nullable T get(String key, byte[] rawKey, Function<ByteBuffer, T> reader) {
        ReaderOutput<T> output = new ReaderOutput<>(reader);
        T value = run("GET", key, async -> List.of(async.dispatch(CommandType.GET, output,
                new CommandArgs<>(ByteArrayCodec.INSTANCE).addKey(rawKey)))).get(0);
        RuntimeException failure = output.failure();
        if (failure != null) {
            throw failure;
        }
        return value;
    }

    @Override
    long length(String key, byte[] rawKey) {
        Long length = run("STRLEN", key, async -> List.of(async.strlen(rawKey))).get(0);
        return length == null ? 0 : length;
    }

    /** {@inheritDoc} All sent before any reply is awaited (on a cluster each to its node): one round trip. */
    @Override
    long[] lengths(List<String> keys, byte[][] rawKeys) {
        List<@Nullable Long> replies = run("STRLEN", rawKeys.length + " keys", async -> {
            List<RedisFuture<Long>> sent = new ArrayList<>(rawKeys.length);
            for (byte[] rawKey : rawKeys) {
                sent.add(async.strlen(rawKey));
            }
            return sent;
        });
        long[] lengths = new long[rawKeys.length];
        for (int i = 0; i < lengths.length; i++) {
            Long length = replies.get(i);
            lengths[i] = length == null ? 0 : length;
        }
        return lengths;
    }

    @Override
    boolean exists(String key, byte[] rawKey) {
        Long count = run("EXISTS", key, async -> List.of(async.exists(rawKey))).get(0);
        return count != null && count > 0;
    }

    @Override
    long delete(String subject, byte[]... rawKeys) {
        Long deleted = run("DEL", subject, async -> List.of(async.del(rawKeys))).get(0);
        return deleted == null ? 0 : deleted;
    }

    @Override
    void expire(String key, byte[] rawKey, long millis) {
        run("PEXPIRE", key, async -> List.of(async.pexpire(rawKey, millis)));
    }

    @Override
    void setAll(String subject, Map<byte[], byte[]> values) {
        run("MSET", subject, async -> List.of(async.mset(values)));
    }

    @Override
    List<byte @Nullable []> getAll(String subject, byte[][] rawKeys) {
        List<KeyValue<byte[], byte[]>> pairs = run("MGET", subject, async -> List.of(async.mget(rawKeys))).get(0);
        if (pairs == null) {
            return List.of();
        }
        List<byte @Nullable []> values = new ArrayList<>(pairs.size());
        for (KeyValue<byte[], byte[]> pair : pairs) {
            values.add(pair.getValueOrElse(null));
        }
        return Collections.unmodifiableList(values);
    }

    /**
     * Sends the commands {@code send} dispatches, then awaits every reply until one deadline; on a timeout or an
     * interrupt the replies not yet received are cancelled, so a command still queued is never sent.
     */
    private <R> List<@Nullable R> run(String command, String subject,
            Function<RedisClusterAsyncCommands<byte[], byte[]>, List<? extends RedisFuture<R>>> send) {
        RedisConnection connection = borrow(command, subject);
        List<? extends RedisFuture<R>> replies = List.of();
        try {
            if (!(connection instanceof LettuceConnection lettuce)) {
                throw new IllegalStateException("the Lettuce factory gave a " + connection.getClass().getName());
            }
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            replies = send.apply(lettuce.getNativeConnection());
            List<@Nullable R> values = new ArrayList<>(replies.size());
            for (RedisFuture<R> reply : replies) {
                values.add(reply.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS));
            }
            release(connection);
            return values;
        } catch (ExecutionException e) {
            discard(connection);
            throw failed(command, subject, e.getCause() == null ? e : e.getCause());
        } catch (TimeoutException e) {
            cancel(replies);
            discard(connection);
            throw timedOut(command, subject, timeoutMillis, e);
        } catch (InterruptedException e) {
            cancel(replies);
            discard(connection);
            throw interrupted(command, subject, e);
        } catch (RuntimeException e) {
            discard(connection);
            throw failed(command, subject, e);
        }
    }

    private static void cancel(List<? extends RedisFuture<?>> replies) {
        for (RedisFuture<?> reply : replies) {
            reply.cancel(false);
        }
    }
}
