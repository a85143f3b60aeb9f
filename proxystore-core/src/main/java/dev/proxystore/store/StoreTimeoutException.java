package dev.proxystore.store;

/** An object did not arrive in the store in time. */
public class StoreTimeoutException extends StoreException {

    public StoreTimeoutException(String message) {
        super(message);
    }
}
