package dev.proxystore.store;

import dev.proxystore.ProxyStoreException;
import org.jspecify.annotations.Nullable;

/** Base class of the unchecked exceptions raised by stores. */
public class StoreException extends ProxyStoreException {

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
