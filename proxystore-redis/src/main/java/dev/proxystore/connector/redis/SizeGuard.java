package dev.proxystore.connector.redis;

import dev.proxystore.connector.ObjectTooLargeException;
import java.util.List;

/**
 * Size limits on reads, checked by asking Redis for the length of a value ({@code STRLEN}) before it is read, so a
 * value over the limit is never transferred; and checked again on what was read, for a value that grew in between.
 */
final class SizeGuard {

    /** Redis' largest string value (proto-max-bulk-len by default): a limit at least this large limits nothing. */
    private static final long REDIS_MAX_STRING = 512L * 1024 * 1024;

    private final RedisCommands commands;

    SizeGuard(RedisCommands commands) {
        this.commands = commands;
    }

    /** Whether {@code maxBytes} is below what Redis can store, so that it is worth a check before reading. */
    static boolean limits(long maxBytes) {
        return maxBytes < REDIS_MAX_STRING;
    }

    /**
     * Checks the length of the value under {@code rawKey} (one {@code STRLEN}) when {@code maxBytes} {@link #limits}
     * anything; a missing key passes.
     *
     * @throws ObjectTooLargeException naming {@code key} if the value has more than {@code maxBytes}
     */
    void checkBefore(String key, byte[] rawKey, long maxBytes) {
        if (!limits(maxBytes)) {
            return;
        }
        long length = commands.length(key, rawKey);
        if (length > maxBytes) {
            throw new ObjectTooLargeException(key, length, maxBytes);
        }
    }

    /**
     * Checks the length of every value when {@code maxBytes} {@link #limits} anything: on a Lettuce factory one
     * pipelined {@code STRLEN} per key (one round trip), on others one {@code STRLEN} after the other.
     *
     * @throws ObjectTooLargeException naming the first key in {@code keys} whose value has more than {@code maxBytes}
     */
    void checkBefore(List<String> keys, byte[][] rawKeys, long maxBytes) {
        if (!limits(maxBytes)) {
            return;
        }
        long[] lengths = commands.lengths(keys, rawKeys);
        for (int i = 0; i < lengths.length; i++) {
            checkRead(keys.get(i), lengths[i], maxBytes);
        }
    }

    /** @throws ObjectTooLargeException naming {@code key} if {@code length} is more than {@code maxBytes} */
    static void checkRead(String key, long length, long maxBytes) {
        if (length > maxBytes) {
            throw new ObjectTooLargeException(key, length, maxBytes);
        }
    }
}
