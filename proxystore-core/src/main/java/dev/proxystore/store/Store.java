package dev.proxystore.store;

import dev.proxystore.connector.Connector;
import dev.proxystore.connector.ConnectorException;
import dev.proxystore.connector.Connectors;
import dev.proxystore.lifetime.Lifetime;
import dev.proxystore.proxy.ProxyLocker;
import dev.proxystore.proxy.ProxyResolveException;
import dev.proxystore.proxy.ProxyResolveMissingKeyException;
import dev.proxystore.serialize.DefaultSerializer;
import dev.proxystore.serialize.Serializer;
import dev.proxystore.serialize.Serializers;
import dev.proxystore.store.StoreMetrics.Operation;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;
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
 *
 * <p>This class is the façade: reading and writing objects, the cache and the metrics are one part, the
 * serializers another, making proxies a third.
 * Its length is the pinned public API and its Javadoc; the bodies delegate to those parts.
 */
public final class Store implements AutoCloseable {

    private final String name;
    private final Connector connector;
    private final StoreConfig config;
    private final ObjectIo io;
    private final StoreObservations observations;
    private final StoreSerializers serializers;
    private final ProxyMaker proxies;
    private final TrustPolicy trustPolicy;
    private final boolean referencesCarryConfig;
    private final UUID instanceId = UUID.randomUUID();
    private final Set<MapStoreRegistry> registries = new CopyOnWriteArraySet<>();
    private final List<Runnable> closeHooks = new CopyOnWriteArrayList<>();

    /** A store with the defaults: default serializer, cache of 16 objects, no metrics, populated targets. */
    public Store(String name, Connector connector) {
        this(builder(name, connector));
    }

