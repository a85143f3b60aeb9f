package dev.proxystore;

import org.jspecify.annotations.Nullable;

/** The root of every exception this library throws; unchecked. */
public class ProxyStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ProxyStoreException(String message) {
        super(message);
    }

    public ProxyStoreException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
