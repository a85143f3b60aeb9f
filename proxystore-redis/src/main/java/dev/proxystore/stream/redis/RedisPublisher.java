package dev.proxystore.stream.redis;

import dev.proxystore.stream.MessagePublisher;
import dev.proxystore.stream.StreamException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Publishes each message to the Redis pub/sub channel named by its topic ({@code PUBLISH}). Redis hands a message to
 * the subscribers connected at that moment and keeps nothing: a message published while no subscriber listens is gone,
 * and every subscriber of a channel gets every message. {@link RedisQueuePublisher} keeps messages until one consumer
 * takes each; {@link RedisStreamPublisher} keeps them for consumer groups that acknowledge.
 *
 * <p>Thread-safe; messages a thread publishes to one channel arrive in that order. {@link #close()} leaves the factory
 * open.
 */
public final class RedisPublisher implements MessagePublisher {

    private final Broker broker;
    private final AtomicBoolean closed = new AtomicBoolean();

    public RedisPublisher(RedisConnectionFactory connectionFactory) {
        this.broker = new Broker(connectionFactory);
    }

    /**
     * {@code PUBLISH topic message}.
     *
     * @throws StreamException naming the server and the topic if Redis fails or cannot be reached
     * @throws IllegalStateException if closed
     */
    @Override
    public void sendMessage(String topic, byte[] message) {
        Broker.requireTopic(topic);
        Objects.requireNonNull(message, "message");
        if (closed.get()) {
            throw new IllegalStateException("RedisPublisher is closed; cannot publish to " + Broker.topic(topic));
        }
        broker.call("PUBLISH", Broker.topic(topic),
                connection -> connection.publish(Broker.key(topic), message));
    }

    /** Stops publishing; the connection factory stays open. Idempotent. */
    @Override
    public void close() {
        closed.set(true);
    }
}
