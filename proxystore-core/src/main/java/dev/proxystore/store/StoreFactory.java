package dev.proxystore.store;

import dev.proxystore.proxy.Proxies;
import dev.proxystore.proxy.SerializableSupplier;
import java.io.Serial;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * The factory of a store proxy: a key, the config of the store that holds it, and whether resolving evicts it. It
 * is what travels when a proxy is serialized, so it holds no data and no secrets. Resolving finds the store by name
 * in {@link StoreRegistry#global()}, or re-creates it from the config and registers it.
 *
 * @param <T> the type of the stored object
 */
public final class StoreFactory<T> implements StoreBackedFactory<T> {

    @Serial
    private static final long serialVersionUID = 1L;

    private final Key<T> key;
    private final StoreConfig config;
    private final boolean evict;
    private final @Nullable SerializerConfig serializer;
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
                "the proxy's factory is a " + factory.getClass().getName() + ", not a store factory");
    }

    public Key<T> key() {
        return key;
    }

    public StoreConfig config() {
        return config;
    }

    public boolean evict() {
        return evict;
    }

    /** The serializer config the object was written with. */
    public SerializerConfig serializer() {
        return serializer == null ? config.serializer() : serializer;
    }

    /** A copy of this factory with another evict flag. */
    public StoreFactory<T> withEvict(boolean evict) {
        return evict == this.evict ? this : new StoreFactory<>(key, config, evict, serializer).from(origin);
    }

    /** A copy of this factory for another key of the same store, written the same way. */
    public StoreFactory<T> withKey(Key<T> key) {
        return new StoreFactory<>(key, config, evict, serializer).from(origin);
    }

    /** Remembers the store instance that made this factory, which resolves it while open. */
    StoreFactory<T> from(@Nullable Store store) {
        this.origin = store;
        return this;
    }

    @Override
    public StoreFactory<T> storeFactory() {
        return this;
    }

    @Serial
    private Object writeReplace() {
        return new StoreFactoryForm(this);
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
     * The store to read from: in the process that made this factory, the store instance that made it (while open);
     * elsewhere the registered store named in the config, re-created from the config and registered when missing.
     */
    public Store store() {
        Store made = origin;
        if (made != null && !made.isClosed()) {
            return made;
        }
        return StoreRegistry.global().getOrCreate(config, true);
    }

    /**
     * The store that resolves this factory without creating one: the instance that made it while open, else the
     * registered store named in the config.
     */
    public Optional<Store> existingStore() {
        Store made = origin;
        if (made != null && !made.isClosed()) {
            return Optional.of(made);
        }
        return StoreRegistry.global().get(config.name());
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof StoreFactory<?> other
                && key.equals(other.key)
                && config.equals(other.config)
                && evict == other.evict
                && Objects.equals(serializer, other.serializer);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, config, evict, serializer);
    }

    @Override
    public String toString() {
        return "StoreFactory[store=" + config.name() + ", key=" + key.id() + ", evict=" + evict + "]";
    }
}
