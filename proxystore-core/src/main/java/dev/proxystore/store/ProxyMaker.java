package dev.proxystore.store;

import dev.proxystore.lifetime.Lifetime;
import dev.proxystore.proxy.NonProxiableTypeException;
import dev.proxystore.proxy.Proxies;
import dev.proxystore.proxy.ProxyLocker;
import dev.proxystore.ref.Refs;
import dev.proxystore.serialize.Serializer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Makes a store's proxies: checks that the type can be proxied, writes the object, associates its key with the
 * options' lifetime, and creates the proxy around a factory that remembers the store.
 */
final class ProxyMaker {

    private final Store store;
    private final ObjectIo io;
    private final StoreSerializers serializers;
    private final boolean populateTarget;

    ProxyMaker(Store store, ObjectIo io, StoreSerializers serializers, boolean populateTarget) {
        this.store = store;
        this.io = io;
        this.serializers = serializers;
        this.populateTarget = populateTarget;
    }

    <T> T proxy(T obj, byte @Nullable [] serialized, ProxyOptions options) {
        Class<?> type = proxyType(obj, options);
        if (type == null) {
            return obj;
        }
        rejectPolling(options);
        Lifetime lifetime = validate(options);
        Serializer writer = serializers.writer(options);
        Key<T> key = new Key<>(io.write(obj, writer, options.tags(), options.supersetTags(), serialized,
                serverTtl(lifetime)));
        attach(store, lifetime, List.of(key));
        return newProxy(type, key, options, writer, obj);
    }

    <T> List<T> proxyBatch(List<? extends T> objs, ProxyOptions options) {
        List<@Nullable Class<?>> types = new ArrayList<>(objs.size());
        List<T> stored = new ArrayList<>(objs.size());
        for (T obj : objs) {
            Class<?> type = proxyType(obj, options);
            types.add(type);
            if (type != null) {
                stored.add(obj);
            }
        }
        rejectPolling(options);
        Lifetime lifetime = validate(options);
        Serializer writer = serializers.writer(options);
        List<Key<T>> keys = keys(io.writeBatch(stored, writer, options.tags(), options.supersetTags()));
        attach(store, lifetime, keys);
        List<T> proxies = new ArrayList<>(objs.size());
        int next = 0;
        for (int i = 0; i < objs.size(); i++) {
            T obj = objs.get(i);
            Class<?> type = types.get(i);
            proxies.add(type == null ? obj : newProxy(type, keys.get(next++), options, writer, obj));
        }
        return proxies;
    }

    <T> T proxyFromKey(Key<T> key, Class<? super T> type, ProxyOptions options) {
        Objects.requireNonNull(key, "key");
        Class<?> proxyType = options.type() == null ? type : options.type();
        if (!Proxies.isProxiable(proxyType)) {
            throw nonProxiable(proxyType);
        }
        Lifetime lifetime = validate(options);
        attach(store, lifetime, List.of(key));
        Polling polling = options.polling();
        if (polling == null) {
            return newProxy(proxyType, key, options, serializers.writer(options), null);
        }
        @SuppressWarnings("unchecked")
        Class<? super T> waitingType = (Class<? super T>) proxyType;
        return Proxies.create(waitingType, new PollingStoreFactory<>(
                newFactory(proxyType, key, options, serializers.writer(options)), polling, proxyType.getName()));
    }

    <T> @Nullable ProxyLocker<T> lockedProxy(@Nullable T obj, ProxyOptions options) {
        if (obj == null) {
            if (options.skipNonProxiable()) {
                return null;
            }
            throw new NonProxiableTypeException("cannot proxy null");
        }
        return new ProxyLocker<>(proxy(obj, null, options.withSkipNonProxiable(false)));
    }

    <T> T ownedProxy(T obj, ProxyOptions options) {
        if (options.evict() || options.lifetime() != null) {
            throw new IllegalArgumentException(
                    "an owned proxy's object lives as long as its owner: no evict flag or lifetime");
        }
        T proxy = proxy(obj, null, options);
        return Proxies.isProxy(proxy) ? Refs.intoOwned(proxy) : proxy;
    }

