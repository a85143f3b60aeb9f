package dev.proxystore.stream.redis;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The connection on which one subscriber waits on the server, its own so that no other command waits behind it. One
 * thread reads; {@link #wake()} and {@link #close()} come from any thread. Every wait is at most
 * {@link Broker#maxWait()}: callers loop.
 */
interface BlockingReads {

    /** {@code BLPOP}: the key and the element taken from the first non-empty list, or {@code null} after {@code wait}. */
    @Nullable Popped pop(byte[][] keys, Duration wait);

    /**
     * {@code XREAD BLOCK}: returns once one of the streams holds an entry after the id given for it, or after
     * {@code wait}; takes nothing.
     */
    void awaitEntry(byte[][] keys, String[] afterIds, Duration wait);

    /** Makes a waiting {@link #pop} or {@link #awaitEntry} return now, as if its wait had passed. */
    void wake();

    /**
     * Ends a waiting command for good, from another thread, as the subscriber closes: {@link #wake()}s it, or where
     * that fails (the server does not answer) makes it fail at once.
     */
    default void stop() {
        wake();
    }

    void close();

    /** An element taken from the list {@code key}. */
    record Popped(byte[] key, byte[] value) {}

    /**
     * A connection of its own on a Lettuce factory that can open one from its client; else one connection borrowed
     * from the factory for the subscriber's life.
     */
    static BlockingReads open(Broker broker, String topics) {
        BlockingReads lettuce = LettuceReads.open(broker, topics);
        return lettuce != null ? lettuce : new SpringReads(broker, topics);
    }
}
