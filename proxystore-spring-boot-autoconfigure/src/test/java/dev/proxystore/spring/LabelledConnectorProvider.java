package dev.proxystore.spring;

import dev.proxystore.connector.Connector;
import dev.proxystore.connector.ConnectorConfig;
import dev.proxystore.connector.ConnectorProvider;
import dev.proxystore.connector.LocalConnector;
import dev.proxystore.testing.ForwardingConnector;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/** A third-party connector type, {@code labelled}, found through the ServiceLoader: one required option, label. */
public final class LabelledConnectorProvider implements ConnectorProvider {

    static final List<ConnectorConfig> CREATED = new CopyOnWriteArrayList<>();

    @Override
    public String type() {
        return "labelled";
    }

    @Override
    public Connector create(ConnectorConfig config) {
        if (!Set.of("label").containsAll(config.options().keySet())) {
            throw new IllegalArgumentException("unknown options " + config.options().keySet() + "; known: [label]");
        }
        String label = config.options().get("label");
        if (label == null || label.isBlank()) {
            throw new IllegalArgumentException("the option 'label' is required");
        }
        CREATED.add(config);
        return new ForwardingConnector(new LocalConnector()) {
        };
    }
}
