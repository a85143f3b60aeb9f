package dev.proxystore.store;

import dev.proxystore.proxy.ProxyResolveMissingKeyException;
import java.io.Serial;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A store factory that waits for its object to appear, for proxies of {@link StoreFuture} results. */
final class PollingStoreFactory<T> implements StoreBackedFactory<T> {

    @Serial
    private static final long serialVersionUID = 2L;

    private static final long MAX_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final StoreFactory<T> factory;
    private final Duration timeout;
    private final String type;

    /** @param type the proxied type's name, which a reference to this future asserts */
    PollingStoreFactory(StoreFactory<T> factory, Duration timeout, String type) {
        this.factory = factory;
        this.timeout = timeout;
        this.type = type;
    }

    /** The factory a future reference read here stands for. */
    @SuppressWarnings("unchecked")
    static PollingStoreFactory<Object> of(Reference reference) {
        return new PollingStoreFactory<>((StoreFactory<Object>) reference.factory(), reference.futureTimeout(),
                reference.type());
    }

    @Override
    public StoreFactory<T> storeFactory() {
        return factory;
    }

    /** How long resolving waits for the result. */
    Duration timeout() {
        return timeout;
    }

    @Override
    public T get() {
        long deadline = System.nanoTime() + timeout.toNanos();
        long backoff = TimeUnit.MICROSECONDS.toNanos(500);
        while (true) {
            try {
                return factory.resolve();
            } catch (ProxyResolveMissingKeyException missing) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    // a resolve failure, as in Python (ProxyResolveMissingKeyError); the timeout is its cause
                    String message = "no result for " + factory.key().id() + " in store '" + factory.config().name()
                            + "' within " + timeout;
                    throw new ProxyResolveMissingKeyException(factory.key(), factory.config().name(), message,
                            new StoreTimeoutException(message));
                }
                sleep(Math.min(backoff, left));
                backoff = Math.min(backoff * 2, MAX_BACKOFF_NANOS);
            }
        }
    }

    @Serial
    private Object writeReplace() {
        return new StoreFactoryForm(Reference.future(factory, type, timeout));
    }

    @Serial
    private void readObject(java.io.ObjectInputStream in) throws java.io.InvalidObjectException {
        throw new java.io.InvalidObjectException("future factories are read through their compact form");
    }

    static void sleep(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for a result", e);
        }
    }
}
