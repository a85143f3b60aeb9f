package dev.proxystore.stream.redis;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one reader of a subscriber and its closing: a reader holds the gate while it reads; {@link #close} marks the
 * subscriber closed, wakes the reader until it has left, and releases the subscriber's resources with no reader inside.
 */
final class ReaderGate {

    private static final long WAKE_INTERVAL_MILLIS = 20;

    private final String owner;
    private final ReentrantLock reading = new ReentrantLock();
    private final AtomicBoolean closed = new AtomicBoolean();

    /** {@code owner} names the subscriber in messages: {@code "RedisQueueSubscriber of topic 'a'"}. */
    ReaderGate(String owner) {
        this.owner = owner;
    }

    /** Lets the calling thread read. */
    void enter() {
        checkOpen();
        if (!reading.tryLock()) {
            checkOpen();
            throw new IllegalStateException(owner + " is being read by another thread; read it from one at a time");
        }
        if (closed.get()) {
            reading.unlock();
            throw closedException();
        }
    }

    void exit() {
        reading.unlock();
    }

    /** Throws {@link IllegalStateException} once closed: called by the reader between waits. */
    void checkOpen() {
        if (closed.get()) {
            throw closedException();
        }
    }

    boolean isClosed() {
        return closed.get();
    }

    /**
     * Closes, the first time only: wakes a waiting reader with {@code wake} until it has left, then runs
     * {@code release} with no reader inside. A failure of {@code wake} is ignored: the reader's wait is bounded anyway.
     */
    void close(Runnable wake, Runnable release) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        boolean interrupted = false;
        boolean locked = reading.tryLock();
        while (!locked) {
            try {
                wake.run();
            } catch (RuntimeException e) {
                // the reader returns by itself within its longest wait
            }
            try {
                locked = reading.tryLock(WAKE_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        try {
            release.run();
        } finally {
            reading.unlock();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    IllegalStateException closedException() {
        return new IllegalStateException(owner + " is closed");
    }
}
