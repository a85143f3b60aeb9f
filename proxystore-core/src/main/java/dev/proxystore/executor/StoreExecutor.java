package dev.proxystore.executor;

import dev.proxystore.ref.Refs;
import dev.proxystore.store.ProxyOptions;
import dev.proxystore.store.Store;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * An {@link ExecutorService} that returns task results as store proxies, chosen by a {@link ProxyPolicy}, so a
 * {@code Future}'s value can be handed on by reference. With ownership, results are owned proxies (evicted when
 * dropped), and borrows passed to {@link #submitBorrowing(Callable, Object...)} are released when the task ends.
 *
 * <p>Results of non-proxiable types (final classes, records, ...) are returned as they are. A result proxy is an
 * instance of the result's class ({@code ArrayList} included), except for JDK classes outside the public API
 * ({@code List.of(...)}), whose proxies implement their public interfaces.
 */
public final class StoreExecutor implements ExecutorService {

    private final ExecutorService delegate;
    private final ResultProxier proxier;

    private StoreExecutor(ExecutorService delegate, ResultProxier proxier) {
        this.delegate = delegate;
        this.proxier = proxier;
    }

    /** A builder decorating {@code delegate}, writing results to {@code store}. */
    public static Builder builder(ExecutorService delegate, Store store) {
        return new Builder(delegate, store);
    }

    /** The store results are written to. */
    public Store store() {
        return proxier.store();
    }

    /** {@code task} with its result proxied per this executor's policy. */
    public <T> Callable<T> proxying(Callable<T> task) {
        return proxier.proxying(task);
    }

    /** What turns this executor's results into proxies; reusable to adapt other executors. */
    public ResultProxier proxier() {
        return proxier;
    }

    /**
     * Submits {@code task} and releases the borrows {@code refs} when it ends, whatever the outcome.
     *
     * @throws IllegalArgumentException if a ref is not a borrow; then nothing is submitted
     */
    public <T> CompletableFuture<T> submitBorrowing(Callable<T> task, Object... refs) {
        return Refs.submit(delegate, proxying(task), refs);
    }

    @Override
    public <T> Future<T> submit(Callable<T> task) {
        return delegate.submit(proxying(task));
    }

    @Override
    public <T> Future<T> submit(Runnable task, T result) {
        Objects.requireNonNull(task, "task");
        return delegate.submit(proxying(() -> {
            task.run();
            return result;
        }));
    }

    @Override
    public Future<?> submit(Runnable task) {
        return delegate.submit(task);
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
        return delegate.invokeAll(wrap(tasks));
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException {
        return delegate.invokeAll(wrap(tasks), timeout, unit);
    }

    @Override
    public <T> @Nullable T invokeAny(Collection<? extends Callable<T>> tasks)
            throws InterruptedException, ExecutionException {
        return proxier.proxyResult(delegate.invokeAny(tasks));
    }

    @Override
    public <T> @Nullable T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        return proxier.proxyResult(delegate.invokeAny(tasks, timeout, unit));
    }

    @Override
    public void execute(Runnable command) {
        delegate.execute(command);
    }

    @Override
    public void shutdown() {
        delegate.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
        return delegate.shutdownNow();
    }

    @Override
    public boolean isShutdown() {
        return delegate.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return delegate.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return delegate.awaitTermination(timeout, unit);
    }

    private <T> List<Callable<T>> wrap(Collection<? extends Callable<T>> tasks) {
        List<Callable<T>> wrapped = new ArrayList<>(tasks.size());
        for (Callable<T> task : tasks) {
            wrapped.add(proxying(task));
        }
        return wrapped;
    }

    /** Builds a {@link StoreExecutor}. */
    public static final class Builder {

        private final ExecutorService delegate;
        private final ResultProxier.Builder proxier;

        private Builder(ExecutorService delegate, Store store) {
            this.delegate = Objects.requireNonNull(delegate, "delegate");
            this.proxier = ResultProxier.builder(store);
        }

        /** Which results to proxy; default {@link ProxyPolicy#always()}. */
        public Builder policy(ProxyPolicy policy) {
            proxier.policy(policy);
            return this;
        }

        /** Whether results are owned proxies; default false. */
        public Builder ownership(boolean ownership) {
            proxier.ownership(ownership);
            return this;
        }

        /** Options for result proxies (lifetime, evict, populate-target). */
        public Builder proxyOptions(ProxyOptions options) {
            proxier.proxyOptions(options);
            return this;
        }

        /**
         * The executor.
         *
         * @throws IllegalArgumentException if ownership is combined with an evict flag or a lifetime
         */
        public StoreExecutor build() {
            return new StoreExecutor(delegate, proxier.build());
        }
    }
}
