package dev.proxystore.store;

import dev.proxystore.proxy.ProxyResolveMissingKeyException;
import java.io.Serial;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A store factory that waits for its object to appear, polling as its {@link Polling} says: the factory of
 * {@link StoreFuture} proxies and of {@link Store#proxyFromKey} proxies made with {@link ProxyOptions#withPolling}.
 * Resolving evicts the object once found where the store factory says so.
 */
final class PollingStoreFactory<T> implements StoreBackedFactory<T> {

    @Serial
    private static final long serialVersionUID = 3L;

    private final StoreFactory<T> factory;
    private final Polling polling;
    private final String type;

    /** @param type the proxied type's name, which a reference to this future asserts */
    PollingStoreFactory(StoreFactory<T> factory, Polling polling, String type) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.polling = Objects.requireNonNull(polling, "polling");
        this.type = type;
    }

    /** The factory a future reference read here stands for. */
    @SuppressWarnings("unchecked")
    static PollingStoreFactory<Object> of(Reference reference) {
        return new PollingStoreFactory<>((StoreFactory<Object>) reference.factory(),
                Objects.requireNonNull(reference.polling(), "a future reference's polling"), reference.type());
    }

    @Override
    public StoreFactory<T> storeFactory() {
        return factory;
    }

    /** How resolving waits for the object. */
    Polling polling() {
        return polling;
    }

    /**
     * The object, once it is in the store.
     *
     * @throws ProxyResolveMissingKeyException if it did not appear within the timeout (caused by a
     *     {@link StoreTimeoutException}), as Python ProxyStore raises {@code ProxyResolveMissingKeyError}
     */
    @Override
    public T get() {
        return poll(polling, () -> {
            try {
                return factory.resolve();
            } catch (ProxyResolveMissingKeyException missing) {
                return null;
            }
        }, () -> {
            String message = "no result for " + factory.key().id() + " in store '" + factory.config().name()
                    + "' within " + polling.timeout();
            return new ProxyResolveMissingKeyException(factory.key(), factory.config().name(), message,
                    new StoreTimeoutException(message));
        });
    }

    /**
     * Calls {@code attempt} until it returns a value, sleeping between calls as {@code polling} says and never past its
     * timeout, after which {@code timedOut}'s exception is thrown.
     */
    static <R> R poll(Polling polling, Supplier<@Nullable R> attempt,
            Supplier<? extends RuntimeException> timedOut) {
        long start = System.nanoTime();
        long timeout = Polling.nanos(polling.timeout());
        long sleep = Polling.nanos(polling.interval());
        while (true) {
            R result = attempt.get();
            if (result != null) {
                return result;
            }
            long left = timeout - (System.nanoTime() - start);
            if (left <= 0) {
                throw timedOut.get();
            }
            sleep(Math.min(sleep, left));
            sleep = polling.nextSleepNanos(sleep);
        }
    }

    @Serial
    private Object writeReplace() {
        return new StoreFactoryForm(Reference.future(factory, type, polling));
    }

    @Serial
    private void readObject(java.io.ObjectInputStream in) throws java.io.InvalidObjectException {
        throw new java.io.InvalidObjectException("future factories are read through their compact form");
    }

    private static void sleep(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for a result", e);
        }
    }
}