    private Store(Builder builder) {
        this.name = builder.name;
        this.connector = builder.connector;
        this.serializers = new StoreSerializers(name, builder.serializer);
        this.observations = builder.observations();
        this.io = new ObjectIo(name, connector, builder.cacheSize, builder.metrics(), observations);
        this.config = new StoreConfig(name, connector.config(), builder.cacheSize, builder.metrics,
                builder.populateTarget, builder.register, serializers.ownConfig());
        this.proxies = new ProxyMaker(this, io, serializers, builder.populateTarget);
        this.trustPolicy = builder.trustPolicy != null ? builder.trustPolicy : TrustPolicy.defaults();
        this.referencesCarryConfig = builder.referencesCarryConfig;
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

    /** The connector; the store's own operations are the way to its objects, with their checks and metrics. */
    public Connector connector() {
        return connector;
    }

    /** The serializer objects are written with unless a proxy names another. */
    public Serializer serializer() {
        return serializers.own();
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
        return new Key<>(io.write(obj, serializers.own(), Set.of(), Set.of(), null));
    }

    /**
     * Serializes {@code obj} with {@code serializer} instead of the store's own (Python's {@code serializer=}); read
     * it back with {@link #get(Key, Serializer)}, or through a proxy made with
     * {@link ProxyOptions#withSerializer}.
     */
    public <T> Key<T> put(T obj, Serializer serializer) {
        Objects.requireNonNull(serializer, "serializer");
        return new Key<>(io.write(obj, serializers.writer(serializer), Set.of(), Set.of(), null));
    }

    /** Writes {@code obj} and associates its key with {@code lifetime}. */
    public <T> Key<T> put(T obj, Lifetime lifetime) {
        ProxyMaker.requireLive(lifetime);
        Key<T> key = new Key<>(io.write(obj, serializers.own(), Set.of(), Set.of(), null,
                ProxyMaker.serverTtl(lifetime)));
        ProxyMaker.attach(this, lifetime, List.of(key));
        return key;
    }

    /** Serializes every object first, then writes them in one batch: a failure writes nothing. */
    public <T> List<Key<T>> putBatch(List<? extends T> objs) {
        return ProxyMaker.keys(io.writeBatch(objs, serializers.own(), Set.of(), Set.of()));
    }

    /** {@link #putBatch(List)} with {@code serializer} instead of the store's own. */
    public <T> List<Key<T>> putBatch(List<? extends T> objs, Serializer serializer) {
        Objects.requireNonNull(serializer, "serializer");
        return ProxyMaker.keys(io.writeBatch(objs, serializers.writer(serializer), Set.of(), Set.of()));
    }

    /** Writes the objects in one batch and associates their keys with {@code lifetime}. */
    public <T> List<Key<T>> putBatch(List<? extends T> objs, Lifetime lifetime) {
        ProxyMaker.requireLive(lifetime);
        List<Key<T>> keys = putBatch(objs);
        ProxyMaker.attach(this, lifetime, keys);
        return keys;
    }

    /** The object under {@code key}, from the cache or the connector; empty when missing. */
    @SuppressWarnings("unchecked")
    public <T> Optional<T> get(Key<T> key) {
        return Optional.ofNullable((T) io.read(key.id(), serializers.own()));
    }

    /**
     * The object under {@code key} read with {@code deserializer} instead of the store's own (Python's
     * {@code deserializer=}): always from the connector, since the local cache holds objects read with the store's own
     * serializer; empty when missing.
     */
    @SuppressWarnings("unchecked")
    public <T> Optional<T> get(Key<T> key, Serializer deserializer) {
        Objects.requireNonNull(deserializer, "deserializer");
        return Optional.ofNullable((T) io.read(key.id(), deserializer, false));
    }

    /**
     * The objects under {@code keys}, in order, empty where missing: cached ones from the cache, the rest in one
     * connector batch (one {@code MGET} on Redis), size-checked before anything is loaded where the connector can.
     */
    @SuppressWarnings("unchecked")
    public <T> List<Optional<T>> getBatch(List<Key<T>> keys) {
        List<String> ids = new ArrayList<>(keys.size());
        keys.forEach(key -> ids.add(key.id()));
        List<Optional<T>> result = new ArrayList<>(keys.size());
        for (Object obj : io.readBatch(ids, serializers.own())) {
            result.add(Optional.ofNullable((T) obj));
        }
        return result;
    }

    /** Whether the connector holds {@code key}. */
    public boolean exists(Key<?> key) {
        return io.exists(key.id());
    }

    /** Removes {@code key} from the connector and the cache; a missing key is a no-op. */
    public void evict(Key<?> key) {
        evict(key, EvictionCause.EXPLICIT);
    }

    /** Removes {@code key}, counting the eviction under {@code cause}. For lifetimes and ownership. */
    public void evict(Key<?> key, EvictionCause cause) {
        io.evict(key.id(), cause);
    }

    /** Drops {@code key} from the local cache only, so the next read goes to the connector. */
    public void invalidate(Key<?> key) {
        io.invalidate(key.id());
    }

    /** Whether the object under {@code key} is in the local cache. */
    public boolean isCached(Key<?> key) {
        return io.isCached(key.id());
    }

    /**
     * Writes a copy of the object under {@code key}, as stored, under a new key.
     *
     * @throws ProxyResolveMissingKeyException if {@code key} is missing
     */
    public <T> Key<T> copy(Key<T> key) {
        String copy = io.copy(key.id(), serializers.own().maxPayloadSize());
        if (copy == null) {
            throw new ProxyResolveMissingKeyException(key, name);
        }
        return new Key<>(copy);
    }

    /**
     * Replaces the object a factory of this store refers to with {@code value}, serialized as the factory's object was
     * written, and drops the cached copy.
     *
     * @throws UnsupportedOperationException if the connector cannot write under a given key (see
     *     {@link Connector#deferrable()})
     */
    public <T> void replace(StoreFactory<T> factory, T value) {
        requireFullRights(factory, "replace its object");
        io.overwrite(factory.key().id(), Objects.requireNonNull(value, "value"), serializers.readerFor(factory));
    }

    /** Whether the connector's backend expires keys by itself, so {@link #expire} sets a server-side time to live. */
    public boolean expires() {
        return io.expires();
    }

    /**
     * Makes the backend delete each key after {@code ttl}, replacing any earlier expiry; does nothing when the connector
     * cannot expire keys ({@link #expires()}).
     */
    public void expire(Duration ttl, Key<?>... keys) {
        List<String> ids = new ArrayList<>(keys.length);
        for (Key<?> key : keys) {
            ids.add(key.id());
        }
        io.expire(ids, ttl);
    }

    /**
     * A round trip to the backend that reads and writes nothing.
     *
     * @throws dev.proxystore.connector.ConnectorException if the backend does not answer
     * @throws IllegalStateException if the store is closed
     */
    public void ping() {
        io.ping();
    }

    /** What the store has done so far, as its metrics recorded it; all zero when it records no metrics. */
    public StoreStats stats() {
        return io.stats();
    }

    /**
     * How many objects the store's backend holds, where the connector can tell without reading them (local and file
     * connectors, and multi connectors whose routes all can); empty otherwise.
     */
    public OptionalLong count() {
        return io.count();
    }

    /** Writes {@code obj} and returns a proxy of it; see {@link #proxy(Object, ProxyOptions)}. */
    public <T> T proxy(T obj) {
        return proxy(obj, ProxyOptions.defaults());
    }

    /**
     * Writes {@code obj} and returns a proxy of its type (or {@link ProxyOptions#type()}) whose factory reads it
     * back. With populate-target the proxy starts resolved to {@code obj}, so local use never reads the store.
     *
     * @throws dev.proxystore.proxy.NonProxiableTypeException if the type cannot be proxied (unless skipping, which
     *     returns {@code obj} and writes nothing)
     */
    public <T> T proxy(T obj, ProxyOptions options) {
        return proxies.proxy(obj, null, options);
    }

    /**
     * {@link #proxy(Object, ProxyOptions)} for an object whose serialized form is already at hand, so it is not
     * serialized twice: {@code serialized} must be what the options' serializer (or else the store's) makes of
     * {@code obj}, and is stored as it is.
     */
    public <T> T proxy(T obj, byte @Nullable [] serialized, ProxyOptions options) {
        return proxies.proxy(obj, serialized, options);
    }

    /** Writes the objects in one batch and returns a proxy of each, in order. */
    public <T> List<T> proxyBatch(List<? extends T> objs, ProxyOptions options) {
        return proxies.proxyBatch(objs, options);
    }

    /**
     * An unresolved proxy of the object under {@code key}; associates the key with the options' lifetime. The object
     * is expected to exist when the proxy resolves, unless the options ask for {@link ProxyOptions#withPolling
     * polling}: then resolving waits for it to appear, as for a {@link StoreFuture}, so a proxy can be handed out
     * for a key whose object another process writes later.
     */
    public <T> T proxyFromKey(Key<T> key, Class<? super T> type, ProxyOptions options) {
        return proxies.proxyFromKey(key, type, options);
    }

    /**
     * A proxy in a {@link ProxyLocker}, which keeps frameworks from resolving it by accident. A locker always holds a
     * proxy, so non-proxiable values are rejected even when the options say to skip them; only {@code null} with
     * {@link ProxyOptions#withSkipNonProxiable skipping} gives {@code null}, as {@link #proxy} does.
     */
    public <T> @Nullable ProxyLocker<T> lockedProxy(@Nullable T obj, ProxyOptions options) {
        return proxies.lockedProxy(obj, options);
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
        return proxies.ownedProxy(obj, options);
    }

    /**
     * A future whose result is written later; its proxies wait for it as {@link Polling#defaults()} says (up to a
     * minute). See {@link #future(Class, ProxyOptions)}.
     */
    public <T> StoreFuture<T> future(Class<? super T> type) {
        return future(type, ProxyOptions.defaults());
    }

    /** A future whose result is written later; resolving its proxy waits up to {@code pollTimeout}. */
    public <T> StoreFuture<T> future(Class<? super T> type, Duration pollTimeout) {
        return future(type, ProxyOptions.defaults().withPolling(Polling.defaults().withTimeout(pollTimeout)));
    }

    /**
     * A future whose result is written later (Python's {@code Store.future}). Its key exists at once; whoever holds the
     * future calls {@link StoreFuture#setResult}, and its proxies, handed out before that, wait for the result when
     * resolved. The options say how: {@link ProxyOptions#withPolling polling} (default {@link Polling#defaults()}),
     * {@link ProxyOptions#withEvict evict} (the first resolve of a proxy evicts the result), a
     * {@link ProxyOptions#withSerializer serializer} (the result is written and read with it), a
     * {@link ProxyOptions#withLifetime lifetime} (its end evicts the result), a
     * {@link ProxyOptions#withReferenceExpiry reference expiry} and the {@link ProxyOptions#withType type} of the
     * proxies; other options do not apply.
     *
     * @throws UnsupportedOperationException if the connector cannot hand out keys before data (see
     *     {@link Connector#deferrable()})
     * @throws IllegalArgumentException if the options ask for tags (the connector chooses where a future's key lives)
     *     or combine evict with a lifetime
     */
    public <T> StoreFuture<T> future(Class<? super T> type, ProxyOptions options) {
        return proxies.future(type, options);
    }

    /**
     * Runs {@code hook} when this store closes, before its connector does (at once if it is closed). Lifetimes use it to
     * evict the objects they hold in the store while it can still evict them.
     */
    public void onClose(Runnable hook) {
        Objects.requireNonNull(hook, "hook");
        closeHooks.add(hook);
        if (io.isClosed() && closeHooks.remove(hook)) {
            hook.run();
        }
    }

    /**
     * Runs the close hooks (evicting the store's {@link dev.proxystore.lifetime.StaticLifetime} objects), closes the
     * connector (deleting nothing else) and unregisters the store. Idempotent.
     */
    @Override
    public void close() {
        if (io.isClosed()) {
            return;
        }
        RuntimeException failure = null;
        for (Runnable hook : closeHooks) {
            try {
                hook.run();
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        closeHooks.clear();
        if (!io.close()) {
            return;
        }
        LiveStores.remove(this);
        for (MapStoreRegistry registry : registries) {
            registry.unregister(this);
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return io.isClosed();
    }

    @Override
    public String toString() {
        return "Store[name=" + name + ", connector=" + config.connector().type() + "]";
    }

    /**
     * The serializer this store reads the object of {@code factory} with: its own or one it wrote with, never one the
     * factory alone names.
     *
     * @throws dev.proxystore.serialize.SerializationException if the factory names a serializer class this store does
     *     not read with
     */
    public Serializer serializerFor(StoreFactory<?> factory) {
        return serializers.readerFor(factory);
    }

    <T> T resolve(StoreFactory<T> factory) {
        return observations.observe(Operation.RESOLVE, factory.key().id(), () -> resolveObserved(factory));
    }

    private <T> T resolveObserved(StoreFactory<T> factory) {
        long start = io.start();
        Key<T> key = factory.key();
        T obj;
        try {
            @SuppressWarnings("unchecked")
            T read = (T) io.read(key.id(), serializers.readerFor(factory));
            obj = read;
        } catch (ConnectorException e) {
            // the backend failed (unreachable, timed out): a resolve failure like any other; bad data stays a
            // SerializationException, which names what was refused
            throw new ProxyResolveException("cannot resolve " + key.id() + " from store '" + name + "': "
                    + e.getMessage(), e);
        }
        if (obj == null) {
            throw new ProxyResolveMissingKeyException(key, name);
        }
        if (factory.evict() && factory.fullRights()) {
            evict(key, EvictionCause.EPHEMERAL);
        }
        io.stop(Operation.RESOLVE, start);
        return obj;
    }

    /** This store instance's id, which references name so that one read back in this JVM finds this very store. */
    UUID instanceId() {
        return instanceId;
    }

    String issueTicket() {
        return io.issueTicket();
    }

    boolean claimTicket(String ticket) {
        return io.claimTicket(ticket);
    }

    void registeredIn(MapStoreRegistry registry) {
        registries.add(registry);
    }

    void unregisteredFrom(MapStoreRegistry registry) {
        registries.remove(registry);
    }

    private static void requireFullRights(StoreFactory<?> factory, String action) {
        if (!factory.fullRights()) {
            throw new UntrustedReferenceException(factory.config().name(), "a read-only reference may not " + action);
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
        private @Nullable StoreMetrics recorder;
        private @Nullable ObservationRegistry observationRegistry;
        private boolean populateTarget = true;
        private boolean register;
        private @Nullable StoreRegistry registry;
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
                throw new IllegalArgumentException("The cache size must be 0 (no cache) or more, was " + cacheSize);
            }
            this.cacheSize = cacheSize;
            return this;
        }

        /**
         * Whether to record metrics: into the {@link #meterRegistry} or else Micrometer's global registry, unless
         * {@link #recordMetrics} names another recorder. Default false.
         */
        public Builder metrics(boolean metrics) {
            this.metrics = metrics;
            return this;
        }

        /**
         * Where metrics go; default Micrometer's global registry. Implies nothing unless metrics are on.
         *
         * @throws IllegalStateException if {@link #recordMetrics} was set
         */
        public Builder meterRegistry(MeterRegistry meterRegistry) {
            if (recorder != null) {
                throw new IllegalStateException("a metrics recorder was already set: it decides where metrics go");
            }
            this.meterRegistry = Objects.requireNonNull(meterRegistry, "meterRegistry");
            return this;
        }

        /**
         * Records the store's metrics with {@code recorder} (and turns metrics on).
         *
         * @throws IllegalStateException if a meter registry or another recorder was set
         */
        public Builder recordMetrics(StoreMetrics recorder) {
            if (meterRegistry != null || this.recorder != null) {
                throw new IllegalStateException("metrics already go to "
                        + (meterRegistry != null ? "a meter registry" : "a recorder"));
            }
            this.recorder = Objects.requireNonNull(recorder, "recorder");
            this.metrics = true;
            return this;
        }

        /**
         * Observes the operations that reach the connector in {@code registry} (Micrometer's Observation API, which
         * traces and times them): {@code proxystore.put}, {@code proxystore.get} (a read the cache did not serve) and
         * {@code proxystore.resolve}, with low-cardinality key values {@code store} and {@code connector}, and the
         * object's {@code key} as a high-cardinality one (on spans, never on metrics). Default: not observed.
         *
         * @throws IllegalStateException if a registry was already set
         */
        public Builder observationRegistry(ObservationRegistry registry) {
            if (observationRegistry != null) {
                throw new IllegalStateException("an observation registry was already set to " + observationRegistry);
            }
            this.observationRegistry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /** Whether proxies created locally start resolved. Default true. */
        public Builder populateTarget(boolean populateTarget) {
            this.populateTarget = populateTarget;
            return this;
        }

        /** Whether {@link #build()} registers the store (in {@link #registry}). Default false. */
        public Builder register(boolean register) {
            this.register = register;
            return this;
        }

        /** The registry {@link #register(boolean)} registers in; default {@link StoreRegistry#global()}. */
        public Builder registry(StoreRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
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

        /**
         * The store.
         *
         * @throws StoreExistsException if registering and the name is taken
         * @throws IllegalStateException if metrics are on without a recorder and Micrometer is not on the class path
         */
        public Store build() {
            Store store = new Store(this);
            if (register) {
                (registry != null ? registry : StoreRegistry.global()).register(store);
            }
            return store;
        }

        private StoreObservations observations() {
            ObservationRegistry registry = observationRegistry;
            return registry == null ? StoreObservations.NONE
                    : new MicrometerStoreObservations(registry, name, connector.config().type());
        }

        private StoreMetrics metrics() {
            if (recorder != null) {
                return recorder;
            }
            if (!metrics) {
                return StoreMetrics.disabled();
            }
            return Micrometer.metrics(name, meterRegistry);
        }
    }

    /** Micrometer, touched only when a store records into it: the core runs without it. */
    private static final class Micrometer {

        static StoreMetrics metrics(String store, @Nullable MeterRegistry registry) {
            try {
                Class.forName("io.micrometer.core.instrument.MeterRegistry", false, Store.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                throw new IllegalStateException("store '" + store + "' records metrics into Micrometer, which is not on"
                        + " the class path: add io.micrometer:micrometer-core, or set Store.Builder.recordMetrics", e);
            }
            return MicrometerStoreMetrics.of(store, registry);
        }
    }
}
