package dev.proxystore.stream.redis;

import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.UnblockType;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * A connection the subscriber opens from the Lettuce factory's {@link RedisClient} (its address, credentials,
 * database and client options) and closes itself. {@link #wake()} sends {@code CLIENT UNBLOCK} for it on the factory's
 * own connection, so a waiting command returns at once with its reply intact.
 */
final class LettuceReads implements BlockingReads {

    /** How long {@link #wake()} waits for the server to take its {@code CLIENT UNBLOCK}. */
    private static final long WAKE_TIMEOUT_MILLIS = 1_000;

    private final Broker broker;
    private final String topics;
    private final LettuceConnectionFactory factory;
    private final StatefulRedisConnection<byte[], byte[]> connection;
    private final long clientId;
    /** How long past its own wait a command may take to answer before the subscriber gives up on it. */
    private final long graceMillis;

    private LettuceReads(Broker broker, String topics, LettuceConnectionFactory factory,
            StatefulRedisConnection<byte[], byte[]> connection, long clientId) {
        this.broker = broker;
        this.topics = topics;
        this.factory = factory;
        this.connection = connection;
        this.clientId = clientId;
        this.graceMillis = Math.max(1_000, factory.getClientConfiguration().getCommandTimeout().toMillis());
    }

    /** The connection, or {@code null} when the factory is not Lettuce's or its client opens no standalone connection. */
    static @Nullable LettuceReads open(Broker broker, String topics) {
        if (!(broker.factory() instanceof LettuceConnectionFactory factory)
                || !(factory.getNativeClient() instanceof RedisClient client)) {
            // Cluster, or a factory that is not started: the connection borrowed from the factory serves
            return null;
        }
        StatefulRedisConnection<byte[], byte[]> connection;
        try {
            connection = client.connect(ByteArrayCodec.INSTANCE);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // a client without a default address (static master/replica): a connection borrowed from the factory serves
            return null;
        } catch (RuntimeException e) {
            throw broker.failed("connecting a subscriber", topics, e);
        }
        try {
            long id = connection.sync().clientId();
            return new LettuceReads(broker, topics, factory, connection, id);
        } catch (RuntimeException e) {
            connection.close();
            throw broker.failed("CLIENT ID", topics, e);
        }
    }

    @Override
    public @Nullable Popped pop(byte[][] keys, Duration wait) {
        // at least 10 ms: Redis 6.2 truncates a fractional timeout, reading 0.001 as 0, which blocks for ever
        double seconds = Math.max(10, wait.toMillis()) / 1000.0;
        KeyValue<byte[], byte[]> popped = await("BLPOP", () -> connection.async().blpop(seconds, keys), wait,
                unread -> {
                    if (unread.hasValue()) {
                        connection.sync().lpush(unread.getKey(), unread.getValue());
                    }
                });
        if (popped == null || !popped.hasValue()) {
            return null;
        }
        return new Popped(popped.getKey(), popped.getValue());
    }

    @Override
    @SuppressWarnings("unchecked")
    public void awaitEntry(byte[][] keys, String[] afterIds, Duration wait) {
        StreamOffset<byte[]>[] offsets = (StreamOffset<byte[]>[]) new StreamOffset<?>[keys.length];
        for (int i = 0; i < keys.length; i++) {
            offsets[i] = StreamOffset.from(keys[i], afterIds[i]);
        }
        XReadArgs args = XReadArgs.Builder.block(Math.max(1, wait.toMillis())).count(1);
        await("XREAD", () -> connection.async().xread(args, offsets), wait, unread -> {});
    }

    @Override
    public void wake() {
        try (RedisConnection shared = factory.getConnection()) {
            if (shared instanceof LettuceConnection lettuce) {
                lettuce.getNativeConnection().clientUnblock(clientId, UnblockType.TIMEOUT)
                        .get(WAKE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw broker.failed("CLIENT UNBLOCK", topics, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw broker.failed("CLIENT UNBLOCK", topics, e);
        }
    }

    /**
     * Wakes the waiting command or, if the server has not taken the {@code CLIENT UNBLOCK} within a second (it does not
     * answer, or the factory cannot even connect), closes the connection under it.
     */
    @Override
    public void stop() {
        CompletableFuture<Void> woken = CompletableFuture.runAsync(this::wake, command -> {
            Thread thread = new Thread(command, "proxystore-redis-wake");
            thread.setDaemon(true);
            thread.start();
        });
        try {
            woken.get(WAKE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            connection.closeAsync();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            connection.closeAsync();
        }
    }

    @Override
    public void close() {
        connection.close();
    }

    /**
     * Sends a command and awaits its reply within {@code wait} and some grace. Interrupted, it ends the command on the server, hands a reply that
     * came meanwhile to {@code unread} (which puts back what the command took) and throws with the interrupt flag set.
     */
    private <T> @Nullable T await(String command, Supplier<RedisFuture<T>> send, Duration wait, Consumer<T> unread) {
        long millis = wait.toMillis() + graceMillis;
        RedisFuture<T> reply;
        try {
            reply = send.get();
        } catch (RuntimeException e) {
            throw broker.failed(command, topics, e);
        }
        try {
            return reply.get(millis, TimeUnit.MILLISECONDS);
        } catch (CancellationException e) {
            // the connection was closed under the command
            throw broker.failed(command, topics, e);
        } catch (ExecutionException e) {
            throw broker.failed(command, topics, e.getCause() == null ? e : e.getCause());
        } catch (TimeoutException e) {
            throw broker.failed(command, topics, new TimeoutException("no reply within " + millis + " ms"));
        } catch (InterruptedException e) {
            try {
                wake();
                T late = reply.get(graceMillis, TimeUnit.MILLISECONDS);
                if (late != null) {
                    unread.accept(late);
                }
            } catch (RuntimeException | ExecutionException | TimeoutException | InterruptedException cleanup) {
                e.addSuppressed(cleanup);
            }
            Thread.currentThread().interrupt();
            throw broker.failed(command, topics, e);
        }
    }
}
