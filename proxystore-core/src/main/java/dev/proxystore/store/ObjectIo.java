package dev.proxystore.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.proxystore.connector.BufferConnector;
import dev.proxystore.connector.Connector;
import dev.proxystore.connector.DeferrableConnector;
import dev.proxystore.connector.ExpiringConnector;
import dev.proxystore.connector.ObjectTooLargeException;
import dev.proxystore.connector.TaggedConnector;
import dev.proxystore.serialize.Payload;
import dev.proxystore.serialize.SerializationException;
import dev.proxystore.serialize.Serializer;
import dev.proxystore.store.StoreMetrics.Operation;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A store's objects in its connector: writing and reading them (serialized, size-limited, zero-copy where the
 * connector has its own buffers), the local cache of deserialized objects, and the store's metrics. Every read goes
 * through one path, whether one key or a batch, so size limits always apply before anything is loaded. Thread-safe;
 * nothing here holds a lock around a connector call.
 */
final class ObjectIo {

    private static final byte[] TICKET = {0};

    private final String storeName;
    private final Connector connector;
    private final Optional<BufferConnector> buffered;
    private final Optional<ExpiringConnector> expiring;
    private static final System.Logger LOG = System.getLogger(Store.class.getName());

    private final @Nullable Cache<String, Object> cache;
    private final StoreMetrics metrics;
    private final StoreObservations observations;
    private final boolean timed;
    private final AtomicLong evictions = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();

    ObjectIo(String storeName, Connector connector, int cacheSize, StoreMetrics metrics,
            StoreObservations observations) {
        this.observations = observations;
        this.storeName = storeName;
        this.connector = connector;
        this.buffered = connector.buffered();
        this.expiring = connector.expiring();
        this.cache = cacheSize == 0 ? null
                : Caffeine.newBuilder().maximumSize(cacheSize).executor(Runnable::run).build();
        this.metrics = metrics;
        this.timed = metrics != StoreMetrics.disabled();
    }

    /**
     * Serializes {@code obj} (unless {@code serialized} holds its bytes already) and writes it under a new key, where
     * the connector takes {@code tags} and {@code supersetTags}.
     */
    String write(Object obj, Serializer writer, Set<String> tags, Set<String> supersetTags,
            byte @Nullable [] serialized) {
        return write(obj, writer, tags, supersetTags, serialized, null);
    }

    /**
     * {@link #write(Object, Serializer, Set, Set, byte[])}, and where the backend expires keys and no tags are given,
     * the object expires after {@code ttl} (if not null), written in the same command where the connector can.
     */
    String write(Object obj, Serializer writer, Set<String> tags, Set<String> supersetTags,
            byte @Nullable [] serialized, @Nullable Duration ttl) {
        Objects.requireNonNull(obj, "cannot store null");
        checkOpen();
        TaggedConnector tagged = tagged(tags, supersetTags);
        return observations.observe(Operation.PUT, null,
                () -> write(obj, writer, tagged, tags, supersetTags, serialized, ttl));
    }

    private String write(Object obj, Serializer writer, @Nullable TaggedConnector tagged, Set<String> tags,
            Set<String> supersetTags, byte @Nullable [] serialized, @Nullable Duration ttl) {
        long start = start();
        Payload payload = serialized != null ? Payload.of(serialized) : writer.payload(obj);
        String key;
        if (tagged != null) {
            key = tagged.put(payload.toBytes(), tags, supersetTags);
        } else if (ttl != null && expiring.isPresent()) {
            key = expiring.get().put(payload, ttl);
        } else if (buffered.isPresent()) {
            key = buffered.get().put(payload);
        } else {
            key = connector.put(payload.toBytes());
        }
        stop(Operation.PUT, start);
        metrics.recordObjectSize(Operation.PUT, payload.size());
        observations.recordSize(payload.size());
        return key;
    }

    /** Serializes every object first, then writes them in one batch: a failure writes nothing. */
    List<String> writeBatch(List<?> objs, Serializer writer, Set<String> tags, Set<String> supersetTags) {
        checkOpen();
        TaggedConnector tagged = tagged(tags, supersetTags);
        if (objs.isEmpty()) {
            return List.of();
        }
        return observations.observe(Operation.PUT, null, () -> writeBatch(objs, writer, tagged, tags, supersetTags));
    }

    private List<String> writeBatch(List<?> objs, Serializer writer, @Nullable TaggedConnector tagged,
            Set<String> tags, Set<String> supersetTags) {
        long start = start();
        List<byte[]> data = new ArrayList<>(objs.size());
        for (Object obj : objs) {
            data.add(writer.serialize(Objects.requireNonNull(obj, "cannot store null")));
        }
        List<String> keys = tagged == null ? connector.putBatch(data) : tagged.putBatch(data, tags, supersetTags);
        stop(Operation.PUT, start);
        data.forEach(bytes -> metrics.recordObjectSize(Operation.PUT, bytes.length));
        return keys;
    }

