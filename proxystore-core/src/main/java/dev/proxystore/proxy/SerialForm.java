package dev.proxystore.proxy;

import java.io.InvalidObjectException;
import java.io.ObjectStreamException;
import java.io.Serializable;

/** What Java serialization writes for a proxy: its requested type and its factory, never the target. */
final class SerialForm implements Serializable {

    private static final long serialVersionUID = 1L;

    private final Class<?> type;
    private final SerializableSupplier<?> factory;

    SerialForm(Class<?> type, SerializableSupplier<?> factory) {
        this.type = type;
        this.factory = factory;
    }

    /** Reads back as a new, unresolved proxy. */
    private Object readResolve() throws ObjectStreamException {
        if (type == null || factory == null) {
            throw new InvalidObjectException("proxy serial form without a type or factory");
        }
        return ProxyClass.of(type).newProxy(factory, null);
    }
}
