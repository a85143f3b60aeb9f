package dev.proxystore.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.proxystore.connector.BufferConnector;
import dev.proxystore.connector.Connector;
import dev.proxystore.connector.Connectors;
import dev.proxystore.connector.DeferrableConnector;
import dev.proxystore.connector.ObjectTooLargeException;
import dev.proxystore.connector.TaggedConnector;
import dev.proxystore.lifetime.Lifetime;
import dev.proxystore.lifetime.StaticLifetime;
import dev.proxystore.proxy.NonProxiableTypeException;
import dev.proxystore.proxy.Proxies;
import dev.proxystore.proxy.ProxyLocker;
import dev.proxystore.proxy.ProxyResolveMissingKeyException;
import dev.proxystore.ref.Refs;
import dev.proxystore.serialize.DefaultSerializer;
import dev.proxystore.serialize.Payload;
import dev.proxystore.serialize.SerializationException;
import dev.proxystore.serialize.Serializer;
import dev.proxystore.serialize.SerializerConfig;
import dev.proxystore.serialize.Serializers;
import dev.proxystore.store.StoreMetrics.Operation;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A named store of objects: a {@link Connector} for the bytes, a {@link Serializer} for the objects, a local cache
 * of deserialized objects, and optional metrics. Stores hand out lazy proxies whose factories find the store again
 * by name in any process that can reach the connector's backend. Thread-safe; connector calls are never serialized
 * behind a store-wide lock.
 *
 * <pre>{@code
 * try (Store store = new Store("example", new LocalConnector())) {
 *     List<Integer> proxy = store.proxy(new ArrayList<>(List.of(1, 2, 3)));
 *     proxy.size(); // 3, without reading the store: the proxy starts resolved locally
 * }
 * }</pre>
 */
public final class Store implements AutoCloseable {

    private final String name;
    private final Connector connector;
    private final Serializer serializer;
    private final int cacheSize;
    private final @Nullable Cache<String, Object> cache;
    private final boolean metricsEnabled;
    private final StoreMetrics metrics;
    private final boolean populateTarget;
    private final boolean register;
    private final StoreConfig config;
    private final UUID instanceId = UUID.randomUUID();
    private final TrustPolicy trustPolicy;
    private final boolean referencesCarryConfig;
    /** The serializers this store reads with, by the claim a reference names them with. */
    private final Map<String, Serializer> serializers = new ConcurrentHashMap<>();
    private final Set<MapStoreRegistry> registries = new CopyOnWriteArraySet<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong evictions = new AtomicLong();

    /** A store with the defaults: default serializer, cache of 16 objects, no metrics, populated targets. */
    public Store(String name, Connector connector) {
        this(builder(name, connector));
    }

    private Store(Builder builder) {
        this.name = builder.name;
        this.connector = builder.connector;
        this.serializer = builder.serializer;
        this.cacheSize = builder.cacheSize;
        this.cache = cacheSize == 0
                ? null
                : Caffeine.newBuilder().maximumSize(cacheSize).executor(Runnable::run).build();
        this.metricsEnabled = builder.metrics;
        this.metrics = builder.metrics
                ? StoreMetrics.micrometer(name,
                        builder.meterRegistry == null ? Metrics.globalRegistry : builder.meterRegistry)
                : StoreMetrics.NONE;
        this.populateTarget = builder.populateTarget;
        this.register = builder.register;
        this.config = new StoreConfig(name, connector.config(), cacheSize, metricsEnabled, populateTarget, register,
                Serializers.configOf(serializer));
        this.trustPolicy = builder.trustPolicy != null ? builder.trustPolicy : TrustPolicy.defaults();
        this.referencesCarryConfig = builder.referencesCarryConfig;
        serializers.put(SerializerClaims.of(config.serializer()), serializer);
        LiveStores.add(this);
    }

    /** A builder for a store named {@code name} over {@code connector}. */
    public static Builder builder(String name, Connector connector) {
        return new Builder(name, connector);
    }

    /**
     * A store re-created from {@code config}: a new connector from the connector config and the serializer it
     * names. Registers the store globally when the config says so.
     */
    public static Store fromConfig(StoreConfig config) {
        return fromConfig(config, config.register());
    }

