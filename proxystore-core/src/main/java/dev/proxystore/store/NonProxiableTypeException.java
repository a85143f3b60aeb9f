package dev.proxystore.store;

/** The object's type cannot be proxied (final class, record, array, enum or null) and no proxiable type was named. */
public class NonProxiableTypeException extends StoreException {

    public NonProxiableTypeException(String message) {
        super(message);
    }
}
