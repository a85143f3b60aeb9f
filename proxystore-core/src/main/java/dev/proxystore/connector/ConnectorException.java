package dev.proxystore.connector;

import dev.proxystore.ProxyStoreException;
import org.jspecify.annotations.Nullable;

/** A connector's backend failed: unreachable, timed out, out of space or refused the operation. */
public class ConnectorException extends ProxyStoreException {

    public ConnectorException(String message) {
        super(message);
    }

    public ConnectorException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