    static Store fromConfig(StoreConfig config, boolean register) {
        return builder(config.name(), Connectors.create(config.connector()))
                .serializer(Serializers.fromConfig(config.serializer()))
                .cacheSize(config.cacheSize())
                .metrics(config.metrics())
                .populateTarget(config.populateTarget())
                .register(register)
                .build();
    }

    public String name() {
        return name;
    }

    public Connector connector() {
        return connector;
    }

    /** The serializer objects are written with unless a proxy names another. */
    public Serializer serializer() {
        return serializer;
    }

    /** Everything needed to re-create this store elsewhere; carries no data and no secrets. */
    public StoreConfig config() {
        return config;
    }

    /** The policy whose signing key signs this store's references. */
    public TrustPolicy trustPolicy() {
        return trustPolicy;
    }

    /**
     * Whether references to this store's objects carry its connector config, so that a receiver without the store
     * may re-create it (where its {@link TrustPolicy} allows). Off by default: references then name the store only.
     */
    public boolean referencesCarryConfig() {
        return referencesCarryConfig;
    }

    /** Serializes {@code obj} and writes it to the connector. Does not fill the cache. */
    public <T> Key<T> put(T obj) {
        return write(obj, serializer, Set.of(), null);
    }

    /** Writes {@code obj} and associates its key with {@code lifetime}. */
    public <T> Key<T> put(T obj, Lifetime lifetime) {
        requireLive(lifetime);
        Key<T> key = put(obj);
        attach(lifetime, List.of(key));
        return key;
    }

    /** Serializes every object first, then writes them in one batch: a failure writes nothing. */
    public <T> List<Key<T>> putBatch(List<? extends T> objs) {
        return writeBatch(objs, serializer, Set.of());
    }

    /** Writes the objects in one batch and associates their keys with {@code lifetime}. */
    public <T> List<Key<T>> putBatch(List<? extends T> objs, Lifetime lifetime) {
        requireLive(lifetime);
        List<Key<T>> keys = putBatch(objs);
        attach(lifetime, keys);
        return keys;
    }

    /** The object under {@code key}, from the cache or the connector; empty when missing. */
    public <T> Optional<T> get(Key<T> key) {
        return Optional.ofNullable(read(key, serializer));
    }

    /**
     * The objects under {@code keys}, in order, empty where missing: cached ones from the cache, the rest in one
     * connector batch (one {@code MGET} on Redis), so many small objects cost one round trip.
     */
    @SuppressWarnings("unchecked")
    public <T> List<Optional<T>> getBatch(List<Key<T>> keys) {
        checkOpen();
        List<@Nullable Object> found = new ArrayList<>(keys.size());
        List<String> missing = new ArrayList<>();
        for (Key<T> key : keys) {
            Object cached = cache == null ? null : cache.getIfPresent(key.id());
            if (cache != null) {
                metrics.cacheGet(cached != null);
            }
            found.add(cached);
            if (cached == null) {
                missing.add(key.id());
            }
        }
        if (!missing.isEmpty()) {
            long start = metrics.start();
            long evictionsBefore = evictions.get();
            List<byte @Nullable []> data = connector.getBatch(missing);
            int next = 0;
            for (int i = 0; i < found.size(); i++) {
                if (found.get(i) != null) {
                    continue;
                }
                byte[] bytes = data.get(next++);
                if (bytes == null) {
                    continue;
                }
                if (bytes.length > serializer.maxPayloadSize()) {
                    throw new SerializationException("object " + keys.get(i).id() + " in store '" + name + "' has "
                            + bytes.length + " bytes, more than the maximum payload size of "
                            + serializer.maxPayloadSize() + " bytes");
                }
                Object obj = deserialize(serializer, keys.get(i), bytes);
                metrics.objectSize(Operation.GET, bytes.length);
                found.set(i, obj);
                if (cache != null) {
                    cache.put(keys.get(i).id(), obj);
                }
            }
            if (cache != null && evictions.get() != evictionsBefore) {
                missing.forEach(cache::invalidate);
            }
            metrics.stop(Operation.GET, start);
        }
        List<Optional<T>> result = new ArrayList<>(found.size());
        for (Object obj : found) {
            result.add(Optional.ofNullable((T) obj));
        }
        return result;
    }