    /** The object under {@code key}, from the cache or the connector; null when missing. */
    @Nullable Object read(String key, Serializer reader) {
        return read(key, reader, true);
    }

    /**
     * The object under {@code key}, read with {@code reader}; with {@code useCache} false the local cache is neither
     * asked nor filled (it holds objects read with the store's own serializer).
     */
    @Nullable Object read(String key, Serializer reader, boolean useCache) {
        checkOpen();
        Object cached = useCache ? cached(key) : null;
        if (cached != null) {
            return cached;
        }
        return observations.observe(Operation.GET, key, () -> readFromConnector(key, reader, useCache));
    }

    private @Nullable Object readFromConnector(String key, Serializer reader, boolean useCache) {
        long start = start();
        long evictionsBefore = evictions.get();
        Read read;
        try {
            read = buffered.isPresent()
                    ? buffered.get().get(key, reader.maxPayloadSize(), new ValueReader(reader))
                    : Read.of(connector.get(key, reader.maxPayloadSize()));
        } catch (ObjectTooLargeException e) {
            throw tooLarge(key, e);
        }
        Object obj = read == null ? null : decode(key, read, reader, evictionsBefore, useCache);
        stop(Operation.GET, start);
        return obj;
    }

    /** The objects under {@code keys}, in order, null where missing: cached ones, then the rest in one batch. */
    List<@Nullable Object> readBatch(List<String> keys, Serializer reader) {
        checkOpen();
        List<@Nullable Object> found = new ArrayList<>(keys.size());
        List<String> missing = new ArrayList<>();
        for (String key : keys) {
            Object cached = cached(key);
            found.add(cached);
            if (cached == null) {
                missing.add(key);
            }
        }
        if (missing.isEmpty()) {
            return found;
        }
        return observations.observe(Operation.GET, null, () -> readBatchFromConnector(keys, found, missing, reader));
    }

    private List<@Nullable Object> readBatchFromConnector(List<String> keys, List<@Nullable Object> found,
            List<String> missing, Serializer reader) {
        long start = start();
        long evictionsBefore = evictions.get();
        List<byte @Nullable []> data;
        try {
            data = connector.getBatch(missing, reader.maxPayloadSize());
        } catch (ObjectTooLargeException e) {
            throw tooLarge(e.key(), e);
        }
        int next = 0;
        for (int i = 0; i < found.size(); i++) {
            if (found.get(i) == null) {
                Read read = Read.of(data.get(next++));
                found.set(i, read == null ? null : decode(keys.get(i), read, reader, evictionsBefore, true));
            }
        }
        stop(Operation.GET, start);
        return found;
    }

    private @Nullable Object cached(String key) {
        if (cache == null) {
            return null;
        }
        Object cached = cache.getIfPresent(key);
        metrics.recordCacheGet(cached != null);
        return cached;
    }

    /** The object a read produced, recorded and cached; a failure reads as a {@link SerializationException}. */
    private Object decode(String key, Read read, Serializer reader, long evictionsBefore, boolean useCache) {
        Object obj = read.value(data -> deserialize(reader, key, data), failure -> deserializeFailure(reader, key,
                failure));
        metrics.recordObjectSize(Operation.GET, read.size());
        observations.recordSize(read.size());
        if (LOG.isLoggable(Level.DEBUG)) {
            LOG.log(Level.DEBUG, "Read {0} ({1} bytes) from store ''{2}''", key, read.size(), storeName);
        }
        if (cache != null && useCache) {
            cache.put(key, obj);
            if (evictions.get() != evictionsBefore) {
                // an eviction raced with this read: never let the cache outlive the stored object
                cache.invalidate(key);
            }
        }
        return obj;
    }

    private Object deserialize(Serializer reader, String key, byte[] data) {
        try {
            return reader.deserialize(data);
        } catch (RuntimeException e) {
            throw deserializeFailure(reader, key, e);
        }
    }

    private SerializationException deserializeFailure(Serializer reader, String key, RuntimeException e) {
        if (e instanceof SerializationException serialization) {
            return serialization;
        }
        return new SerializationException("cannot deserialize object " + key + " of store '" + storeName + "' with "
                + reader.getClass().getName() + ": " + e.getMessage(), e);
    }

    private SerializationException tooLarge(String key, ObjectTooLargeException e) {
        return new SerializationException("object " + key + " in store '" + storeName + "' has " + e.size()
                + " bytes, more than the maximum payload size of " + e.limit() + " bytes", e);
    }

    boolean exists(String key) {
        checkOpen();
        long start = start();
        boolean exists = connector.exists(key);
        stop(Operation.EXISTS, start);
        return exists;
    }

