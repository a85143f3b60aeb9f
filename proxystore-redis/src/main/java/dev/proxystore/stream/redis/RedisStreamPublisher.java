package dev.proxystore.stream.redis;

import dev.proxystore.stream.MessagePublisher;
import dev.proxystore.stream.StreamException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStreamCommands.TrimOptions;
import org.springframework.data.redis.connection.RedisStreamCommands.XAddOptions;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.StreamRecords;

/**
 * Appends each message to the Redis stream named by its topic ({@code XADD topic * message <bytes>}: one entry with
 * one field, {@value #FIELD}), for {@link RedisStreamSubscriber}s in consumer groups: each group gets every message,
 * each message goes to one consumer of a group, and stays pending until that consumer acknowledges it.
 *
 * <p>Redis keeps a stream's entries after every group has acknowledged them. By default a stream is never trimmed, so
 * no entry is lost before a group reads it, and the stream grows until trimmed ({@code XTRIM}) or deleted. With a
 * {@linkplain #RedisStreamPublisher(RedisConnectionFactory, long) maximum length} each {@code XADD} trims the stream to
 * about that many entries ({@code MAXLEN ~}): memory stays bounded, and a group that falls further behind than that
 * loses the oldest entries, pending ones too.
 *
 * <p>Thread-safe; messages a thread sends to one topic are appended in that order. {@link #close()} leaves the factory
 * open.
 */
public final class RedisStreamPublisher implements MessagePublisher {

    /** The field of a stream entry that holds the message. */
    public static final String FIELD = "message";

    static final byte[] FIELD_BYTES = Broker.key(FIELD);

    private final Broker broker;
    private final XAddOptions options;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Appends without trimming. */
    public RedisStreamPublisher(RedisConnectionFactory connectionFactory) {
        this.broker = new Broker(connectionFactory);
        this.options = XAddOptions.none();
    }

    /** Appends, trimming each stream to about {@code maxLength} entries ({@code MAXLEN ~ maxLength}). */
    public RedisStreamPublisher(RedisConnectionFactory connectionFactory, long maxLength) {
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength must be at least 1, got " + maxLength);
        }
        this.broker = new Broker(connectionFactory);
        this.options = XAddOptions.trim(TrimOptions.maxLen(maxLength).approximate());
    }

    /**
     * {@code XADD topic [MAXLEN ~ n] * message <message>}.
     *
     * @throws StreamException naming the server and the topic if Redis fails or cannot be reached
     * @throws IllegalStateException if closed
     */
    @Override
    public void sendMessage(String topic, byte[] message) {
        Broker.requireTopic(topic);
        Objects.requireNonNull(message, "message");
        if (closed.get()) {
            throw new IllegalStateException("RedisStreamPublisher is closed; cannot send to " + Broker.topic(topic));
        }
        MapRecord<byte[], byte[], byte[]> entry = StreamRecords.newRecord()
                .in(Broker.key(topic))
                .ofMap(Map.of(FIELD_BYTES, message));
        broker.call("XADD", Broker.topic(topic), connection -> connection.streamCommands().xAdd(entry, options));
    }

    /** Stops sending; the connection factory stays open. Idempotent. */
    @Override
    public void close() {
        closed.set(true);
    }
}