    /** Whether the connector holds {@code key}. */
    public boolean exists(Key<?> key) {
        checkOpen();
        long start = metrics.start();
        boolean exists = connector.exists(key.id());
        metrics.stop(Operation.EXISTS, start);
        return exists;
    }

    /** Removes {@code key} from the connector and the cache; a missing key is a no-op. */
    public void evict(Key<?> key) {
        evict(key, EvictionCause.EXPLICIT);
    }

    /** Removes {@code key}, counting the eviction under {@code cause}. For lifetimes and ownership. */
    public void evict(Key<?> key, EvictionCause cause) {
        checkOpen();
        long start = metrics.start();
        connector.evict(key.id());
        evictions.incrementAndGet();
        if (cache != null) {
            cache.invalidate(key.id());
        }
        metrics.stop(Operation.EVICT, start);
        metrics.evicted(cause);
    }

    /** Drops {@code key} from the local cache only, so the next read goes to the connector. */
    public void invalidate(Key<?> key) {
        if (cache != null) {
            cache.invalidate(key.id());
        }
    }

    /** Whether the object under {@code key} is in the local cache. */
    public boolean isCached(Key<?> key) {
        return cache != null && cache.getIfPresent(key.id()) != null;
    }

    /** Writes {@code obj} and returns a proxy of it; see {@link #proxy(Object, ProxyOptions)}. */
    public <T> T proxy(T obj) {
        return proxy(obj, ProxyOptions.defaults());
    }

    /**
     * Writes {@code obj} and returns a proxy of its type (or {@link ProxyOptions#type()}) whose factory reads it
     * back. With populate-target the proxy starts resolved to {@code obj}, so local use never reads the store.
     *
     * @throws NonProxiableTypeException if the type cannot be proxied (unless skipping, which returns {@code obj}
     *     and writes nothing)
     */
    public <T> T proxy(T obj, ProxyOptions options) {
        return proxy(obj, null, options);
    }

    /**
     * {@link #proxy(Object, ProxyOptions)} for an object whose serialized form is already at hand, so it is not
     * serialized twice: {@code serialized} must be what the options' serializer (or else the store's) makes of
     * {@code obj}, and is stored as it is.
     */
    public <T> T proxy(T obj, byte @Nullable [] serialized, ProxyOptions options) {
        Class<?> type = proxyType(obj, options);
        if (type == null) {
            return obj;
        }
        @Nullable Lifetime lifetime = validate(options);
        Serializer writer = writer(options);
        Key<T> key = write(obj, writer, options.tags(), serialized);
        attach(lifetime, List.of(key));
        return newProxy(type, key, options, writer, obj);
    }

    /** Writes the objects in one batch and returns a proxy of each, in order. */
    public <T> List<T> proxyBatch(List<? extends T> objs, ProxyOptions options) {
        List<@Nullable Class<?>> types = new ArrayList<>(objs.size());
        List<T> stored = new ArrayList<>(objs.size());
        for (T obj : objs) {
            Class<?> type = proxyType(obj, options);
            types.add(type);
            if (type != null) {
                stored.add(obj);
            }
        }
        @Nullable Lifetime lifetime = validate(options);
        Serializer writer = writer(options);
        List<Key<T>> keys = writeBatch(stored, writer, options.tags());
        attach(lifetime, keys);
        List<T> proxies = new ArrayList<>(objs.size());
        int next = 0;
        for (int i = 0; i < objs.size(); i++) {
            T obj = objs.get(i);
            Class<?> type = types.get(i);
            proxies.add(type == null ? obj : newProxy(type, keys.get(next++), options, writer, obj));
        }
        return proxies;
    }

