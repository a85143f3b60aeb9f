package dev.proxystore.stream.redis;

import dev.proxystore.stream.MessageSubscriber;
import dev.proxystore.stream.StreamException;
import dev.proxystore.stream.redis.BlockingReads.Popped;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Takes messages from the Redis lists named by its topics ({@code BLPOP}), as a {@link RedisQueuePublisher} appends
 * them: each message goes to one subscriber, in the order of its list; with several topics the subscriber takes from
 * them in turn, so no topic starves another.
 *
 * <p>A message leaves Redis when it is taken: one that a reader has been handed and not yet processed is lost if the
 * process dies (at most once). A wait that {@link #close()} or an interrupt ends loses nothing while Redis answers,
 * on a Lettuce standalone or Sentinel factory (an element taken meanwhile goes back to the head of its list) or on
 * Jedis (the wait ends first); through a Lettuce cluster factory an interrupt that comes just as an element is taken
 * may lose it. Use
 * {@link RedisStreamSubscriber} where every message must be processed at least once.
 *
 * <p>Waits on a connection of its own (see the {@linkplain dev.proxystore.stream.redis package}); {@link #close()}
 * wakes a waiting reader, closes that connection and leaves the factory open.
 */
public final class RedisQueueSubscriber implements MessageSubscriber {

    private final Broker broker;
    private final String topics;
    private final byte[][] keys;
    private final ReaderGate gate;
    private final BlockingReads reads;
    private int next;

    /**
     * @throws StreamException naming the server if Redis cannot be reached
     */
    public RedisQueueSubscriber(RedisConnectionFactory connectionFactory, String... topics) {
        List<String> names = Broker.requireTopics(topics);
        this.broker = new Broker(connectionFactory);
        this.topics = Broker.topics(names);
        this.keys = names.stream().map(Broker::key).toArray(byte[][]::new);
        this.gate = new ReaderGate("RedisQueueSubscriber of " + this.topics);
        this.reads = BlockingReads.open(broker, this.topics);
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

    /** Stops receiving: wakes a waiting reader, closes this subscriber's connection. Idempotent. */
    @Override
    public void close() {
        gate.close(reads::stop, reads::close);
    }

    /** The next message, or {@code null} once {@code timeoutNanos} passed; a negative timeout waits for ever. */
    private byte @Nullable [] take(long timeoutNanos) {
        gate.enter();
        try {
            long deadline = System.nanoTime() + timeoutNanos;
            while (true) {
                Broker.checkInterrupt(topics);
                long left = timeoutNanos < 0 ? Long.MAX_VALUE : deadline - System.nanoTime();
                Duration wait = left <= 0 ? Duration.ofMillis(1) : min(Duration.ofNanos(left), broker.maxWait());
                Popped popped = reads.pop(rotated(), wait);
                if (popped != null) {
                    return popped.value();
                }
                gate.checkOpen();
                if (timeoutNanos >= 0 && deadline - System.nanoTime() <= 0) {
                    return null;
                }
            }
        } catch (StreamException e) {
            gate.checkOpen();
            throw e;
        } finally {
            gate.exit();
        }
    }

    /** The keys starting one further each call, as {@code BLPOP} takes from the first non-empty list it is given. */
    private byte[][] rotated() {
        int start = next;
        next = (next + 1) % keys.length;
        byte[][] order = new byte[keys.length][];
        for (int i = 0; i < keys.length; i++) {
            order[i] = keys[(start + i) % keys.length];
        }
        return order;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
