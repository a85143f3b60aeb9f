package dev.proxystore.connector;

import java.nio.file.Path;
import java.util.Set;

/**
 * Creates {@link FileConnector}s: type {@code file}, required option {@code directory}. Found through
 * {@link java.util.ServiceLoader}; use {@link Connectors#create}.
 */
public final class FileConnectorProvider implements ConnectorProvider {

    @Override
    public String type() {
        return FileConnector.TYPE;
    }

    @Override
    public Connector create(ConnectorConfig config) {
        ConnectorOptions.check(config, FileConnector.TYPE, Set.of(FileConnector.DIRECTORY_OPTION));
        return new FileConnector(Path.of(ConnectorOptions.required(config, FileConnector.DIRECTORY_OPTION)));
    }

    /** {@inheritDoc} The directory must already exist below an allowed root: it is never created. */
    @Override
    public void check(ConnectorConfig config, ConnectorLimits limits) {
        ConnectorOptions.check(config, FileConnector.TYPE, Set.of(FileConnector.DIRECTORY_OPTION));
        Path directory = Path.of(ConnectorOptions.required(config, FileConnector.DIRECTORY_OPTION));
        if (!limits.allowsDirectory(directory)) {
            throw new IllegalArgumentException("the directory " + directory + " is not an existing directory below"
                    + " an allowed root");
        }
    }

    @Override
    public Connector create(ConnectorConfig config, ConnectorLimits limits) {
        check(config, limits);
        return FileConnector.existing(Path.of(ConnectorOptions.required(config, FileConnector.DIRECTORY_OPTION)));
    }
}
