package dev.proxystore.store;

import dev.proxystore.proxy.Proxies;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** A future whose key exists before its result, on a connector that can write under a given key. */
final class DeferredStoreFuture<T> implements StoreFuture<T> {

    private final Store store;
    private final ObjectIo io;
    private final Key<T> key;
    private final Class<? super T> type;
    private final Duration pollTimeout;
    private final AtomicBoolean set = new AtomicBoolean();

    DeferredStoreFuture(Store store, ObjectIo io, Key<T> key, Class<? super T> type, Duration pollTimeout) {
        this.store = store;
        this.io = io;
        this.key = key;
        this.type = type;
        this.pollTimeout = pollTimeout;
    }

    Key<T> key() {
        return key;
    }

    @Override
    public void setResult(T value) {
        Objects.requireNonNull(value, "value");
        if (!set.compareAndSet(false, true)) {
            throw new IllegalStateException("the result of " + key.id() + " was already set");
        }
        try {
            io.overwrite(key.id(), value, store.serializer());
        } catch (RuntimeException e) {
            set.set(false);
            throw e;
        }
    }

    @Override
    public T result(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long backoff = TimeUnit.MICROSECONDS.toNanos(500);
        while (true) {
            Optional<T> result = store.get(key);
            if (result.isPresent()) {
                return result.get();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new StoreTimeoutException(
                        "no result for " + key.id() + " in store '" + store.name() + "' within " + timeout);
            }
            PollingStoreFactory.sleep(Math.min(backoff, left));
            backoff = Math.min(backoff * 2, TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    @Override
    public boolean done() {
        return store.exists(key);
    }

    @Override
    public T proxy() {
        StoreFactory<T> factory = new StoreFactory<T>(key, store.config()).from(store).describing(type, null);
        return Proxies.create(type, new PollingStoreFactory<>(factory, pollTimeout, type.getName()));
    }
}
