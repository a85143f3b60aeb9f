package dev.proxystore.stream;

/**
 * Sends opaque messages to topics of a message broker: the transport under a stream producer. Implementations wrap
 * a broker client (an in-process queue, Redis, Kafka) and are thread-safe.
 */
public interface MessagePublisher extends AutoCloseable {

    /**
     * Sends {@code message} to {@code topic}. Messages of one topic sent by one thread arrive in the order sent.
     *
     * @throws StreamException if the broker refuses or cannot be reached
     * @throws IllegalStateException if closed
     */
    void sendMessage(String topic, byte[] message);

    /**
     * Waits until every message sent so far has been handed to the broker. A publisher that sends synchronously has
     * nothing to do.
     *
     * @throws StreamException if a message could not be delivered
     */
    default void flush() {}

    /** Releases what this publisher opened; a client the application gave it stays open. Idempotent. */
    @Override
    void close();
}
