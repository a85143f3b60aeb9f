package dev.proxystore.serialize;

import dev.proxystore.ProxyStoreException;
import org.jspecify.annotations.Nullable;

/** Data could not be serialized or deserialized: bad bytes, an untrusted class, or a failing mapper. */
public class SerializationException extends ProxyStoreException {

    public SerializationException(String message) {
        super(message);
    }

    public SerializationException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
