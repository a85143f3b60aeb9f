package dev.proxystore.connector.multi;

import dev.proxystore.connector.ConnectorContractTest;
import dev.proxystore.connector.LocalConnector;

/** The connector contract for a multi connector over two in-memory routes, split by size. */
class MultiConnectorLocalContractTest extends ConnectorContractTest<MultiConnector> {

    @Override
    protected MultiConnector newConnector() {
        return MultiConnector.builder()
                .route("small", new LocalConnector(), Policy.any().withMaxSize(1024))
                .route("large", new LocalConnector(), Policy.any().withMinSize(1025))
                .build();
    }

    @Override
    protected String expectedType() {
        return "multi";
    }
}
