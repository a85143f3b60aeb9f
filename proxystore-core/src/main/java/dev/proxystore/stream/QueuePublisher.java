package dev.proxystore.stream;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;

/**
 * A publisher onto in-process queues, one per topic: for streams between threads of one JVM, and for tests. Each
 * message goes to the one {@link QueueSubscriber} that takes it from its topic's queue; a full bounded queue makes
 * {@link #sendMessage} wait. Thread-safe.
 */
public final class QueuePublisher implements MessagePublisher {

    private final Map<String, BlockingQueue<byte[]>> queues;
    private volatile boolean closed;

    /** A publisher onto {@code queues}, by topic; the map is copied, the queues are shared. */
    public QueuePublisher(Map<String, BlockingQueue<byte[]>> queues) {
        this.queues = Map.copyOf(Objects.requireNonNull(queues, "queues"));
    }

    /**
     * Puts {@code message} on the queue of {@code topic}, waiting for room in a full bounded queue.
     *
     * @throws IllegalArgumentException if this publisher has no queue for {@code topic}
     * @throws StreamException if interrupted while waiting (the interrupt flag stays set)
     * @throws IllegalStateException if closed
     */
    @Override
    public void sendMessage(String topic, byte[] message) {
        Objects.requireNonNull(message, "message");
        if (closed) {
            throw new IllegalStateException("the queue publisher is closed");
        }
        BlockingQueue<byte[]> queue = queues.get(Objects.requireNonNull(topic, "topic"));
        if (queue == null) {
            throw new IllegalArgumentException("unknown topic '" + topic + "': this queue publisher has queues for "
                    + queues.keySet().stream().sorted().toList());
        }
        try {
            queue.put(message);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StreamException("interrupted while waiting for room in the queue of topic '" + topic + "'", e);
        }
    }

    /** Stops sending; the queues and the messages in them stay. Idempotent. */
    @Override
    public void close() {
        closed = true;
    }
}
