package dev.proxystore.connector.multi;

import dev.proxystore.connector.ConnectorContractTest;
import dev.proxystore.connector.FileConnector;
import dev.proxystore.connector.LocalConnector;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The connector contract for a multi connector keeping small objects in memory and large ones in files. */
class MultiConnectorFileContractTest extends ConnectorContractTest<MultiConnector> {

    @TempDir
    Path directory;

    @Override
    protected MultiConnector newConnector() {
        return MultiConnector.builder()
                .route("memory", new LocalConnector(), Policy.any().withMaxSize(64))
                .route("files", new FileConnector(directory), Policy.any().withMinSize(65))
                .build();
    }

    @Override
    protected String expectedType() {
        return "multi";
    }
}
