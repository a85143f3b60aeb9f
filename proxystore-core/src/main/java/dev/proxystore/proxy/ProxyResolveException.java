package dev.proxystore.proxy;

import org.jspecify.annotations.Nullable;

/** A proxy's factory failed to produce the target; the cause is attached. */
public class ProxyResolveException extends RuntimeException {

    public ProxyResolveException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
