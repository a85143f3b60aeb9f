package dev.proxystore.stream.redis;

import dev.proxystore.stream.MessageSubscriber;
import dev.proxystore.stream.StreamException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.SubscriptionListener;

/**
 * Receives the messages published to the Redis pub/sub channels named by its topics, as {@link RedisPublisher} sends
 * them. The constructor returns once Redis has confirmed the subscription to every channel, so every message
 * published after it returns is received; messages published before, or while the connection is down, are not (Redis
 * keeps nothing for absent subscribers). Messages of one channel arrive in the order published.
 *
 * <p>The subscription has a connection of its own (Spring Data's pub/sub connection of the factory's driver). Messages
 * wait in memory until read, so a reader that falls behind costs heap rather than a disconnect by Redis. With Lettuce
 * the subscription survives a reconnect (Lettuce subscribes again); with a driver whose subscription ends when its
 * connection breaks (Jedis), the next read throws a {@link StreamException}. {@link #close()} unsubscribes, wakes a
 * waiting reader, closes the subscription's connection and leaves the factory open.
 */
public final class RedisSubscriber implements MessageSubscriber {

    /** How long the constructor waits for the subscription's confirmation past the driver's own timeouts. */
    private static final Duration CONFIRMATION_TIMEOUT = Duration.ofSeconds(60);
    private static final Object CLOSED = new Object();

    private final String topics;
    private final ReaderGate gate;
    /** Messages ({@code byte[]}), a {@link StreamException} once the subscription failed, or {@link #CLOSED}. */
    private final LinkedBlockingQueue<Object> received = new LinkedBlockingQueue<>();
    private final RedisConnection connection;
    private volatile boolean closing;

    /**
     * Subscribes and waits until Redis confirms the subscription to every topic.
     *
     * @throws StreamException naming the server and the topics if Redis cannot be reached or refuses
     */
    public RedisSubscriber(RedisConnectionFactory connectionFactory, String... topics) {
        List<String> names = Broker.requireTopics(topics);
        Broker broker = new Broker(connectionFactory);
        this.topics = Broker.topics(names);
        this.gate = new ReaderGate("RedisSubscriber of " + this.topics);
        byte[][] channels = names.stream().map(Broker::key).toArray(byte[][]::new);
        try {
            this.connection = connectionFactory.getConnection();
        } catch (RuntimeException e) {
            throw broker.failed("SUBSCRIBE", this.topics, e);
        }
        Listener listener = new Listener(names);
        AtomicReference<@Nullable RuntimeException> failure = new AtomicReference<>();
        // Lettuce returns once subscribed; Jedis keeps the calling thread to dispatch messages until unsubscribed
        Thread subscribing = new Thread(() -> {
            try {
                connection.subscribe(listener, channels);
            } catch (RuntimeException e) {
                failure.set(e);
                listener.confirmed.countDown();
                if (!closing) {
                    received.add(broker.failed("SUBSCRIBE", this.topics, e));
                }
            }
        }, "proxystore-redis-subscriber " + names);
        subscribing.setDaemon(true);
        subscribing.start();
        try {
            boolean confirmed = listener.confirmed.await(CONFIRMATION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            RuntimeException failed = failure.get();
            if (failed != null || !confirmed) {
                closing = true;
                closeQuietly();
                throw broker.failed("SUBSCRIBE", this.topics, failed != null ? failed
                        : new IllegalStateException("no confirmation within " + CONFIRMATION_TIMEOUT));
            }
        } catch (InterruptedException e) {
            closing = true;
            closeQuietly();
            Thread.currentThread().interrupt();
            throw broker.failed("SUBSCRIBE", this.topics, e);
        }
    }

    @Override
    public byte[] nextMessage() {
        return Objects.requireNonNull(take(-1));
    }

    @Override
    public Optional<byte[]> nextMessage(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        return Optional.ofNullable(take(Math.max(0, timeout.toNanos())));
    }

    /** Unsubscribes, wakes a waiting reader and closes the subscription's connection. Idempotent. */
    @Override
    public void close() {
        gate.close(() -> received.add(CLOSED), () -> {
            closing = true;
            connection.close();
        });
    }

    private byte @Nullable [] take(long timeoutNanos) {
        gate.enter();
        try {
            Object item = timeoutNanos < 0 ? received.take() : received.poll(timeoutNanos, TimeUnit.NANOSECONDS);
            if (item == null) {
                return null;
            }
            if (item == CLOSED) {
                throw gate.closedException();
            }
            if (item instanceof StreamException failed) {
                received.add(failed);
                throw new StreamException(String.valueOf(failed.getMessage()), failed);
            }
            return (byte[]) item;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StreamException("waiting for a message of " + topics + " was interrupted", e);
        } finally {
            gate.exit();
        }
    }

    private void closeQuietly() {
        try {
            connection.close();
        } catch (RuntimeException e) {
            // the subscription failed already; that failure is the one reported
        }
    }

    /** Queues each message; counts down once every channel's subscription is confirmed. */
    private final class Listener implements MessageListener, SubscriptionListener {

        private final Set<String> unconfirmed = ConcurrentHashMap.newKeySet();
        private final CountDownLatch confirmed = new CountDownLatch(1);

        Listener(List<String> channels) {
            unconfirmed.addAll(channels);
        }

        @Override
        public void onMessage(Message message, byte @Nullable [] pattern) {
            received.add(message.getBody());
        }

        @Override
        public void onChannelSubscribed(byte[] channel, long count) {
            unconfirmed.remove(new String(channel, StandardCharsets.UTF_8));
            if (unconfirmed.isEmpty()) {
                confirmed.countDown();
            }
        }
    }
}