    void evict(String key, EvictionCause cause) {
        checkOpen();
        long start = start();
        connector.evict(key);
        evictions.incrementAndGet();
        invalidate(key);
        stop(Operation.EVICT, start);
        metrics.recordEviction(cause);
        if (LOG.isLoggable(Level.DEBUG)) {
            LOG.log(Level.DEBUG, "Evicted {0} from store ''{1}'' ({2})", key, storeName, cause);
        }
    }

    void invalidate(String key) {
        if (cache != null) {
            cache.invalidate(key);
        }
    }

    boolean isCached(String key) {
        return cache != null && cache.getIfPresent(key) != null;
    }

    /** Writes the bytes stored under {@code key} again under a new key; null when the key is missing. */
    @Nullable String copy(String key, long maxBytes) {
        checkOpen();
        byte[] data;
        try {
            data = connector.get(key, maxBytes);
        } catch (ObjectTooLargeException e) {
            throw tooLarge(key, e);
        }
        if (data == null) {
            return null;
        }
        long start = start();
        String copy = connector.put(data);
        stop(Operation.PUT, start);
        metrics.recordObjectSize(Operation.PUT, data.length);
        return copy;
    }

    /** Whether {@link #overwrite} can write under an existing key. */
    boolean canOverwrite() {
        return connector.deferrable().isPresent();
    }

    /**
     * Writes {@code obj} under {@code key}, replacing what is there, and drops the cached copy.
     *
     * @throws UnsupportedOperationException if the connector cannot write under a given key
     */
    void overwrite(String key, Object obj, Serializer writer) {
        checkOpen();
        DeferrableConnector deferrable = deferrable("overwrite objects");
        long start = start();
        byte[] data = writer.serialize(obj);
        deferrable.set(key, data);
        invalidate(key);
        stop(Operation.PUT, start);
        metrics.recordObjectSize(Operation.PUT, data.length);
    }

    /** A key with no object yet, for a future's result. */
    String newKey() {
        checkOpen();
        return deferrable("hand out keys before data: futures need a DeferrableConnector").newKey();
    }

    private DeferrableConnector deferrable(String action) {
        return connector.deferrable().orElseThrow(() -> new UnsupportedOperationException("store '" + storeName
                + "' uses a " + connector.config().type() + " connector, which cannot " + action));
    }

    /** Whether the connector's backend expires keys by itself. */
    boolean expires() {
        return expiring.isPresent();
    }

    /** Sets a server-side time to live on each key; does nothing when the connector cannot expire keys. */
    void expire(Collection<String> keys, Duration ttl) {
        if (expiring.isEmpty()) {
            return;
        }
        checkOpen();
        for (String key : keys) {
            expiring.get().expire(key, ttl);
        }
    }

    /** Writes a move ticket: a marker object whose key an ownership reference carries. */
    String issueTicket() {
        checkOpen();
        return connector.put(TICKET);
    }

    /** Claims a move ticket: true for exactly one caller, here or in any other process. */
    boolean claimTicket(String ticket) {
        checkOpen();
        return connector.evictIfPresent(ticket);
    }

    /** A round trip to the backend that reads and writes nothing: whether a fresh key exists. */
    StoreStats stats() {
        return metrics.snapshot();
    }

    OptionalLong count() {
        checkOpen();
        return connector.count();
    }

    void ping() {
        checkOpen();
        Optional<DeferrableConnector> deferrable = connector.deferrable();
        connector.exists(deferrable.isPresent() ? deferrable.get().newKey() : UUID.randomUUID().toString());
    }

    boolean isClosed() {
        return closed.get();
    }

    /** Drops the cache and closes the connector (which deletes nothing) and the metrics. Once. */
    boolean close() {
        if (!closed.compareAndSet(false, true)) {
            return false;
        }
        if (cache != null) {
            cache.invalidateAll();
        }
        try {
            connector.close();
        } finally {
            metrics.close();
        }
        return true;
    }

    void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("store '" + storeName + "' is closed");
        }
    }

    /** The connector to write {@code tags} and {@code supersetTags} to; null without tags. */
    private @Nullable TaggedConnector tagged(Set<String> tags, Set<String> supersetTags) {
        if (tags.isEmpty() && supersetTags.isEmpty()) {
            return null;
        }
        return connector.tagged().orElseThrow(() -> new IllegalArgumentException("store '" + storeName
                + "' uses a " + connector.config().type() + " connector, which cannot write by tags "
                + (tags.isEmpty() ? "" : tags) + (tags.isEmpty() || supersetTags.isEmpty() ? "" : " and ")
                + (supersetTags.isEmpty() ? "" : "superset tags " + supersetTags)
                + ": tags need a TaggedConnector such as multi"));
    }

    long start() {
        return timed ? System.nanoTime() : 0;
    }

    void stop(Operation operation, long start) {
        if (timed) {
            metrics.recordOperation(operation, System.nanoTime() - start);
        }
    }
}
