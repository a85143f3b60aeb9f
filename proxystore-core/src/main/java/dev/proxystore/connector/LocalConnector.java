package dev.proxystore.connector;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * In-process connector: objects live in memory in this JVM, under random UUID keys.
 *
 * <p>Each connector has an id, carried by its {@link #config()} (which carries no data). A connector created from
 * that config in the same JVM, for example by {@link Connectors#create}, shares the data of the open connectors with
 * that id; once all of them are closed or garbage-collected the data is gone, and a connector created from the
 * config starts empty.
 *
 * <p>{@link #put} and {@link #set} keep the array they are given without copying it: callers must not modify it
 * afterwards. {@link #get} returns a copy, so readers cannot change what is stored.
 *
 * <p>{@link #expire} behaves like Redis {@code PEXPIRE}: an expired object is gone for every reader as soon as its
 * deadline passes, a later {@link #set} of the key clears the expiry, and a ttl of zero or less removes the object
 * at once. Expired objects leave memory through a shared background sweep; there is no thread or timer per key.
 *
 * <p>{@link #close()} closes this connector only: its later operations (except {@link #config()}) throw
 * {@link IllegalStateException}, and other open connectors with the same id keep the data.
 */
public class LocalConnector implements DeferrableConnector, ExpiringConnector {

    static final String TYPE = "local";
    static final String ID_OPTION = "id";

    private final String id;
    private final ConnectorConfig config;
    private final AtomicReference<@Nullable LocalStorage> storage;

    /** A connector with a new id and no data. */
    public LocalConnector() {
        this(UUID.randomUUID().toString());
    }

    /** A connector sharing the data of the open connectors with {@code id}, or a new empty one with that id. */
    LocalConnector(String id) {
        this.id = Objects.requireNonNull(id, "id");
        this.config = new ConnectorConfig(TYPE, Map.of(ID_OPTION, id));
        this.storage = new AtomicReference<>(LocalStorage.acquire(id));
    }

    @Override
    public String put(byte[] data) {
        Objects.requireNonNull(data, "data");
        String key = newKey();
        storage().set(key, data);
        return key;
    }

    @Override
    public List<String> putBatch(List<byte[]> data) {
        data.forEach(element -> Objects.requireNonNull(element, "data element"));
        LocalStorage target = storage();
        List<String> keys = new ArrayList<>(data.size());
        for (byte[] element : data) {
            String key = newKey();
            target.set(key, element);
            keys.add(key);
        }
        return Collections.unmodifiableList(keys);
    }

    @Override
    public byte @Nullable [] get(String key) {
        byte[] data = storage().get(key);
        return data == null ? null : data.clone();
    }

    /** {@inheritDoc} Checked before the stored array is copied. */
    @Override
    public byte @Nullable [] get(String key, long maxBytes) {
        byte[] data = storage().get(key);
        if (data != null && data.length > maxBytes) {
            throw new ObjectTooLargeException(key, data.length, maxBytes);
        }
        return data == null ? null : data.clone();
    }

    @Override
    public List<byte @Nullable []> getBatch(List<String> keys) {
        return getBatch(keys, Long.MAX_VALUE);
    }

    /** {@inheritDoc} Every size is checked before any object is copied. */
    @Override
    public List<byte @Nullable []> getBatch(List<String> keys, long maxBytes) {
        List<byte @Nullable []> data = new ArrayList<>(keys.size());
        for (String key : keys) {
            data.add(get(key, maxBytes));
        }
        return Collections.unmodifiableList(data);
    }

    @Override
    public boolean exists(String key) {
        return storage().exists(key);
    }

    @Override
    public void evict(String key) {
        storage().evict(key);
    }

    /** {@inheritDoc} Atomic: of concurrent callers for one key, exactly one removes it. */
    @Override
    public boolean evictIfPresent(String key) {
        return storage().evict(key);
    }

    @Override
    public String newKey() {
        return UUID.randomUUID().toString();
    }

    @Override
    public void set(String key, byte[] data) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(data, "data");
        storage().set(key, data);
    }

    /** {@inheritDoc} A ttl of zero or less removes the object now. */
    @Override
    public void expire(String key, Duration ttl) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(ttl, "ttl");
        storage().expire(key, ttl);
    }

    /** The number of objects stored, expired ones excluded. */
    public int size() {
        return storage().size();
    }

    /** {@inheritDoc} The objects stored, expired ones excluded. */
    @Override
    public OptionalLong count() {
        return OptionalLong.of(size());
    }

    /** {@code local} with option {@code id}. */
    @Override
    public ConnectorConfig config() {
        return config;
    }

    @Override
    public void close() {
        LocalStorage released = storage.getAndSet(null);
        if (released != null) {
            released.release();
        }
    }

    @Override
    public String toString() {
        return "LocalConnector[id=" + id + "]";
    }

    /** The storage behind this open connector. */
    LocalStorage storage() {
        LocalStorage current = storage.get();
        if (current == null) {
            throw new IllegalStateException(this + " is closed");
        }
        return current;
    }
}
