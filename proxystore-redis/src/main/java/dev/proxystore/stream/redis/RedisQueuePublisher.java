package dev.proxystore.stream.redis;

import dev.proxystore.stream.MessagePublisher;
import dev.proxystore.stream.StreamException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Appends each message to the Redis list named by its topic ({@code RPUSH}), where it waits until one
 * {@link RedisQueueSubscriber} takes it: each message reaches exactly one consumer, and messages sent before any
 * consumer exists are kept. The list is the topic itself, so Python's {@code RedisQueuePublisher} and this one feed the
 * same queue.
 *
 * <p>Thread-safe; messages a thread sends to one topic are queued in that order. {@link #close()} leaves the factory
 * open.
 */
public final class RedisQueuePublisher implements MessagePublisher {

    private final Broker broker;
    private final AtomicBoolean closed = new AtomicBoolean();

    public RedisQueuePublisher(RedisConnectionFactory connectionFactory) {
        this.broker = new Broker(connectionFactory);
    }

    /**
     * {@code RPUSH topic message}.
     *
     * @throws StreamException naming the server and the topic if Redis fails or cannot be reached
     * @throws IllegalStateException if closed
     */
    @Override
    public void sendMessage(String topic, byte[] message) {
        Broker.requireTopic(topic);
        Objects.requireNonNull(message, "message");
        if (closed.get()) {
            throw new IllegalStateException("RedisQueuePublisher is closed; cannot send to " + Broker.topic(topic));
        }
        broker.call("RPUSH", Broker.topic(topic),
                connection -> connection.listCommands().rPush(Broker.key(topic), message));
    }

    /** Stops sending; the connection factory stays open. Idempotent. */
    @Override
    public void close() {
        closed.set(true);
    }
}
