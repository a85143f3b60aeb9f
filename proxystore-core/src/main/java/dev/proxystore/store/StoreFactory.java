package dev.proxystore.store;

import dev.proxystore.connector.ConnectorConfig;
import dev.proxystore.proxy.Proxies;
import dev.proxystore.proxy.ProxyResolveException;
import dev.proxystore.proxy.SerializableSupplier;
import dev.proxystore.serialize.SerializerConfig;
import java.io.Serial;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * The factory of a store proxy: a key, the config of the store that holds it, and whether resolving evicts it. It
 * is what travels when a proxy is serialized, as a signed {@link Reference}, so it holds no data and no secrets.
 *
 * <p>Resolving uses the store the receiver has: the store instance that made the factory (in the same JVM), else the
 * store registered under the config's name. A factory read from a reference re-creates a missing store only where the
 * receiver's {@link TrustPolicy} allows it; a factory made in this process by hand ({@link #StoreFactory(Key,
 * StoreConfig)}) is the application's own choice and re-creates the store from its config through
 * {@link StoreRegistry#getOrCreate}.
 *
 * @param <T> the type of the stored object
 */
public final class StoreFactory<T> implements StoreBackedFactory<T> {

    @Serial
    private static final long serialVersionUID = 2L;

    private final Key<T> key;
    private final StoreConfig config;
    private final boolean evict;
    private final @Nullable SerializerConfig serializer;
    /** For a factory read from a reference, the serializer it names: null for the store's own. */
    private transient @Nullable String serializerClaim;
    private transient String type = "";
    private transient @Nullable Instant expires;
    private transient @Nullable Received received;
    private transient volatile @Nullable CompletableFuture<T> pending;
    private transient volatile @Nullable Store origin;

    /** A factory that leaves the object in the store when resolved. */
    public StoreFactory(Key<T> key, StoreConfig config) {
        this(key, config, false);
    }

    /** A factory that evicts the object on resolve when {@code evict} is true. */
    public StoreFactory(Key<T> key, StoreConfig config, boolean evict) {
        this(key, config, evict, null);
    }

    /**
     * A factory whose object was written with {@code serializer} rather than the store's own serializer; null, or
     * the config's own serializer, means the store's.
     */
    public StoreFactory(Key<T> key, StoreConfig config, boolean evict, @Nullable SerializerConfig serializer) {
        this.key = Objects.requireNonNull(key, "key");
        this.config = Objects.requireNonNull(config, "config");
        this.evict = evict;
        this.serializer = serializer == null || serializer.equals(config.serializer()) ? null : serializer;
    }

    /**
     * The store factory behind a proxy.
     *
     * @throws IllegalArgumentException if {@code proxy} is not a proxy
     * @throws ProxyStoreFactoryException if the proxy's factory does not read from a store
     */
    public static StoreFactory<?> of(Object proxy) {
        SerializableSupplier<?> factory = Proxies.factoryOf(proxy);
        if (factory instanceof StoreBackedFactory<?> backed) {
            return backed.storeFactory();
        }
        throw new ProxyStoreFactoryException(
                "the proxy's factory is a " + factory.getClass().getTypeName() + ", not a store factory");
    }

    public Key<T> key() {
        return key;
    }

    /**
     * The config of the store. For a factory read from a reference whose store does not carry its config in
     * references, only the name is known and the connector config is {@link ConnectorConfig#unspecified()}.
     */
    public StoreConfig config() {
        return config;
    }

    public boolean evict() {
        return evict;
    }

    /** The serializer config the object was written with, as far as this factory knows it. */
    public SerializerConfig serializer() {
        return serializer == null ? config.serializer() : serializer;
    }

    /**
     * Whether this factory came from an unsigned reference that the receiver's policy accepts read-only: it reads an
     * object of a store this process has and never evicts, owns, waits on a future or re-creates a store.
     */
    public boolean readOnly() {
        Received r = received;
        return r != null && !r.fullRights();
    }

    /** A copy of this factory with another evict flag. */
    public StoreFactory<T> withEvict(boolean evict) {
        return evict == this.evict ? this : copy(key, evict);
    }

    /** A copy of this factory for another key of the same store, written the same way. */
    public StoreFactory<T> withKey(Key<T> key) {
        return copy(key, evict);
    }

    private StoreFactory<T> copy(Key<T> newKey, boolean newEvict) {
        StoreFactory<T> copy = new StoreFactory<>(newKey, config, newEvict, serializer);
        copy.serializerClaim = serializerClaim;
        copy.type = type;
        copy.expires = expires;
        copy.received = received;
        copy.origin = origin;
        return copy;
    }

    /** Remembers the store instance that made this factory, which resolves it while open. */
    StoreFactory<T> from(@Nullable Store store) {
        this.origin = store;
        return this;
    }

    /** Sets what only a reference carries: the proxied type's name and an optional expiry. */
    StoreFactory<T> describing(Class<?> proxiedType, @Nullable Instant expiresAt) {
        this.type = proxiedType.getName();
        this.expires = expiresAt;
        return this;
    }

    /** Marks this factory as read from a reference with {@code claims}, admitted by {@code receiver}. */
    StoreFactory<T> received(Claims claims, byte @Nullable [] tag, boolean fullRights, StoreRegistry receiver,
            @Nullable Store found) {
        this.serializerClaim = claims.serializer();
        this.type = claims.type();
        this.expires = claims.expiresMillis() == 0 ? null : Instant.ofEpochMilli(claims.expiresMillis());
        this.received = new Received(claims, tag == null ? null : tag.clone(), fullRights, receiver);
        this.origin = found;
        return this;
    }

    @Override
    public StoreFactory<T> storeFactory() {
        return this;
    }

    @Serial
    private Object writeReplace() {
        return new StoreFactoryForm(Reference.of(this));
    }

    @Serial
    private void readObject(java.io.ObjectInputStream in) throws java.io.InvalidObjectException {
        throw new java.io.InvalidObjectException("store factories are read through their compact form");
    }

    /** Same as {@link #resolve()}. */
    @Override
    public T get() {
        return resolve();
    }

    /**
     * Reads and deserializes the object, using the result of an earlier {@link #resolveAsync()} if there is one.
     *
     * @throws dev.proxystore.proxy.ProxyResolveMissingKeyException if the key is not in the store
     */
    public T resolve() {
        CompletableFuture<T> future = pending;
        if (future != null) {
            pending = null;
            try {
                return future.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException cause) {
                    throw cause;
                }
                throw e;
            }
        }
        return store().resolve(this);
    }

    /**
     * Starts resolving in the background, on a small shared pool of daemon threads (reads are blocking I/O, so not
     * the common fork-join pool); a later {@link #resolve()} of this factory waits for the result.
     */
    public CompletableFuture<T> resolveAsync() {
        return resolveAsync(Resolvers.POOL);
    }

    /** Starts resolving on {@code executor}; a later {@link #resolve()} of this factory waits for the result. */
    public CompletableFuture<T> resolveAsync(Executor executor) {
        CompletableFuture<T> future = CompletableFuture.supplyAsync(() -> store().resolve(this), executor);
        pending = future;
        return future;
    }

    /**
     * The store to read from: the store instance that made this factory or that its reference named (while open),
     * else the store registered under the config's name. A factory read from a reference gets a re-created store only
     * where the receiver's {@link TrustPolicy} allows it; a factory made here by hand gets
     * {@link StoreRegistry#getOrCreate} of its config.
     *
     * @throws ProxyResolveException if this process has no such store and may not create it
     */
    public Store store() {
        Optional<Store> existing = existingStore();
        if (existing.isPresent()) {
            return existing.get();
        }
        Received r = received;
        if (r == null) {
            return StoreRegistry.global().getOrCreate(config, true);
        }
        ConnectorConfig connector = r.claims().connector();
        if (!r.fullRights() || connector == null) {
            throw new ProxyResolveException("cannot resolve " + key.id() + ": this process has no open store named '"
                    + UntrustedReferenceException.shorten(config.name()) + "' (any more), and "
                    + (r.fullRights() ? "the reference carries no config to re-create it from"
                            : "a read-only reference never re-creates a store"), null);
        }
        try {
            return r.receiver().trustPolicy().recreate(config.name(), connector);
        } catch (UntrustedReferenceException e) {
            throw new ProxyResolveException("cannot resolve " + key.id() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The store that resolves this factory without creating one: the instance that made it or that its reference
     * named, while open, else the store registered under the config's name.
     */
    public Optional<Store> existingStore() {
        Store made = origin;
        if (made != null && !made.isClosed()) {
            return Optional.of(made);
        }
        Received r = received;
        if (r != null) {
            Store live = LiveStores.find(r.claims().instance(), config.name());
            if (live != null) {
                return Optional.of(live);
            }
            return r.receiver().get(config.name());
        }
        return StoreRegistry.global().get(config.name());
    }

    /** Whether this factory may evict, own or wait: made here, or read from a reference granted full rights. */
    boolean fullRights() {
        Received r = received;
        return r == null || r.fullRights();
    }

    /**
     * What a reference to this factory's object asserts, for a proxy of {@code proxiedType} of {@code kind}, polling
     * as {@code polling} says for a future.
     */
    Claims claims(Reference.Kind kind, String proxiedType, @Nullable Polling polling, @Nullable String ticket) {
        Received r = received;
        Store made = origin;
        UUID instance = r != null ? r.claims().instance() : made != null ? made.instanceId() : null;
        ConnectorConfig connector = r != null ? r.claims().connector()
                : made != null && made.referencesCarryConfig() ? config.connector() : null;
        String claimedType = r != null ? r.claims().type() : proxiedType;
        Claims.Backoff backoff = polling == null ? null : Claims.Backoff.of(polling);
        if (r != null && polling != null && polling.equals(r.claims().polling())) {
            // passed on unchanged: a future read in the format without polling settings keeps that format
            backoff = r.claims().backoff();
        }
        return new Claims(kind, config.name(), instance, key.id(), claimedType, evict,
                polling == null ? 0 : polling.timeout().toMillis(), ticket, serializerClaim(), connector,
                expires == null ? 0 : expires.toEpochMilli(), backoff);
    }

    /**
     * The tag for {@code claims}: the one this factory was read with when they are what it asserted; else, with full
     * rights, a new one under the signing key of the store that made it (or of the receiver that admitted it, or the
     * default policy); a read-only factory's changed claims go unsigned.
     */
    byte @Nullable [] tag(Claims claims, byte[] encoded) {
        Received r = received;
        if (r != null && r.claims().equals(claims)) {
            return r.tag() == null ? null : r.tag().clone();
        }
        if (!fullRights()) {
            return null;
        }
        Store made = origin;
        TrustPolicy policy = made != null ? made.trustPolicy()
                : r != null ? r.receiver().trustPolicy() : StoreRegistry.global().trustPolicy();
        return policy.signingKey().tag(encoded);
    }

    /** The name of the type the factory's proxy was made for; empty when unknown. */
    String type() {
        return type;
    }

    /**
     * The serializer a reference to this factory names: null for the store's own (a factory made here names an
     * override only), else {@code type#fingerprint}.
     */
    @Nullable String serializerClaim() {
        if (received != null) {
            return serializerClaim;
        }
        return serializer == null ? null : SerializerClaims.of(serializer);
    }

    /**
     * The serializer a store whose own serializer is {@code own} should read this factory's object with, as a claim:
     * what its reference named, or for a factory made here the claim of {@link #serializer()}; null for the store's
     * own.
     */
    @Nullable String readerClaim(SerializerConfig own) {
        if (received != null) {
            return serializerClaim;
        }
        SerializerConfig requested = serializer();
        return requested.equals(own) ? null : SerializerClaims.of(requested);
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof StoreFactory<?> other
                && key.equals(other.key)
                && config.equals(other.config)
                && evict == other.evict
                && Objects.equals(serializerClaim(), other.serializerClaim());
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, config, evict, serializerClaim());
    }

    @Override
    public String toString() {
        return "StoreFactory[store=" + config.name() + ", key=" + key.id() + ", evict=" + evict
                + (readOnly() ? ", read-only" : "") + "]";
    }

    /** How a factory read from a reference came in: its claims and tag, its rights, and who admitted it. */
    private record Received(Claims claims, byte @Nullable [] tag, boolean fullRights, StoreRegistry receiver) {}
}
