package dev.proxystore.proxy;

import dev.proxystore.ProxyStoreException;

/** The object's type cannot be proxied (final class, record, array, enum or null) and no proxiable type was named. */
public class NonProxiableTypeException extends ProxyStoreException {

    public NonProxiableTypeException(String message) {
        super(message);
    }
}
