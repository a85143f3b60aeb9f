package dev.proxystore.connector;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * Moves bytes by string key to and from a backend. Knows nothing about objects. Implementations are thread-safe.
 * {@link #close()} releases resources and deletes no stored object. What a connector can do beyond this is asked
 * through {@link #deferrable()}, {@link #expiring()}, {@link #buffered()} and {@link #tagged()}, never by
 * {@code instanceof}: a connector that wraps others (such as a multi connector) offers exactly what they can do.
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

    /**
     * The bytes under each key, {@code null} elements for missing keys; {@link ObjectTooLargeException} if one has more
     * than {@code maxBytes}. Connectors that can learn sizes first check them before reading anything; this default
     * reads every object, then checks.
     */
    default List<byte @Nullable []> getBatch(List<String> keys, long maxBytes) {
        List<byte @Nullable []> data = getBatch(keys);
        for (int i = 0; i < data.size(); i++) {
            byte[] bytes = data.get(i);
            if (bytes != null && bytes.length > maxBytes) {
                throw new ObjectTooLargeException(keys.get(i), bytes.length, maxBytes);
            }
        }
        return data;
    }

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

    /**
     * This connector as a {@link DeferrableConnector}, when it can hand out keys before the data exists and overwrite
     * data under a key; decided when the connector is built, and true of every key it hands out.
     */
    default Optional<DeferrableConnector> deferrable() {
        return this instanceof DeferrableConnector deferrable ? Optional.of(deferrable) : Optional.empty();
    }

    /**
     * This connector as an {@link ExpiringConnector}, when its backend can expire every key by itself; decided when the
     * connector is built.
     */
    default Optional<ExpiringConnector> expiring() {
        return this instanceof ExpiringConnector expiring ? Optional.of(expiring) : Optional.empty();
    }

    /** This connector as a {@link BufferConnector}, when it moves serialized objects through its own buffers. */
    default Optional<BufferConnector> buffered() {
        return this instanceof BufferConnector buffered ? Optional.of(buffered) : Optional.empty();
    }

    /** This connector as a {@link TaggedConnector}, when it chooses where to write by tags. */
    /**
     * The number of objects this connector holds, where it can tell without reading them (local and file connectors
     * can; a shared server such as Redis, whose key space other clients share, does not say). Empty by default.
     */
    default OptionalLong count() {
        return OptionalLong.empty();
    }

    default Optional<TaggedConnector> tagged() {
        return this instanceof TaggedConnector tagged ? Optional.of(tagged) : Optional.empty();
    }

    /** How to re-create this connector in another process; never carries data or secrets. */
    ConnectorConfig config();

    /** Releases resources. Deletes nothing. Idempotent. */
    @Override
    void close();
}
