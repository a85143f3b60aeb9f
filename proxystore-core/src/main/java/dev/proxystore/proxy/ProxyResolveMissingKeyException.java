package dev.proxystore.proxy;

import dev.proxystore.store.Key;

/** A proxy's target is no longer in its store (evicted, expired or never written). */
public class ProxyResolveMissingKeyException extends ProxyResolveException {

    private final Key<?> key;
    private final String storeName;

    public ProxyResolveMissingKeyException(Key<?> key, String storeName) {
        super("object " + key.id() + " is missing from store '" + storeName + "'", null);
        this.key = key;
        this.storeName = storeName;
    }

    /** The key that was not found. */
    public Key<?> key() {
        return key;
    }

    /** The name of the store that was asked. */
    public String storeName() {
        return storeName;
    }
}
