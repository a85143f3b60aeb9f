package dev.proxystore.connector;


/**
 * Creates connectors of one type from their {@link ConnectorConfig}. Found through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.proxystore.connector.ConnectorProvider}).
 */
public interface ConnectorProvider {

    /** The connector type this provider creates, for example {@code file}. */
    String type();

    /** A connector for {@code config}; options it does not understand are an {@link IllegalArgumentException}. */
    Connector create(ConnectorConfig config);

    /**
     * Checks a config that came from someone else (a reference) against the receiver's {@code limits}, opening nothing:
     * the servers it names must be allowed, its directories must exist below allowed roots. This default refuses: a
     * provider that cannot check its configs is never used to re-create a connector from a reference.
     *
     * @throws IllegalArgumentException naming what the config asks for that the limits do not allow
     */
    default void check(ConnectorConfig config, ConnectorLimits limits) {
        throw new IllegalArgumentException("connectors of type '" + type() + "' cannot be re-created from a"
                + " reference: their provider does not check configs against a receiver's limits");
    }

    /**
     * A connector for a config that came from someone else, within the receiver's {@code limits}: it connects only to
     * allowed servers, opens only existing allowed directories and caps its timeouts. This default checks the config
     * with {@link #check}, then creates the connector as usual.
     *
     * @throws IllegalArgumentException if the config asks for more than the limits allow
     */
    default Connector create(ConnectorConfig config, ConnectorLimits limits) {
        check(config, limits);
        return create(config);
    }
}
