package dev.proxystore.spring.actuate;

import dev.proxystore.store.Store;
import java.util.Objects;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The health of one store: {@code UP} when its backend answers a round trip that reads and writes nothing
 * ({@link Store#ping()}), {@code DOWN} with the error when it does not or the store is closed. Details:
 * {@code connector} (the connector type).
 */
public class StoreHealthIndicator extends AbstractHealthIndicator {

    private final Store store;

    /** The health of {@code store}. */
    public StoreHealthIndicator(Store store) {
        super("ProxyStore store health check failed");
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.withDetail("connector", store.config().connector().type());
        if (store.isClosed()) {
            builder.down().withDetail("error", "store '" + store.name() + "' is closed");
            return;
        }
        store.ping();
        builder.up();
    }
}
