package dev.proxystore.connector;

import dev.proxystore.store.ConnectorConfig;

/**
 * Creates connectors of one type from their {@link ConnectorConfig}. Found through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.proxystore.connector.ConnectorProvider}).
 */
public interface ConnectorProvider {

    /** The connector type this provider creates, for example {@code file}. */
    String type();

    /** A connector for {@code config}; options it does not understand are an {@link IllegalArgumentException}. */
    Connector create(ConnectorConfig config);
}
