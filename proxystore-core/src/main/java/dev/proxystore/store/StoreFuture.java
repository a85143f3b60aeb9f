package dev.proxystore.store;

import java.time.Duration;

/**
 * A result that will be written to a store later, possibly by another process. Its {@link #proxy()} can be handed
 * out before the result exists; resolving the proxy waits for it.
 *
 * @param <T> the type of the result
 */
public interface StoreFuture<T> {

    /**
     * Writes the result. A future takes one result.
     *
     * @throws IllegalStateException if a result was already set through this future
     */
    void setResult(T value);

    /**
     * Waits up to {@code timeout} for the result, polling as the future's proxies do; never evicts it.
     *
     * @throws StoreTimeoutException if no result arrived in time
     */
    T result(Duration timeout);

    /** Whether the result exists in the store. */
    boolean done();

    /**
     * A proxy of the result; resolving it waits for the result as the future's {@link Polling} says, and fails with a
     * {@link dev.proxystore.proxy.ProxyResolveMissingKeyException} caused by a {@link StoreTimeoutException} when it
     * does not arrive in time.
     */
    T proxy();
}
