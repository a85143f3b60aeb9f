package dev.proxystore.ref;

import dev.proxystore.store.Reference;
import java.io.Externalizable;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInput;
import java.io.ObjectOutput;
import java.io.ObjectStreamException;
import java.io.Serial;
import org.jspecify.annotations.Nullable;

/**
 * The Java-serialized form of a moved ownership reference: a version byte and a signed {@link Reference}. Reading it
 * admits the reference under the policy of {@link dev.proxystore.store.StoreRegistry#global()} and, for an owner or
 * mutable borrow, claims its move ticket, so the same bytes read twice never yield two owners.
 */
final class RefForm implements Externalizable {

    @Serial
    private static final long serialVersionUID = 1L;

    private static final int VERSION = 1;

    private @Nullable Reference reference;

    /** For Java serialization only. */
    public RefForm() {
    }

    RefForm(Reference reference) {
        this.reference = reference;
    }

    @Override
    public void writeExternal(ObjectOutput out) throws IOException {
        Reference r = reference;
        if (r == null) {
            throw new InvalidObjectException("no reference to write");
        }
        out.writeByte(VERSION);
        r.writeTo(out);
    }

    @Override
    public void readExternal(ObjectInput in) throws IOException {
        int version = in.readUnsignedByte();
        if (version != VERSION) {
            throw new InvalidObjectException("unknown reference form version " + version);
        }
        Reference r = Reference.readFrom(in);
        if (r.kind() == Reference.Kind.PLAIN || r.kind() == Reference.Kind.FUTURE) {
            throw new InvalidObjectException("a " + r.kind() + " reference is not an ownership reference");
        }
        reference = r;
    }

    @Serial
    private Object readResolve() throws ObjectStreamException {
        Reference r = reference;
        if (r == null) {
            throw new InvalidObjectException("empty reference form");
        }
        return RefFactory.moved(r);
    }
}
