package dev.proxystore.executor;

import dev.proxystore.proxy.Proxies;
import dev.proxystore.ref.Refs;
import dev.proxystore.store.Key;
import dev.proxystore.store.ProxyOptions;
import dev.proxystore.store.Store;
import dev.proxystore.store.StoreFactory;
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
 * <p>Results of non-proxiable types (final classes, records, ...) are returned as they are. A result proxy has the
 * result's class, or for JDK classes their interfaces: declare task results as interfaces ({@code List}, not
 * {@code ArrayList}).
 */
public final class StoreExecutor implements ExecutorService {

    private final ExecutorService delegate;
    private final Store store;
    private final ProxyPolicy policy;
    private final boolean ownership;
    private final ProxyOptions options;

    private StoreExecutor(Builder builder) {
        this.delegate = builder.delegate;
        this.store = builder.store;
        this.policy = builder.policy;
        this.ownership = builder.ownership;
        this.options = builder.options;
    }

    /** A builder decorating {@code delegate}, writing results to {@code store}. */
    public static Builder builder(ExecutorService delegate, Store store) {
        return new Builder(delegate, store);
    }

    /** The store results are written to. */
    public Store store() {
        return store;
    }

    /** {@code task} with its result proxied per this executor's policy; for adapting other executors. */
    public <T> Callable<T> proxying(Callable<T> task) {
        Objects.requireNonNull(task, "task");
        return () -> proxyResult(task.call());
    }

    /** The result as this executor would return it: a proxy when the policy says so, else itself. */
    public <T> @Nullable T proxyResult(@Nullable T result) {
        if (result == null || Proxies.isProxy(result)) {
            return result;
        }
        Class<?> type = options.type() != null ? options.type() : result.getClass();
        if (!type.isInstance(result) || !Proxies.isProxiable(type)) {
            return result;
        }
        byte[][] serialized = new byte[1][];
        ProxyPolicy.SerializedSize size = () -> {
            if (serialized[0] == null) {
                serialized[0] = store.serializer().serialize(result);
            }
            return serialized[0].length;
        };
        if (!policy.shouldProxy(result, size)) {
            return result;
        }
        T proxy = serialized[0] == null ? store.proxy(result, options) : proxyOfBytes(result, type, serialized[0]);
        return ownership ? Refs.intoOwned(proxy) : proxy;
    }

    /** Writes bytes the policy already produced instead of serializing the result twice. */
    private <T> T proxyOfBytes(T result, Class<?> type, byte[] data) {
        Key<T> key = new Key<>(store.connector().put(data));
        if (options.lifetime() != null) {
            options.lifetime().addKey(store, key);
        }
        @SuppressWarnings("unchecked")
        Class<? super T> proxyType = (Class<? super T>) type;
        Boolean populate = options.populateTarget();
        boolean populated = populate == null ? store.config().populateTarget() : populate;
        return Proxies.create(proxyType, new StoreFactory<>(key, store.config(), options.evict()),
                populated ? result : null);
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
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
        return proxyResult(delegate.invokeAny(tasks));
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        return proxyResult(delegate.invokeAny(tasks, timeout, unit));
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
        private final Store store;
        private ProxyPolicy policy = ProxyPolicy.always();
        private boolean ownership;
        private ProxyOptions options = ProxyOptions.defaults();

        private Builder(ExecutorService delegate, Store store) {
            this.delegate = Objects.requireNonNull(delegate, "delegate");
            this.store = Objects.requireNonNull(store, "store");
        }

        /** Which results to proxy; default {@link ProxyPolicy#always()}. */
        public Builder policy(ProxyPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Whether results are owned proxies; default false. */
        public Builder ownership(boolean ownership) {
            this.ownership = ownership;
            return this;
        }

        /** Options for result proxies (lifetime, evict, populate-target). */
        public Builder proxyOptions(ProxyOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * The executor.
         *
         * @throws IllegalArgumentException if ownership is combined with an evict flag or a lifetime
         */
        public StoreExecutor build() {
            if (ownership && (options.evict() || options.lifetime() != null)) {
                throw new IllegalArgumentException("owned results are evicted by their owner: no evict or lifetime");
            }
            if (options.evict() && options.lifetime() != null) {
                throw new IllegalArgumentException("an ephemeral proxy (evict=true) cannot also belong to a lifetime");
            }
            return new StoreExecutor(this);
        }
    }
}
