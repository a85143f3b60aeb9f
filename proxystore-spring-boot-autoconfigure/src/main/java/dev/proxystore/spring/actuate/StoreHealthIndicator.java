package dev.proxystore.spring.actuate;

import dev.proxystore.connector.Connector;
import dev.proxystore.connector.DeferrableConnector;
import dev.proxystore.store.Store;
import java.util.Objects;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The health of one store: {@code UP} when its backend answers, {@code DOWN} with the error when it does not or the
 * store is closed. The probe asks a {@link DeferrableConnector} whether a fresh key exists (a round trip that reads
 * and writes nothing); other connectors cannot be probed without side effects and report {@code UNKNOWN}, which does
 * not lower the overall status. Details: {@code connector} (the connector type).
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
        Connector connector = store.connector();
        if (connector instanceof DeferrableConnector deferrable) {
            deferrable.exists(deferrable.newKey());
            builder.up();
        } else {
            builder.unknown().withDetail("probe", "the " + store.config().connector().type()
                    + " connector cannot be probed");
        }
    }
}
