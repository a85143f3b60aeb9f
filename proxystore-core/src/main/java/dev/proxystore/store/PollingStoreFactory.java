package dev.proxystore.store;

import dev.proxystore.proxy.ProxyResolveMissingKeyException;
import java.io.Serial;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A store factory that waits for its object to appear, for proxies of {@link StoreFuture} results. */
final class PollingStoreFactory<T> implements StoreBackedFactory<T> {

    @Serial
    private static final long serialVersionUID = 1L;

    private static final long MAX_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final StoreFactory<T> factory;
    private final Duration timeout;

    PollingStoreFactory(StoreFactory<T> factory, Duration timeout) {
        this.factory = factory;
        this.timeout = timeout;
    }

    @Override
    public StoreFactory<T> storeFactory() {
        return factory;
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
                    throw new StoreTimeoutException("no result for " + factory.key().id() + " in store '"
                            + factory.config().name() + "' within " + timeout);
                }
                sleep(Math.min(backoff, left));
                backoff = Math.min(backoff * 2, MAX_BACKOFF_NANOS);
            }
        }
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