    /** An unresolved proxy of an object already in the store; associates the key with the options' lifetime. */
    public <T> T proxyFromKey(Key<T> key, Class<? super T> type, ProxyOptions options) {
        Objects.requireNonNull(key, "key");
        Class<?> proxyType = options.type() == null ? type : options.type();
        if (!Proxies.isProxiable(proxyType)) {
            throw nonProxiable(proxyType);
        }
        @Nullable Lifetime lifetime = validate(options);
        attach(lifetime, List.of(key));
        return newProxy(proxyType, key, options, writer(options), null);
    }

    /**
     * A proxy in a {@link ProxyLocker}, which keeps frameworks from resolving it by accident. A locker always holds a
     * proxy, so non-proxiable values are rejected even when the options say to skip them.
     */
    public <T> ProxyLocker<T> lockedProxy(T obj, ProxyOptions options) {
        return new ProxyLocker<>(proxy(obj, options.withSkipNonProxiable(false)));
    }

    /** An owned proxy of {@code obj}: see {@link dev.proxystore.ref.Refs}. */
    public <T> T ownedProxy(T obj) {
        return ownedProxy(obj, ProxyOptions.defaults());
    }

    /**
     * Writes {@code obj} and returns the owner of it: dropping the owner (or losing it) evicts the object.
     *
     * @throws IllegalArgumentException if the options ask for eviction on resolve or a lifetime: the owner decides
     */
    public <T> T ownedProxy(T obj, ProxyOptions options) {
        if (options.evict() || options.lifetime() != null) {
            throw new IllegalArgumentException(
                    "an owned proxy's object lives as long as its owner: no evict flag or lifetime");
        }
        T proxy = proxy(obj, options);
        return Proxies.isProxy(proxy) ? Refs.intoOwned(proxy) : proxy;
    }

    /** A future whose result is written later; its proxies wait up to a minute for it. */
    public <T> StoreFuture<T> future(Class<? super T> type) {
        return future(type, Duration.ofMinutes(1));
    }

    /**
     * A future whose result is written later; resolving its proxy waits up to {@code pollTimeout}.
     *
     * @throws UnsupportedOperationException if the connector is not a {@link DeferrableConnector}
     */
    public <T> StoreFuture<T> future(Class<? super T> type, Duration pollTimeout) {
        checkOpen();
        if (!(connector instanceof DeferrableConnector deferrable)) {
            throw new UnsupportedOperationException("store '" + name + "' uses a " + config.connector().type()
                    + " connector, which cannot hand out keys before data: futures need a DeferrableConnector");
        }
        if (!Proxies.isProxiable(type)) {
            throw nonProxiable(type);
        }
        return new DeferredStoreFuture<>(this, deferrable, type, pollTimeout);
    }

    /**
     * Evicts the store's {@link StaticLifetime} objects, closes the connector (deleting nothing else) and unregisters
     * the store. Idempotent.
     */
    @Override
    public void close() {
        if (closed.get()) {
            return;
        }
        // objects kept for the program's lifetime go with the store that holds them, not later through a closed one
        StaticLifetime.instance().evictKeysOf(this);
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        LiveStores.remove(this);
        for (MapStoreRegistry registry : registries) {
            registry.unregister(this);
        }
        if (cache != null) {
            cache.invalidateAll();
        }
        connector.close();
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed.get();
    }

    @Override
    public String toString() {
        return "Store[name=" + name + ", connector=" + config.connector().type() + "]";
    }

    <T> T resolve(StoreFactory<T> factory) {
        long start = metrics.start();
        Key<T> key = factory.key();
        T obj = read(key, serializerFor(factory));
        if (obj == null) {
            throw new ProxyResolveMissingKeyException(key, name);
        }
        if (factory.evict() && factory.fullRights()) {
            evict(key, EvictionCause.EPHEMERAL);
        }
        metrics.stop(Operation.RESOLVE, start);
        return obj;
    }

    /** This store instance's id, which references name so that one read back in this JVM finds this very store. */
    UUID instanceId() {
        return instanceId;
    }

    /** Writes a move ticket for an ownership reference: a marker object whose key the reference carries. */
    String issueTicket() {
        checkOpen();
        return connector.put(new byte[] {0});
    }

