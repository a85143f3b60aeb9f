package dev.proxystore.spring.async;

import dev.proxystore.executor.ResultProxier;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.springframework.core.task.AsyncTaskExecutor;

/**
 * An {@link AsyncTaskExecutor} whose task results come back as store proxies (by the {@link ResultProxier}'s
 * policy): what {@code @Async} methods returning {@code Future} or {@code CompletableFuture} run on.
 */
public final class ProxyingAsyncTaskExecutor implements AsyncTaskExecutor {

    private final AsyncTaskExecutor delegate;
    private final ResultProxier proxier;

    public ProxyingAsyncTaskExecutor(AsyncTaskExecutor delegate, ResultProxier proxier) {
        this.delegate = delegate;
        this.proxier = proxier;
    }

    /** What turns results into proxies. */
    public ResultProxier proxier() {
        return proxier;
    }

    @Override
    public void execute(Runnable task) {
        delegate.execute(task);
    }

    @Override
    public Future<?> submit(Runnable task) {
        return delegate.submit(task);
    }

    @Override
    public <T> Future<T> submit(Callable<T> task) {
        return delegate.submit(proxier.proxying(task));
    }

    @Override
    public <T> CompletableFuture<T> submitCompletable(Callable<T> task) {
        return delegate.submitCompletable(proxier.proxying(task));
    }

    @Override
    public String toString() {
        return "ProxyingAsyncTaskExecutor[store=" + proxier.store().name() + ", delegate=" + delegate + "]";
    }
}
