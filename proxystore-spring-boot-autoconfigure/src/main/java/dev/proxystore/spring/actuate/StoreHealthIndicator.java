package dev.proxystore.spring.actuate;

import dev.proxystore.store.Store;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The health of one store: {@code UP} when its backend answers a round trip that reads and writes nothing
 * ({@link Store#ping()}) within the health check's timeout, {@code DOWN} with the error when it does not, or the store
 * is closed. The round trip runs on a small pool of its own, so a backend that does not answer (a connection's own
 * timeout may be a minute) never holds the health endpoint longer than the timeout. Details: {@code connector} (the
 * connector type).
 */
public class StoreHealthIndicator extends AbstractHealthIndicator {

    /** How long a check waits for the backend unless told otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    private static final ThreadPoolExecutor PINGS = pings();

    private final Store store;
    private final Duration timeout;

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
        CompletableFuture<Void> ping;
        try {
            ping = CompletableFuture.runAsync(store::ping, PINGS);
        } catch (RejectedExecutionException e) {
            builder.down().withDetail("error", "earlier health checks of ProxyStore stores are still waiting for"
                    + " their backends");
            return;
        }
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

    private static ThreadPoolExecutor pings() {
        AtomicInteger count = new AtomicInteger();
        return new ThreadPoolExecutor(0, 8, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), runnable -> {
            Thread thread = new Thread(runnable, "proxystore-health-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }
}
