package dev.proxystore.store;

import dev.proxystore.proxy.Proxies;
import dev.proxystore.serialize.Serializer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A future whose key exists before its result, on a connector that can write under a given key. Its proxies wait for
 * the result as its {@link Polling} says and evict it once resolved where its factory says so; {@link #result}
 * polls the same way without evicting.
 */
final class DeferredStoreFuture<T> implements StoreFuture<T> {

    private final Store store;
    private final ObjectIo io;
    private final StoreFactory<T> factory;
    private final Class<? super T> type;
    private final Serializer writer;
    private final Polling polling;
    private final AtomicBoolean set = new AtomicBoolean();

    /**
     * @param factory the factory of the result's key, which says how proxies read it (evict, serializer, expiry)
     * @param writer the serializer {@link #setResult} writes with
     */
    DeferredStoreFuture(Store store, ObjectIo io, StoreFactory<T> factory, Class<? super T> type, Serializer writer,
            Polling polling) {
        this.store = store;
        this.io = io;
        this.factory = factory;
        this.type = type;
        this.writer = writer;
        this.polling = polling;
    }

    Key<T> key() {
        return factory.key();
    }

    @Override
    public void setResult(T value) {
        Objects.requireNonNull(value, "value");
        if (!set.compareAndSet(false, true)) {
            throw new IllegalStateException("the result of " + key().id() + " was already set");
        }
        try {
            io.overwrite(key().id(), value, writer);
        } catch (RuntimeException e) {
            set.set(false);
            throw e;
        }
    }

    @Override
    public T result(Duration timeout) {
        Serializer reader = store.serializerFor(factory);
        String message = "no result for " + key().id() + " in store '" + store.name() + "' within " + timeout;
        @SuppressWarnings("unchecked")
        T now = (T) io.read(key().id(), reader);
        if (now != null) {
            return now;
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new StoreTimeoutException(message);
        }
        return PollingStoreFactory.poll(polling.withTimeout(timeout), () -> {
            @SuppressWarnings("unchecked")
            T read = (T) io.read(key().id(), reader);
            return read;
        }, () -> new StoreTimeoutException(message));
    }

    @Override
    public boolean done() {
        return store.exists(key());
    }

    @Override
    public T proxy() {
        return Proxies.create(type, new PollingStoreFactory<>(factory.withKey(key()), polling, type.getName()));
    }
}
