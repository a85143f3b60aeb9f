package dev.proxystore.stream;

import dev.proxystore.ProxyStoreException;
import org.jspecify.annotations.Nullable;

/** A stream could not send or receive: the broker failed, refused, or a wait was interrupted. */
public class StreamException extends ProxyStoreException {

    private static final long serialVersionUID = 1L;

    public StreamException(String message) {
        super(message);
    }

    public StreamException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
