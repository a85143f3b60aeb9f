package dev.proxystore.stream;

import java.time.Duration;
import java.util.Optional;

/**
 * Receives the messages of the topics it subscribed to: the transport under a stream consumer. One thread reads a
 * subscriber at a time; {@link #close()} may be called from any thread and wakes a waiting reader.
 *
 * <p>A subscriber on a broker that acknowledges (Redis Streams, Kafka offsets) treats a message as processed once the
 * next one is asked for or the subscriber is closed; a message held by a reader that died is delivered again.
 */
public interface MessageSubscriber extends AutoCloseable {

    /**
     * The next message, waiting as long as it takes.
     *
     * @throws IllegalStateException if closed, before or while waiting
     * @throws StreamException if the broker fails, or the wait is interrupted (the interrupt flag stays set)
     */
    byte[] nextMessage();

    /**
     * The next message, or empty if none arrives within {@code timeout}.
     *
     * @throws IllegalStateException if closed, before or while waiting
     * @throws StreamException if the broker fails, or the wait is interrupted (the interrupt flag stays set)
     */
    Optional<byte[]> nextMessage(Duration timeout);

    /** Stops receiving and releases what this subscriber opened; a client the application gave it stays open. */
    @Override
    void close();
}
