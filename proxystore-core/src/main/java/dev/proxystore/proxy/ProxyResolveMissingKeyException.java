package dev.proxystore.proxy;

import dev.proxystore.store.Key;
import org.jspecify.annotations.Nullable;

/** A proxy's target is no longer in its store (evicted, expired or never written). */
public class ProxyResolveMissingKeyException extends ProxyResolveException {

    private final Key<?> key;
    private final String storeName;

    public ProxyResolveMissingKeyException(Key<?> key, String storeName) {
        this(key, storeName, "object " + key.id() + " is missing from store '" + storeName + "'", null);
    }

    /** The key is missing, as {@code message} explains (a future's result that did not arrive in time, say). */
    public ProxyResolveMissingKeyException(Key<?> key, String storeName, String message, @Nullable Throwable cause) {
        super(message, cause);
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
