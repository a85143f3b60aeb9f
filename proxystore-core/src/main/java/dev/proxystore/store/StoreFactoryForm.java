package dev.proxystore.store;

import dev.proxystore.connector.ConnectorConfig;
import dev.proxystore.serialize.SerializerConfig;
import java.io.Externalizable;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInput;
import java.io.ObjectOutput;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The Java-serialized form of a plain or future store factory: one class descriptor, a version byte and a signed
 * {@link Reference}, admitted under the policy of {@link StoreRegistry#global()} when read. Keeps a serialized proxy
 * at a few hundred bytes. Version 1 forms (unsigned, with the whole store config) are read as unsigned references.
 */
final class StoreFactoryForm implements Externalizable {

    @Serial
    private static final long serialVersionUID = 1L;

    private static final int VERSION = 2;
    private static final int LEGACY_VERSION = 1;
    private static final int MAX_ENTRIES = 1_024;

    private @Nullable Reference reference;

    /** For Java serialization only. */
    public StoreFactoryForm() {
    }

    StoreFactoryForm(Reference reference) {
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
        if (version == VERSION) {
            reference = Reference.readFrom(in);
        } else if (version == LEGACY_VERSION) {
            Claims claims = readLegacy(in);
            reference = Reference.admit(claims, claims.encode(), null, StoreRegistry.global());
        } else {
            throw new InvalidObjectException("unknown store factory form version " + version);
        }
    }

    @Serial
    private Object readResolve() throws ObjectStreamException {
        Reference r = reference;
        if (r == null) {
            throw new InvalidObjectException("empty store factory form");
        }
        return switch (r.kind()) {
            case PLAIN -> r.factory();
            case FUTURE -> PollingStoreFactory.of(r);
            default -> throw new InvalidObjectException("a " + r.kind() + " reference is not a store factory");
        };
    }

    /** A version 1 form, without its version byte: unsigned claims, with the connector config it carried. */
    private static Claims readLegacy(ObjectInput in) throws IOException {
        try {
            String key = in.readUTF();
            boolean evict = in.readBoolean();
            String name = in.readUTF();
            String type = in.readUTF();
            Map<String, String> options = readMap(in);
            in.readInt();
            in.readBoolean();
            in.readBoolean();
            in.readBoolean();
            readSerializer(in);
            SerializerConfig override = in.readBoolean() ? readSerializer(in) : null;
            return new Claims(Reference.Kind.PLAIN, name, null, key, "", evict, 0, null,
                    override == null ? null : SerializerClaims.of(override), new ConnectorConfig(type, options), 0).validated();
        } catch (IllegalArgumentException | NullPointerException e) {
            InvalidObjectException invalid = new InvalidObjectException("invalid store factory: " + e.getMessage());
            invalid.initCause(e);
            throw invalid;
        }
    }

    private static Map<String, String> readMap(ObjectInput in) throws IOException {
        int size = count(in);
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            map.put(in.readUTF(), in.readUTF());
        }
        return map;
    }

    private static SerializerConfig readSerializer(ObjectInput in) throws IOException {
        String type = in.readUTF();
        int size = count(in);
        List<String> packages = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            packages.add(in.readUTF());
        }
        return new SerializerConfig(type, packages);
    }

    private static int count(ObjectInput in) throws IOException {
        int count = in.readInt();
        if (count < 0 || count > MAX_ENTRIES) {
            throw new InvalidObjectException("bad entry count " + count);
        }
        return count;
    }
}
