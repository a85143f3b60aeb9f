package dev.proxystore.stream;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A subscriber that takes the messages of one topic from the in-process queue a {@link QueuePublisher} puts them on.
 * Several subscribers of one queue share its messages: each message goes to one of them. {@link #close()} wakes a
 * waiting reader within a few milliseconds.
 */
public final class QueueSubscriber implements MessageSubscriber {

    /** How long one wait on the queue lasts before the closed flag is checked again. */
    private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final BlockingQueue<byte[]> queue;
    private volatile boolean closed;

    /** A subscriber taking messages from {@code queue}. */
    public QueueSubscriber(BlockingQueue<byte[]> queue) {
        this.queue = Objects.requireNonNull(queue, "queue");
    }

    @Override
    public byte[] nextMessage() {
        byte[] message;
        do {
            message = poll(SLICE_NANOS);
        } while (message == null);
        return message;
    }

    @Override
    public Optional<byte[]> nextMessage(Duration timeout) {
        long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
        while (true) {
            long remaining = deadline - System.nanoTime();
            byte[] message = poll(Math.max(0, Math.min(remaining, SLICE_NANOS)));
            if (message != null) {
                return Optional.of(message);
            }
            if (remaining <= 0) {
                return Optional.empty();
            }
        }
    }

    private byte @Nullable [] poll(long nanos) {
        checkOpen();
        byte[] message;
        try {
            message = queue.poll(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StreamException("interrupted while waiting for a message from the queue", e);
        }
        if (message == null) {
            checkOpen();
        }
        return message;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the queue subscriber is closed");
        }
    }

    /** Stops receiving; the queue and the messages in it stay. Idempotent. */
    @Override
    public void close() {
        closed = true;
    }
}
