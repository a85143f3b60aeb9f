package dev.proxystore.store;

import org.jspecify.annotations.Nullable;

/** Base class of the unchecked exceptions raised by stores. */
public class StoreException extends RuntimeException {

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