    <T> StoreFuture<T> future(Class<? super T> type, ProxyOptions options) {
        io.checkOpen();
        @SuppressWarnings("unchecked")
        Class<? super T> proxyType = options.type() == null ? type : (Class<? super T>) options.type();
        if (!Proxies.isProxiable(proxyType)) {
            throw nonProxiable(proxyType);
        }
        if (!options.tags().isEmpty() || !options.supersetTags().isEmpty()) {
            throw new IllegalArgumentException("a future's key comes from the connector before its result exists, so"
                    + " tags cannot choose where the result goes; a multi connector writes results to its deferred"
                    + " route");
        }
        Lifetime lifetime = validate(options);
        Serializer writer = serializers.writer(options);
        Key<T> key = new Key<>(io.newKey());
        attach(store, lifetime, List.of(key));
        Polling polling = options.polling();
        return new DeferredStoreFuture<>(store, io, newFactory(proxyType, key, options, writer), proxyType, writer,
                polling == null ? Polling.defaults() : polling);
    }

    private <T> StoreFactory<T> newFactory(Class<?> type, Key<T> key, ProxyOptions options, Serializer writer) {
        return new StoreFactory<T>(key, store.config(), options.evict(),
                writer == serializers.own() ? null : dev.proxystore.serialize.Serializers.configOf(writer))
                .from(store).describing(type, expiryOf(options));
    }

    private <T> T newProxy(Class<?> type, Key<T> key, ProxyOptions options, Serializer writer, @Nullable T target) {
        StoreFactory<T> factory = newFactory(type, key, options, writer);
        Boolean populate = options.populateTarget();
        boolean populated = target != null && (populate == null ? populateTarget : populate);
        @SuppressWarnings("unchecked")
        Class<? super T> proxyType = (Class<? super T>) type;
        return Proxies.create(proxyType, factory, populated ? target : null);
    }

    private @Nullable Instant expiryOf(ProxyOptions options) {
        Duration expiry = options.referenceExpiry();
        return expiry == null ? null : store.trustPolicy().clock().instant().plus(expiry);
    }

    private static @Nullable Class<?> proxyType(@Nullable Object obj, ProxyOptions options) {
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
            throw new IllegalArgumentException("a " + obj.getClass().getTypeName() + " is not a "
                    + type.getTypeName() + " (ProxyOptions.withType)");
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
        return new NonProxiableTypeException("cannot proxy " + type.getTypeName()
                + ": final classes, records, enums, arrays and primitives have no proxy; name an interface or"
                + " non-final class it implements with ProxyOptions.withType, or skip with withSkipNonProxiable");
    }

    private static void rejectPolling(ProxyOptions options) {
        if (options.polling() != null) {
            throw new IllegalArgumentException("polling (ProxyOptions.withPolling) is for proxies of objects written"
                    + " later: Store.proxyFromKey and Store.future; this call writes the object first");
        }
    }

    /** The options' lifetime, checked: alive, and not combined with evict. */
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

    static void requireLive(Lifetime lifetime) {
        if (lifetime.done()) {
            throw new IllegalStateException("lifetime '" + lifetime.name() + "' has ended");
        }
    }

    /**
     * The expiry to write an object of {@code lifetime} with, so it never lives without one on the backend even if
     * the process dies before the lifetime sets its own; {@code null} for lifetimes without an end time.
     */
    static @Nullable Duration serverTtl(@Nullable Lifetime lifetime) {
        Optional<Duration> left = lifetime == null ? Optional.empty() : lifetime.timeLeft();
        if (left.isEmpty()) {
            return null;
        }
        Duration ttl = left.get();
        return ttl.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : ttl;
    }

    /** Associates keys with a lifetime; if the lifetime ended meanwhile, evicts them so nothing leaks. */
    static <T> void attach(Store store, @Nullable Lifetime lifetime, List<Key<T>> keys) {
        if (lifetime == null || keys.isEmpty()) {
            return;
        }
        try {
            lifetime.addKey(store, keys.toArray(new Key<?>[0]));
        } catch (RuntimeException e) {
            for (Key<T> key : keys) {
                store.evict(key, EvictionCause.LIFETIME);
            }
            throw e;
        }
    }

    static <T> List<Key<T>> keys(List<String> ids) {
        List<Key<T>> keys = new ArrayList<>(ids.size());
        ids.forEach(id -> keys.add(new Key<>(id)));
        return keys;
    }
}
