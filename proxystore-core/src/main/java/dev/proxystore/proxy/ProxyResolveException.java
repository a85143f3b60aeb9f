package dev.proxystore.proxy;

import dev.proxystore.ProxyStoreException;
import org.jspecify.annotations.Nullable;

/** A proxy's factory failed to produce the target; the cause is attached. */
public class ProxyResolveException extends ProxyStoreException {

    public ProxyResolveException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
