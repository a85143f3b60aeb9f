package dev.proxystore.connector;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Moves bytes by string key to and from a backend. Knows nothing about objects. Implementations are thread-safe.
 * {@link #close()} releases resources and deletes no stored object.
 */
public interface Connector extends AutoCloseable {

    /** Stores {@code data} under a new key and returns the key. */
    String put(byte[] data);

    /** Stores each element under a new key; returns the keys in order. All or nothing where the backend allows. */
    List<String> putBatch(List<byte[]> data);

    /** The bytes under {@code key}, or {@code null} when missing. */
    byte @Nullable [] get(String key);

    /**
     * The bytes under {@code key}, or {@code null} when missing; {@link ObjectTooLargeException} if there are more
     * than {@code maxBytes}. Connectors that can learn an object's size first check it before reading, so an
     * oversized object is never loaded into memory; this default reads the object, then checks.
     */
    default byte @Nullable [] get(String key, long maxBytes) {
        byte[] data = get(key);
        if (data != null && data.length > maxBytes) {
            throw new ObjectTooLargeException(key, data.length, maxBytes);
        }
        return data;
    }

    /** The bytes under each key, {@code null} elements for missing keys. */
    List<byte @Nullable []> getBatch(List<String> keys);

    /** Whether {@code key} is present. */
    boolean exists(String key);

    /** Removes {@code key}; a missing key is a no-op. */
    void evict(String key);

    /**
     * Removes {@code key} and tells whether it was present. The connectors of this library do both in one atomic step
     * (of concurrent callers for one key, exactly one gets {@code true}), which moving an owned reference relies on;
     * this default checks, then evicts, and is not atomic.
     */
    default boolean evictIfPresent(String key) {
        boolean present = exists(key);
        evict(key);
        return present;
    }

    /** How to re-create this connector in another process; never carries data or secrets. */
    ConnectorConfig config();

    /** Releases resources. Deletes nothing. Idempotent. */
    @Override
    void close();
}
