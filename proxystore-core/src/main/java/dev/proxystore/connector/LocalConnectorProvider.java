package dev.proxystore.connector;

import java.util.Set;

/**
 * Creates {@link LocalConnector}s: type {@code local}, optional option {@code id} (without it, a new connector with
 * a new id). Found through {@link java.util.ServiceLoader}; use {@link Connectors#create}.
 */
public final class LocalConnectorProvider implements ConnectorProvider {

    @Override
    public String type() {
        return LocalConnector.TYPE;
    }

    @Override
    public Connector create(ConnectorConfig config) {
        ConnectorOptions.check(config, LocalConnector.TYPE, Set.of(LocalConnector.ID_OPTION));
        String id = config.options().get(LocalConnector.ID_OPTION);
        return id == null ? new LocalConnector() : new LocalConnector(id);
    }

    /** {@inheritDoc} A local connector touches nothing outside this process, so every limit is met. */
    @Override
    public void check(ConnectorConfig config, ConnectorLimits limits) {
        ConnectorOptions.check(config, LocalConnector.TYPE, Set.of(LocalConnector.ID_OPTION));
    }
}
