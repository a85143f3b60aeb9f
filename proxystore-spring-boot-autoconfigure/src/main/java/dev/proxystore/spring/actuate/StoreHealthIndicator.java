package dev.proxystore.spring.actuate;

import dev.proxystore.store.Store;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The health of one store: {@code UP} when its backend answers a round trip that reads and writes nothing
 * ({@link Store#ping()}) within the health check's timeout, {@code DOWN} with the error when it does not, or the store
 * is closed. The round trip runs on a daemon thread, so a backend that does not answer (a connection's own timeout
 * may be a minute) never holds the health endpoint longer than the timeout; while a store's round trip is still
 * waiting, its next checks report {@code DOWN} at once instead of piling up threads. Details: {@code connector} (the
 * connector type).
 */
public class StoreHealthIndicator extends AbstractHealthIndicator {

    /** How long a check waits for the backend unless told otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    private static final ExecutorService PINGS = pings();

    private final Store store;
    private final Duration timeout;
    private final AtomicReference<@Nullable CompletableFuture<Void>> waiting = new AtomicReference<>();

    /** The health of {@code store}, waiting {@link #DEFAULT_TIMEOUT} for its backend. */
    public StoreHealthIndicator(Store store) {
        this(store, DEFAULT_TIMEOUT);
    }

    /** The health of {@code store}, waiting at most {@code timeout} for its backend. */
    public StoreHealthIndicator(Store store, Duration timeout) {
        super("ProxyStore store health check failed");
        this.store = Objects.requireNonNull(store, "store");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("The health check timeout must be positive, was " + timeout);
        }
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        builder.withDetail("connector", store.config().connector().type());
        if (store.isClosed()) {
            builder.down().withDetail("error", "store '" + store.name() + "' is closed");
            return;
        }
        CompletableFuture<Void> earlier = waiting.get();
        if (earlier != null && !earlier.isDone()) {
            builder.down().withDetail("error", "store '" + store.name() + "': an earlier check is still waiting for"
                    + " the backend");
            return;
        }
        CompletableFuture<Void> ping = CompletableFuture.runAsync(store::ping, PINGS);
        waiting.set(ping);
        try {
            ping.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            builder.up();
        } catch (TimeoutException e) {
            builder.down().withDetail("error", "store '" + store.name() + "': no answer from the backend within "
                    + timeout.toMillis() + " ms (management.health.proxystore.timeout)");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** Threads that end 30 s after their last check; at most one per store is busy. */
    private static ExecutorService pings() {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory daemons = runnable -> {
            Thread thread = new Thread(runnable, "proxystore-health-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), daemons);
    }
}
