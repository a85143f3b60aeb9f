package dev.proxystore.store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Everything a reference asserts, and its canonical byte encoding: the bytes a tag is computed over, and the body of
 * the Java-serialized form. Every form of a reference (Java, JSON, stream event) carries the same claims, so a tag
 * made for one verifies in all.
 *
 * <p>Encoding (big-endian, strings as {@link DataOutputStream#writeUTF}): the magic {@code PSREF}, format byte 2,
 * kind byte, store name, instance (presence byte, two longs), key, type, evict flag, future timeout in milliseconds,
 * ticket (presence byte, string), serializer (presence byte, string), connector (presence byte, type, option count,
 * options sorted by name), expiry in epoch milliseconds (0 for none).
 *
 * @param kind what the reference is
 * @param store the store name
 * @param instance the id of the store instance that made the reference, or null
 * @param key the object's key within the store
 * @param type the proxied type's name (for humans and checks; never used to load a class), or empty
 * @param evict whether resolving evicts the object
 * @param timeoutMillis how long a future waits, for {@link Reference.Kind#FUTURE}; else 0
 * @param ticket the key of the move ticket of an owned or mutably borrowed reference, or null
 * @param serializer the serializer the object was written with when not the store's own ({@code type#fingerprint})
 * @param connector the store's connector config when the store carries it in references, or null
 * @param expiresMillis when the reference stops being accepted, in epoch milliseconds; 0 for never
 */
record Claims(Reference.Kind kind, String store, @Nullable UUID instance, String key, String type, boolean evict,
        long timeoutMillis, @Nullable String ticket, @Nullable String serializer, @Nullable ConnectorConfig connector,
        long expiresMillis) {

    static final int FORMAT = 2;
    static final int MAX_BYTES = 64 * 1024;
    private static final byte[] MAGIC = {'P', 'S', 'R', 'E', 'F'};
    private static final int MAX_OPTIONS = 1_024;

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(160);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeByte(FORMAT);
            out.writeByte(kind.ordinal());
            out.writeUTF(store);
            out.writeBoolean(instance != null);
            if (instance != null) {
                out.writeLong(instance.getMostSignificantBits());
                out.writeLong(instance.getLeastSignificantBits());
            }
            out.writeUTF(key);
            out.writeUTF(type);
            out.writeBoolean(evict);
            out.writeLong(timeoutMillis);
            writeOptional(out, ticket);
            writeOptional(out, serializer);
            out.writeBoolean(connector != null);
            if (connector != null) {
                out.writeUTF(connector.type());
                Map<String, String> sorted = new TreeMap<>(connector.options());
                out.writeInt(sorted.size());
                for (Map.Entry<String, String> option : sorted.entrySet()) {
                    out.writeUTF(option.getKey());
                    out.writeUTF(option.getValue());
                }
            }
            out.writeLong(expiresMillis);
        } catch (IOException e) {
            // only a string over 64 KiB of UTF-8 gets here: no store name, key or option is that long
            throw new UncheckedIOException("cannot encode a reference to store '"
                    + UntrustedReferenceException.shorten(store) + "'", e);
        }
        return bytes.toByteArray();
    }

    /**
     * The claims {@code data} encodes.
     *
     * @throws IllegalArgumentException if {@code data} is not exactly one well-formed encoding
     */
    static Claims decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new IllegalArgumentException("not a ProxyStore reference");
            }
            int format = in.readUnsignedByte();
            if (format != FORMAT) {
                throw new IllegalArgumentException("unsupported reference format " + format);
            }
            int kindCode = in.readUnsignedByte();
            if (kindCode >= Reference.Kind.values().length) {
                throw new IllegalArgumentException("unknown reference kind " + kindCode);
            }
            Reference.Kind kind = Reference.Kind.values()[kindCode];
            String store = nonBlank(in.readUTF(), "store name");
            UUID instance = in.readBoolean() ? new UUID(in.readLong(), in.readLong()) : null;
            String key = nonBlank(in.readUTF(), "key");
            String type = in.readUTF();
            boolean evict = in.readBoolean();
            long timeoutMillis = in.readLong();
            String ticket = readOptional(in);
            String serializer = readOptional(in);
            ConnectorConfig connector = null;
            if (in.readBoolean()) {
                String connectorType = nonBlank(in.readUTF(), "connector type");
                int count = in.readInt();
                if (count < 0 || count > MAX_OPTIONS) {
                    throw new IllegalArgumentException("bad connector option count " + count);
                }
                Map<String, String> options = new LinkedHashMap<>();
                for (int i = 0; i < count; i++) {
                    if (options.put(in.readUTF(), in.readUTF()) != null) {
                        throw new IllegalArgumentException("duplicate connector option");
                    }
                }
                connector = new ConnectorConfig(connectorType, options);
            }
            long expiresMillis = in.readLong();
            if (in.read() != -1) {
                throw new IllegalArgumentException("trailing bytes after the reference");
            }
            return new Claims(kind, store, instance, key, type, evict, timeoutMillis, ticket, serializer, connector,
                    expiresMillis).validated();
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated or malformed reference", e);
        }
    }

    /**
     * These claims, checked for consistency.
     *
     * @throws IllegalArgumentException if a value is out of place for the kind
     */
    Claims validated() {
        if (timeoutMillis < 0 || (kind != Reference.Kind.FUTURE && timeoutMillis != 0)) {
            throw new IllegalArgumentException("a future timeout on a " + kind + " reference, or a negative one");
        }
        boolean moves = kind == Reference.Kind.OWNED || kind == Reference.Kind.MUT_BORROWED;
        if (moves != (ticket != null)) {
            throw new IllegalArgumentException(moves ? "an owned reference without a move ticket"
                    : "a move ticket on a " + kind + " reference");
        }
        if (expiresMillis < 0) {
            throw new IllegalArgumentException("a negative expiry");
        }
        return this;
    }

    private static void writeOptional(DataOutputStream out, @Nullable String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    private static @Nullable String readOptional(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static String nonBlank(String value, String what) {
        if (value.isBlank()) {
            throw new IllegalArgumentException("a blank " + what);
        }
        return value;
    }
}
