package dev.proxystore.proxy;

import java.io.Externalizable;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInput;
import java.io.ObjectOutput;
import java.io.ObjectStreamException;
import java.io.Serial;
import org.jspecify.annotations.Nullable;

/**
 * What Java serialization writes for a proxy: its requested type and its factory, never the target. Externalizable,
 * so the stream carries no field descriptors.
 */
final class SerialForm implements Externalizable {

    @Serial
    private static final long serialVersionUID = 1L;

    private @Nullable Class<?> type;
    private @Nullable SerializableSupplier<?> factory;

    /** For Java serialization only. */
    public SerialForm() {
    }

    SerialForm(Class<?> type, SerializableSupplier<?> factory) {
        this.type = type;
        this.factory = factory;
    }

    @Override
    public void writeExternal(ObjectOutput out) throws IOException {
        out.writeObject(type);
        out.writeObject(factory);
    }

    @Override
    public void readExternal(ObjectInput in) throws IOException, ClassNotFoundException {
        Object readType = in.readObject();
        Object readFactory = in.readObject();
        if (!(readType instanceof Class<?> c) || !(readFactory instanceof SerializableSupplier<?> f)) {
            throw new InvalidObjectException("proxy serial form without a type or factory");
        }
        type = c;
        factory = f;
    }

    /** Reads back as a new, unresolved proxy. */
    @Serial
    private Object readResolve() throws ObjectStreamException {
        if (type == null || factory == null) {
            throw new InvalidObjectException("proxy serial form without a type or factory");
        }
        return ProxyClass.of(type).newProxy(factory, null);
    }
}