    /** Claims a move ticket: true for exactly one caller, here or in any other process. */
    boolean claimTicket(String ticket) {
        checkOpen();
        return connector.evictIfPresent(ticket);
    }

    void registeredIn(MapStoreRegistry registry) {
        registries.add(registry);
    }

    void unregisteredFrom(MapStoreRegistry registry) {
        registries.remove(registry);
    }

    private <T> Key<T> write(T obj, Serializer writer, Set<String> tags, byte @Nullable [] serialized) {
        Objects.requireNonNull(obj, "cannot store null");
        checkOpen();
        @Nullable TaggedConnector tagged = tagged(tags);
        long start = metrics.start();
        Payload payload = serialized != null ? Payload.of(serialized) : writer.payload(obj);
        String id;
        if (tagged != null) {
            id = tagged.put(payload.toBytes(), tags);
        } else if (connector instanceof BufferConnector buffered) {
            id = buffered.put(payload);
        } else {
            id = connector.put(payload.toBytes());
        }
        metrics.stop(Operation.PUT, start);
        metrics.objectSize(Operation.PUT, payload.size());
        return new Key<>(id);
    }

    private <T> List<Key<T>> writeBatch(List<? extends T> objs, Serializer writer, Set<String> tags) {
        checkOpen();
        @Nullable TaggedConnector tagged = tagged(tags);
        if (objs.isEmpty()) {
            return List.of();
        }
        long start = metrics.start();
        List<byte[]> data = new ArrayList<>(objs.size());
        for (T obj : objs) {
            Objects.requireNonNull(obj, "cannot store null");
            data.add(writer.serialize(obj));
        }
        List<String> ids = tagged == null ? connector.putBatch(data) : tagged.putBatch(data, tags);
        metrics.stop(Operation.PUT, start);
        List<Key<T>> keys = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            metrics.objectSize(Operation.PUT, data.get(i).length);
            keys.add(new Key<>(ids.get(i)));
        }
        return keys;
    }

    @SuppressWarnings("unchecked")
    private <T> @Nullable T read(Key<T> key, Serializer reader) {
        checkOpen();
        if (cache != null) {
            Object cached = cache.getIfPresent(key.id());
            metrics.cacheGet(cached != null);
            if (cached != null) {
                return (T) cached;
            }
        }
        long start = metrics.start();
        long evictionsBefore = evictions.get();
        @Nullable Read read;
        try {
            // a bulk body is decoded where the connector holds it; anything else is copied out and decoded here
            read = connector instanceof BufferConnector buffered
                    ? buffered.get(key.id(), reader.maxPayloadSize(), buffer -> reader.readsInPlace(buffer)
                            ? Read.decoded(buffer.remaining(), () -> reader.deserializeFrom(buffer))
                            : Read.copied(buffer))
                    : Read.of(connector.get(key.id(), reader.maxPayloadSize()));
        } catch (ObjectTooLargeException e) {
            throw new SerializationException("object " + key.id() + " in store '" + name + "' has " + e.size()
                    + " bytes, more than the maximum payload size of " + e.limit() + " bytes", e);
        }
        if (read == null) {
            metrics.stop(Operation.GET, start);
            return null;
        }
        Object obj = read.value(data -> deserialize(reader, key, data), failure -> deserializeFailure(reader, key,
                failure));
        metrics.stop(Operation.GET, start);
        metrics.objectSize(Operation.GET, read.size());
        if (cache != null) {
            cache.put(key.id(), obj);
            if (evictions.get() != evictionsBefore) {
                // an eviction raced with this read: never let the cache outlive the stored object
                cache.invalidate(key.id());
            }
        }
        return (T) obj;
    }

    /** Any failure of a serializer reads as a {@link SerializationException} naming the object. */
    private Object deserialize(Serializer reader, Key<?> key, byte[] data) {
        try {
            return reader.deserialize(data);
        } catch (RuntimeException e) {
            throw deserializeFailure(reader, key, e);
        }
    }

    private SerializationException deserializeFailure(Serializer reader, Key<?> key, RuntimeException e) {
        if (e instanceof SerializationException serialization) {
            return serialization;
        }
        return new SerializationException("cannot deserialize object " + key.id() + " of store '" + name + "' with "
                + reader.getClass().getName() + ": " + e.getMessage(), e);
    }

    private <T> T newProxy(Class<?> type, Key<T> key, ProxyOptions options, Serializer writer, @Nullable T target) {
        StoreFactory<T> factory = new StoreFactory<T>(
                key, config, options.evict(), writer == serializer ? null : Serializers.configOf(writer))
                .from(this).describing(type, expiryOf(options));
        Boolean populate = options.populateTarget();
        boolean populated = target != null && (populate == null ? populateTarget : populate);
        @SuppressWarnings("unchecked")
        Class<? super T> proxyType = (Class<? super T>) type;
        return Proxies.create(proxyType, factory, populated ? target : null);
    }

    private @Nullable Instant expiryOf(ProxyOptions options) {
        Duration expiry = options.referenceExpiry();
        return expiry == null ? null : trustPolicy.clock().instant().plus(expiry);
    }

    private @Nullable Class<?> proxyType(@Nullable Object obj, ProxyOptions options) {
        Class<?> type = options.type();
        if (obj == null) {
            if (options.skipNonProxiable()) {
                return null;
            }
            throw new NonProxiableTypeException("cannot proxy null");
        }
        if (type == null) {
            type = obj.getClass();
        } else if (!type.isInstance(obj)) {
            throw new IllegalArgumentException(
                    "a " + obj.getClass().getName() + " is not a " + type.getName() + " (ProxyOptions.withType)");
        }
        if (Proxies.isProxiable(type)) {
            return type;
        }
        if (options.skipNonProxiable()) {
            return null;
        }
        throw nonProxiable(type);
    }

    private static NonProxiableTypeException nonProxiable(Class<?> type) {
        return new NonProxiableTypeException("cannot proxy " + type.getName()
                + ": final classes, records, enums, arrays and primitives have no proxy; name an interface or"
                + " non-final class it implements with ProxyOptions.withType, or skip with withSkipNonProxiable");
    }

    private static @Nullable Lifetime validate(ProxyOptions options) {
        Lifetime lifetime = options.lifetime();
        if (lifetime != null) {
            if (options.evict()) {
                throw new IllegalArgumentException(
                        "an ephemeral proxy (evict=true) cannot also belong to a lifetime");
            }
            requireLive(lifetime);
        }
        return lifetime;
    }

    private static void requireLive(Lifetime lifetime) {
        if (lifetime.done()) {
            throw new IllegalStateException("lifetime '" + lifetime.name() + "' has ended");
        }
    }

    /** Associates keys with a lifetime; if the lifetime ended meanwhile, evicts them so nothing leaks. */
    private <T> void attach(@Nullable Lifetime lifetime, List<Key<T>> keys) {
        if (lifetime == null || keys.isEmpty()) {
            return;
        }
        try {
            lifetime.addKey(this, keys.toArray(new Key<?>[0]));
        } catch (RuntimeException e) {
            for (Key<T> key : keys) {
                evict(key, EvictionCause.LIFETIME);
            }
            throw e;
        }
    }

    /** The connector to write {@code tags} to; {@code null} without tags. */
    private @Nullable TaggedConnector tagged(Set<String> tags) {
        if (tags.isEmpty()) {
            return null;
        }
        if (connector instanceof TaggedConnector tagged) {
            return tagged;
        }
        throw new IllegalArgumentException("store '" + name + "' uses a " + config.connector().type()
                + " connector, which cannot write by tags " + tags + ": tags need a TaggedConnector such as multi");
    }

    private Serializer writer(ProxyOptions options) {
        Serializer custom = options.serializer();
        if (custom == null) {
            return serializer;
        }
        // the proxies of what it writes name it, and this store chose it: they may read with it
        serializers.putIfAbsent(SerializerClaims.of(Serializers.configOf(custom)), custom);
        return custom;
    }

    /**
     * The serializer this store reads the object of {@code factory} with. A factory is data that may come from
     * anywhere, so it does not choose what this store trusts: it gets this store's own serializer or one this store
     * wrote with. A default serializer the store does not know is read with the store's own, which applies its own
     * allow-list and limits; any other serializer class is refused.
     *
     * @throws SerializationException if the factory names a serializer class this store does not read with
     */
    public Serializer serializerFor(StoreFactory<?> factory) {
        String claim = factory.readerClaim(config.serializer());
        if (claim == null) {
            return serializer;
        }
        Serializer known = serializers.get(claim);
        if (known != null) {
            return known;
        }
        String type = SerializerClaims.typeOf(claim);
        if (SerializerConfig.DEFAULT_TYPE.equals(type)
                && SerializerConfig.DEFAULT_TYPE.equals(config.serializer().type())) {
            return serializer;
        }
        throw new SerializationException("store '" + name + "' does not read with the serializer this proxy names"
                + " (serializer class " + UntrustedReferenceException.shorten(type) + "): it is neither the store's"
                + " own nor one the store wrote with, and a proxy must not choose what its reader trusts; configure"
                + " the store with that serializer to read such objects");
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("store '" + name + "' is closed");
        }
    }

    /** Builds a {@link Store}; every setting has a default. */
    public static final class Builder {

        private final String name;
        private final Connector connector;
        private Serializer serializer = DefaultSerializer.create();
        private int cacheSize = 16;
        private boolean metrics;
        private @Nullable MeterRegistry meterRegistry;
        private boolean populateTarget = true;
        private boolean register;
        private @Nullable TrustPolicy trustPolicy;
        private boolean referencesCarryConfig;

        private Builder(String name, Connector connector) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("store name must not be blank");
            }
            this.name = name;
            this.connector = Objects.requireNonNull(connector, "connector");
        }

        /** The serializer; default {@link DefaultSerializer#create()}. */
        public Builder serializer(Serializer serializer) {
            this.serializer = Objects.requireNonNull(serializer, "serializer");
            return this;
        }

        /** How many deserialized objects to keep locally; 0 disables the cache. Default 16. */
        public Builder cacheSize(int cacheSize) {
            if (cacheSize < 0) {
                throw new IllegalArgumentException("cacheSize must be >= 0, was " + cacheSize);
            }
            this.cacheSize = cacheSize;
            return this;
        }

        /** Whether to record metrics. Default false. */
        public Builder metrics(boolean metrics) {
            this.metrics = metrics;
            return this;
        }

        /** Where metrics go; default {@link Metrics#globalRegistry}. Implies nothing unless metrics are on. */
        public Builder meterRegistry(MeterRegistry meterRegistry) {
            this.meterRegistry = Objects.requireNonNull(meterRegistry, "meterRegistry");
            return this;
        }

        /** Whether proxies created locally start resolved. Default true. */
        public Builder populateTarget(boolean populateTarget) {
            this.populateTarget = populateTarget;
            return this;
        }

        /**
         * The policy whose signing key signs this store's references; default {@link TrustPolicy#defaults()}, whose
         * key comes from {@value TrustPolicy#SIGNING_KEY_PROPERTY} / {@value TrustPolicy#SIGNING_KEY_ENV} or is
         * random for this process.
         */
        public Builder trustPolicy(TrustPolicy trustPolicy) {
            this.trustPolicy = Objects.requireNonNull(trustPolicy, "trustPolicy");
            return this;
        }

        /**
         * Whether references carry this store's connector config (servers, directories, key prefix), so that a
         * receiver without the store may re-create it where its {@link TrustPolicy} allows. Default false: references
         * name the store only, and reveal nothing of where it lives.
         */
        public Builder referencesCarryConfig(boolean carry) {
            this.referencesCarryConfig = carry;
            return this;
        }

        /** Whether {@link #build()} registers the store in {@link StoreRegistry#global()}. Default false. */
        public Builder register(boolean register) {
            this.register = register;
            return this;
        }

        /**
         * The store.
         *
         * @throws StoreExistsException if registering and the name is taken
         */
        public Store build() {
            Store store = new Store(this);
            if (register) {
                StoreRegistry.global().register(store);
            }
            return store;
        }
    }
}
