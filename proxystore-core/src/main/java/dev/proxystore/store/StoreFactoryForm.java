package dev.proxystore.store;

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
 * The compact Java-serialized form of a {@link StoreFactory}: one class descriptor and the values as strings and
 * numbers, instead of a descriptor for every record and collection of the config. Keeps a serialized proxy at a
 * few hundred bytes. Versioned; reads back through the validating constructors.
 */
final class StoreFactoryForm implements Externalizable {

    @Serial
    private static final long serialVersionUID = 1L;

    private static final int VERSION = 1;
    private static final int MAX_ENTRIES = 1_024;

    private @Nullable StoreFactory<?> factory;

    /** For Java serialization only. */
    public StoreFactoryForm() {
    }

    StoreFactoryForm(StoreFactory<?> factory) {
        this.factory = factory;
    }

    @Override
    public void writeExternal(ObjectOutput out) throws IOException {
        StoreFactory<?> f = factory;
        if (f == null) {
            throw new InvalidObjectException("no store factory to write");
        }
        StoreConfig config = f.config();
        out.writeByte(VERSION);
        out.writeUTF(f.key().id());
        out.writeBoolean(f.evict());
        out.writeUTF(config.name());
        out.writeUTF(config.connector().type());
        writeMap(out, config.connector().options());
        out.writeInt(config.cacheSize());
        out.writeBoolean(config.metrics());
        out.writeBoolean(config.populateTarget());
        out.writeBoolean(config.register());
        writeSerializer(out, config.serializer());
        SerializerConfig override = f.serializer().equals(config.serializer()) ? null : f.serializer();
        out.writeBoolean(override != null);
        if (override != null) {
            writeSerializer(out, override);
        }
    }

    @Override
    public void readExternal(ObjectInput in) throws IOException {
        int version = in.readUnsignedByte();
        if (version != VERSION) {
            throw new InvalidObjectException("unknown store factory form version " + version);
        }
        try {
            String key = in.readUTF();
            boolean evict = in.readBoolean();
            String name = in.readUTF();
            String type = in.readUTF();
            Map<String, String> options = readMap(in);
            int cacheSize = in.readInt();
            boolean metrics = in.readBoolean();
            boolean populateTarget = in.readBoolean();
            boolean register = in.readBoolean();
            SerializerConfig serializer = readSerializer(in);
            SerializerConfig override = in.readBoolean() ? readSerializer(in) : null;
            StoreConfig config = new StoreConfig(name, new ConnectorConfig(type, options), cacheSize, metrics,
                    populateTarget, register, serializer);
            factory = new StoreFactory<>(new Key<>(key), config, evict, override);
        } catch (IllegalArgumentException | NullPointerException e) {
            InvalidObjectException invalid = new InvalidObjectException("invalid store factory: " + e.getMessage());
            invalid.initCause(e);
            throw invalid;
        }
    }

    @Serial
    private Object readResolve() throws ObjectStreamException {
        if (factory == null) {
            throw new InvalidObjectException("empty store factory form");
        }
        return factory;
    }

    private static void writeMap(ObjectOutput out, Map<String, String> map) throws IOException {
        out.writeInt(map.size());
        for (Map.Entry<String, String> entry : map.entrySet()) {
            out.writeUTF(entry.getKey());
            out.writeUTF(entry.getValue());
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

    private static void writeSerializer(ObjectOutput out, SerializerConfig serializer) throws IOException {
        out.writeUTF(serializer.type());
        out.writeInt(serializer.trustedPackages().size());
        for (String prefix : serializer.trustedPackages()) {
            out.writeUTF(prefix);
        }
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
