package dev.proxystore.ref;

import dev.proxystore.store.StoreException;

/** Base class of the ownership and borrowing errors. */
public class RefProxyException extends StoreException {

    public RefProxyException(String message) {
        super(message);
    }
}
