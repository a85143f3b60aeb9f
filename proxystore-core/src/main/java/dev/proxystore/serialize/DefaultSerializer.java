package dev.proxystore.serialize;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The serializer stores use unless told otherwise: fast paths for bytes, strings and primitive arrays, Jackson JSON
 * for everything else, and an allow-list deciding which classes may ever be loaded or instantiated when reading.
 *
 * <p>Trusted by default: {@code String}, boxed primitives, {@code BigDecimal}, {@code BigInteger}, {@code UUID},
 * {@code Date}, {@code Locale}, {@code Currency}, {@code URI}, {@code OptionalInt/Long/Double}, the public
 * {@code java.util} and {@code java.util.concurrent} collections and maps, the {@code java.time} value types, and
 * arrays of trusted types.
 * {@link #allowPackages} adds the application's packages. Reading data that names any other class, at the root or as
 * a nested type id, fails with {@link SerializationException} before that class is looked up. Writing such an object
 * fails the same way, so nothing is stored that could not be read back.
 *
 * <p>Objects are mapped field by field (their state, getters and setters are not used), records through their
 * canonical constructor. A class needs a no-argument constructor (any visibility), a {@code @JsonCreator}, or to be a
 * record. Wherever a declared type does not pin the class down ({@code Object}, interfaces, abstract and non-final
 * classes) the class name is written along, so an {@code ArrayList} of POJOs reads back as an {@code ArrayList} of
 * those POJOs. JDK immutables ({@code List.of}, {@code Map.of}, {@code Collections.unmodifiableSet},
 * {@code Arrays.asList}...) read back as equal {@code ArrayList}, {@code LinkedHashMap}, {@code LinkedHashSet},
 * {@code TreeMap} or {@code TreeSet}. The keys of a map put as the root keep their type (all keys must share one
 * class); maps nested where their key type is not declared may only have {@code String} keys, and an
 * {@code Optional} must be held in a field declared as one. Object graphs are written as trees: shared references
 * are duplicated and cycles fail. Whatever cannot be read back as written fails when writing.
 *
 * <p>Envelope layout (multi-byte integers little-endian):
 * <pre>
 * offset size  field
 * 0      4     magic 'P' 'X' 'S' 0xF0
 * 4      1     format version, 1
 * 5      1     format: 1 byte[], 2 String (UTF-8), 3 boolean[], 4 char[], 5 short[], 6 int[], 7 long[],
 *              8 float[], 9 double[], 10 JSON, 11 String (UTF-16, for strings with unpaired surrogates)
 * 6      4     body length N; the envelope is exactly 10 + N bytes
 * 10     N     body: the bytes; the string's bytes; the array's elements (booleans as one byte 0 or 1);
 *              for JSON:
 *                2   length R of the root class name, then R bytes of that name (UTF-8), as Class.getName()
 *                2   length K of the map key class name (0: none), then K bytes of that name
 *                ... the JSON document
 * </pre>
 *
 * <p>Instances are immutable and thread-safe; reuse them, since each holds a configured JSON mapper.
 *
 * <p>One concept, longer than most: the envelope format above, written and read in one place so the two sides cannot
 * disagree; the allow-list, type ids and array codecs live in their own classes.
 */
public final class DefaultSerializer implements Serializer {

    private static final long DEFAULT_MAX_PAYLOAD_SIZE = Envelope.MAX_ARRAY_SIZE;

    private static final DefaultSerializer DEFAULT =
            new DefaultSerializer(AllowList.jdkOnly(), new JsonCodec(AllowList.jdkOnly()), DEFAULT_MAX_PAYLOAD_SIZE);

    private final AllowList allowList;
    private final JsonCodec json;
    private final long maxPayloadSize;

    private DefaultSerializer(AllowList allowList, JsonCodec json, long maxPayloadSize) {
        this.allowList = allowList;
        this.json = json;
        this.maxPayloadSize = maxPayloadSize;
    }

    /** A serializer trusting JDK value types only. */
    public static DefaultSerializer create() {
        return DEFAULT;
    }

    /**
     * A copy that also trusts the classes in these packages and their subpackages (a class name trusts that class
     * and its nested classes). {@link IllegalArgumentException} for an empty or malformed name, or one that would
     * trust {@code java}, {@code javax}, {@code jdk}, {@code sun} or {@code com.sun} wholesale.
     */
    public DefaultSerializer allowPackages(String... prefixes) {
        AllowList extended = allowList.with(Arrays.asList(prefixes));
        return extended == allowList ? this : new DefaultSerializer(extended, new JsonCodec(extended), maxPayloadSize);
    }

    /** The package prefixes added by {@link #allowPackages}, in the order they were added. */
    public List<String> trustedPackages() {
        return allowList.prefixes();
    }

    /**
     * A copy that refuses to write or read envelopes longer than {@code bytes}; {@link IllegalArgumentException} if
     * it is not positive.
     */
    public DefaultSerializer withMaxPayloadSize(long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("maximum payload size must be positive: " + bytes);
        }
        return bytes == maxPayloadSize ? this : new DefaultSerializer(allowList, json, bytes);
    }

    /** The longest envelope, in bytes, this serializer writes or reads; by default the largest Java array. */
    @Override
    public long maxPayloadSize() {
        return maxPayloadSize;
    }

    @Override
    public byte[] serialize(Object obj) {
        Objects.requireNonNull(obj, "cannot serialize null; stores reject null values");
        if (obj instanceof byte[] bytes) {
            byte[] out = allocate(Envelope.BYTES, bytes.length);
            System.arraycopy(bytes, 0, out, Envelope.HEADER_SIZE, bytes.length);
            return out;
        }
        if (obj instanceof String string) {
            return serializeString(string);
        }
        byte format = PrimitiveArrays.formatOf(obj);
        if (format != 0) {
            byte[] out = allocate(format,
                    (long) PrimitiveArrays.length(obj, format) * PrimitiveArrays.elementSize(format));
            PrimitiveArrays.encode(obj, format, out, Envelope.HEADER_SIZE);
            return out;
        }
        return serializeJson(obj);
    }

    private byte[] serializeString(String string) {
        byte[] utf8 = string.getBytes(StandardCharsets.UTF_8);
        if (mayHaveReplacedSurrogates(string, utf8) && hasUnpairedSurrogate(string)) {
            char[] chars = string.toCharArray();
            byte[] out = allocate(Envelope.STRING_UTF16, 2L * chars.length);
            PrimitiveArrays.encode(chars, Envelope.CHAR_ARRAY, out, Envelope.HEADER_SIZE);
            return out;
        }
        byte[] out = allocate(Envelope.STRING, utf8.length);
        System.arraycopy(utf8, 0, out, Envelope.HEADER_SIZE, utf8.length);
        return out;
    }

    /**
     * Whether encoding may have replaced an unpaired surrogate with '?'. Cheap for ASCII, where byte and char
     * positions coincide.
     */
    private static boolean mayHaveReplacedSurrogates(String string, byte[] utf8) {
        if (utf8.length != string.length()) {
            return true;
        }
        for (int i = 0; i < utf8.length; i++) {
            if (utf8[i] == '?' && string.charAt(i) != '?') {
                return true;
            }
        }
        return false;
    }

    /** UTF-8 cannot carry unpaired surrogates: encoding would replace them with '?'. */
    private static boolean hasUnpairedSurrogate(String string) {
        for (int i = 0; i < string.length(); i++) {
            char c = string.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < string.length()
                    && Character.isLowSurrogate(string.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private void checkSize(long bodyLength) {
        long total = Envelope.HEADER_SIZE + bodyLength;
        if (total > Math.min(maxPayloadSize, Envelope.MAX_ARRAY_SIZE)) {
            throw new SerializationException("serialized form of " + total + " bytes exceeds the maximum payload size"
                    + " of " + Math.min(maxPayloadSize, Envelope.MAX_ARRAY_SIZE) + " bytes");
        }
    }

    private byte[] allocate(byte format, long bodyLength) {
        checkSize(bodyLength);
        byte[] out = new byte[(int) (Envelope.HEADER_SIZE + bodyLength)];
        Envelope.writeHeader(out, format, (int) bodyLength);
        return out;
    }

    private byte[] serializeJson(Object obj) {
        Class<?> root = RecordedTypes.recordedClass(obj);
        String unreadable = RecordedTypes.unreadableReason(root);
        if (unreadable != null) {
            throw new SerializationException("cannot serialize " + root.getTypeName() + ": " + unreadable);
        }
        if (!allowList.isTrusted(root.getName())) {
            throw new SerializationException("cannot serialize " + root.getTypeName() + ": the class is not trusted, so"
                    + " it could not be read back; " + AllowList.howToTrust(root.getTypeName()));
        }
        Class<?> keyType = rootKeyType(obj, root);
        if (keyType != null && !allowList.isTrusted(keyType.getName())) {
            throw new SerializationException("cannot serialize " + root.getTypeName() + " with keys of "
                    + keyType.getTypeName() + ": the key class is not trusted");
        }
        if (keyType != null && !json.canReadKeys(keyType)) {
            throw new SerializationException("cannot serialize " + root.getTypeName() + " with keys of "
                    + keyType.getTypeName() + ": such keys cannot be read back from text; give the key class a static"
                    + " valueOf(String) or a String constructor, or use String keys");
        }
        EnvelopeOutputStream out = new EnvelopeOutputStream(maxPayloadSize);
        writeName(out, root.getName());
        writeName(out, keyType == null ? "" : keyType.getName());
        try {
            json.write(obj, keyType, out);
        } catch (RuntimeException | StackOverflowError e) {
            throw new SerializationException("cannot serialize " + obj.getClass().getTypeName() + ": " + brief(e), e);
        }
        return out.finish(Envelope.JSON);
    }

    /** The one class shared by all keys of a JDK map at the root, if it is not String (which needs no recording). */
    private static @Nullable Class<?> rootKeyType(Object obj, Class<?> root) {
        if (!(obj instanceof Map<?, ?> map) || obj instanceof EnumMap || !root.getName().startsWith("java.")) {
            return null;
        }
        Class<?> keyType = null;
        for (Object key : map.keySet()) {
            if (key == null) {
                return null;
            }
            Class<?> type = RecordedTypes.recordedClass(key);
            if (keyType == null) {
                keyType = type;
            } else if (keyType != type) {
                return null;
            }
        }
        return keyType == String.class ? null : keyType;
    }

    private static void writeName(EnvelopeOutputStream out, String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0xFFFF) {
            throw new SerializationException("class name too long: " + name);
        }
        out.writeShort(bytes.length);
        out.write(bytes, 0, bytes.length);
    }

    @Override
    public Object deserialize(byte[] data) {
        Objects.requireNonNull(data, "data");
        try {
            return read(data);
        } catch (SerializationException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError | LinkageError e) {
            throw new SerializationException("cannot deserialize: " + brief(e), e);
        }
    }

    private Object read(byte[] data) {
        checkHeader(data, data.length);
        int bodyLength = data.length - Envelope.HEADER_SIZE;
        byte format = data[Envelope.FORMAT_OFFSET];
        return switch (format) {
            case Envelope.BYTES -> Arrays.copyOfRange(data, Envelope.HEADER_SIZE, data.length);
            case Envelope.STRING -> new String(data, Envelope.HEADER_SIZE, bodyLength, StandardCharsets.UTF_8);
            case Envelope.STRING_UTF16 -> new String(
                    (char[]) decodeArray(Envelope.CHAR_ARRAY, data, bodyLength));
            case Envelope.BOOLEAN_ARRAY, Envelope.CHAR_ARRAY, Envelope.SHORT_ARRAY, Envelope.INT_ARRAY,
                    Envelope.LONG_ARRAY, Envelope.FLOAT_ARRAY, Envelope.DOUBLE_ARRAY ->
                    decodeArray(format, data, bodyLength);
            case Envelope.JSON -> deserializeJson(data);
            default -> throw new SerializationException("unknown envelope format " + (format & 0xFF));
        };
    }

    /** Checks the envelope header (the first bytes of {@code header}) of an envelope of {@code length} bytes. */
    private void checkHeader(byte[] header, int length) {
        if (length > maxPayloadSize) {
            throw new SerializationException("payload of " + length + " bytes exceeds the maximum payload size"
                    + " of " + maxPayloadSize + " bytes");
        }
        if (length < Envelope.HEADER_SIZE) {
            throw new SerializationException(length == 0 ? "no data to deserialize"
                    : "data too short for an envelope header: " + length + " bytes");
        }
        for (int i = 0; i < Envelope.MAGIC.length; i++) {
            if (header[i] != Envelope.MAGIC[i]) {
                throw new SerializationException("data is not a ProxyStore envelope (wrong magic bytes)");
            }
        }
        if (header[Envelope.VERSION_OFFSET] != Envelope.VERSION) {
            throw new SerializationException("unsupported envelope version "
                    + (header[Envelope.VERSION_OFFSET] & 0xFF) + "; this library reads version " + Envelope.VERSION);
        }
        int bodyLength = Envelope.readInt(header, Envelope.LENGTH_OFFSET);
        if (bodyLength != length - Envelope.HEADER_SIZE) {
            throw new SerializationException("envelope body length " + Integer.toUnsignedString(bodyLength)
                    + " does not match the " + (length - Envelope.HEADER_SIZE)
                    + " bytes present: data is truncated or corrupt");
        }
    }

    /**
     * {@inheritDoc} {@code byte[]} and primitive-array bodies are read straight from the buffer (one copy into the
     * result); other formats are copied out first.
     */
    @Override
    public Object deserializeFrom(ByteBuffer data) {
        Objects.requireNonNull(data, "data");
        int length = data.remaining();
        if (length < Envelope.HEADER_SIZE || length > maxPayloadSize) {
            return Serializer.super.deserializeFrom(data);
        }
        byte[] header = new byte[Envelope.HEADER_SIZE];
        data.get(data.position(), header);
        byte format = header[Envelope.FORMAT_OFFSET];
        if (!isBulk(format)) {
            return Serializer.super.deserializeFrom(data);
        }
        try {
            checkHeader(header, length);
            ByteBuffer body = data.slice(data.position() + Envelope.HEADER_SIZE, length - Envelope.HEADER_SIZE);
            Object value;
            if (format == Envelope.BYTES) {
                byte[] bytes = new byte[body.remaining()];
                body.get(bytes);
                value = bytes;
            } else {
                value = PrimitiveArrays.decode(format, body);
                if (value == null) {
                    throw new SerializationException("corrupt array body of " + body.remaining()
                            + " bytes for envelope format " + format);
                }
            }
            data.position(data.limit());
            return value;
        } catch (SerializationException e) {
            throw e;
        } catch (RuntimeException | OutOfMemoryError e) {
            throw new SerializationException("cannot deserialize: " + brief(e), e);
        }
    }

    /**
     * {@inheritDoc} For {@code byte[]} and primitive-array envelopes (not boolean): the array is allocated from the
     * header and filled part by part, so a large one is copied once, from the connector's receive buffer.
     */
    @Override
    public Optional<PartialDecoder> partialDecoder(ByteBuffer start, int size) {
        if (start.remaining() < Envelope.HEADER_SIZE || size < Envelope.HEADER_SIZE || size > maxPayloadSize) {
            return Optional.empty();
        }
        byte[] header = new byte[Envelope.HEADER_SIZE];
        start.get(start.position(), header);
        byte format = header[Envelope.FORMAT_OFFSET];
        if (!isBulk(format)) {
            return Optional.empty();
        }
        checkHeader(header, size);
        int body = size - Envelope.HEADER_SIZE;
        if (format != Envelope.BYTES && body % PrimitiveArrays.elementSize(format) != 0) {
            throw new SerializationException("corrupt array body of " + body + " bytes for envelope format " + format);
        }
        return Optional.of(new ArrayDecoder(format, body));
    }

    /** {@inheritDoc} True for {@code byte[]} and primitive-array envelopes (not boolean), whose body is one copy. */
    @Override
    public boolean readsInPlace(ByteBuffer data) {
        if (data.remaining() < Envelope.HEADER_SIZE) {
            return false;
        }
        byte format = data.get(data.position() + Envelope.FORMAT_OFFSET);
        return isBulk(format);
    }

    /** Whether an envelope of {@code format} is a {@code byte[]} or primitive array (not boolean): one bulk copy. */
    private static boolean isBulk(byte format) {
        return format == Envelope.BYTES || PrimitiveArrays.isBulkFormat(format);
    }

    /**
     * {@inheritDoc} {@code byte[]} and primitive arrays are written by the connector straight from the array into its
     * own buffer: no intermediate copy.
     */
    @Override
    public Payload payload(Object obj) {
        Objects.requireNonNull(obj, "cannot serialize null; stores reject null values");
        byte format = obj instanceof byte[] ? Envelope.BYTES : PrimitiveArrays.formatOf(obj);
        if (format == 0 || !isBulk(format)) {
            return Payload.of(serialize(obj));
        }
        long bodyLength = format == Envelope.BYTES ? ((byte[]) obj).length
                : (long) PrimitiveArrays.length(obj, format) * PrimitiveArrays.elementSize(format);
        checkSize(bodyLength);
        int body = (int) bodyLength;
        return new Payload() {
            @Override
            public int size() {
                return Envelope.HEADER_SIZE + body;
            }

            @Override
            public void writeTo(ByteBuffer target) {
                byte[] header = new byte[Envelope.HEADER_SIZE];
                Envelope.writeHeader(header, format, body);
                target.put(header);
                if (format == Envelope.BYTES) {
                    target.put((byte[]) obj);
                } else {
                    PrimitiveArrays.encode(obj, format, target);
                }
            }

            /** Copies the array chunk by chunk into {@code buffer}: one copy, and no array of the whole envelope. */
            @Override
            public void writeTo(WritableByteChannel channel, ByteBuffer buffer) throws IOException {
                if (buffer.capacity() < Envelope.HEADER_SIZE + Long.BYTES) {
                    Payload.super.writeTo(channel, buffer);
                    return;
                }
                buffer.clear();
                byte[] header = new byte[Envelope.HEADER_SIZE];
                Envelope.writeHeader(header, format, body);
                buffer.put(header);
                int length = format == Envelope.BYTES ? body : PrimitiveArrays.length(obj, format);
                int next = 0;
                while (true) {
                    if (format == Envelope.BYTES) {
                        int count = Math.min(buffer.remaining(), body - next);
                        buffer.put((byte[]) obj, next, count);
                        next += count;
                    } else {
                        next = PrimitiveArrays.encode(obj, format, next, buffer);
                    }
                    buffer.flip();
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                    if (next == length) {
                        return;
                    }
                    buffer.clear();
                }
            }
        };
    }

    private static Object decodeArray(byte format, byte[] data, int bodyLength) {
        Object array = PrimitiveArrays.decode(format, data, Envelope.HEADER_SIZE, bodyLength);
        if (array == null) {
            throw new SerializationException("corrupt array body of " + bodyLength + " bytes for envelope format "
                    + format);
        }
        return array;
    }

    private Object deserializeJson(byte[] data) {
        int rootOffset = Envelope.HEADER_SIZE;
        String rootName = readName(data, rootOffset);
        int keyOffset = rootOffset + 2 + Envelope.readUnsignedShort(data, rootOffset);
        String keyName = readName(data, keyOffset);
        int documentOffset = keyOffset + 2 + Envelope.readUnsignedShort(data, keyOffset);
        if (rootName.isEmpty()) {
            throw new SerializationException("envelope names no root class");
        }
        Class<?> root = trustedClass(rootName);
        Class<?> keyType = keyName.isEmpty() ? null : trustedClass(keyName);
        if (keyType != null && !Map.class.isAssignableFrom(root)) {
            throw new SerializationException("envelope names a key class for " + rootName + ", which is not a map");
        }
        Object value;
        try {
            value = json.read(data, documentOffset, data.length - documentOffset, keyType);
        } catch (RuntimeException | StackOverflowError | LinkageError e) {
            throw new SerializationException("cannot deserialize " + rootName + ": " + brief(e), e);
        }
        if (!root.isInstance(value)) {
            throw new SerializationException("envelope names " + rootName + " but holds "
                    + (value == null ? "null" : value.getClass().getTypeName()));
        }
        return value;
    }

    /** A class name field: its byte length (2 bytes), then the name in UTF-8. */
    private static String readName(byte[] data, int offset) {
        if (offset > data.length - 2) {
            throw new SerializationException("truncated envelope: class name length missing");
        }
        int length = Envelope.readUnsignedShort(data, offset);
        if (length > data.length - offset - 2) {
            throw new SerializationException("truncated envelope: class name of " + length + " bytes does not fit");
        }
        return new String(data, offset + 2, length, StandardCharsets.UTF_8);
    }

    private Class<?> trustedClass(String name) {
        if (!allowList.isTrusted(name)) {
            throw new SerializationException("envelope names class " + AllowList.readable(name) + ", which is not trusted; "
                    + AllowList.howToTrust(name));
        }
        try {
            return ClassLookup.findWithoutInitializing(name);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new SerializationException("envelope names class " + name + ", which cannot be found", e);
        }
    }

    /** The start of a cause's message: Jackson's can list a reference chain hundreds of entries long. */
    private static String brief(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
        return message.length() <= 300 ? message : message.substring(0, 300) + "...";
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof DefaultSerializer that
                && maxPayloadSize == that.maxPayloadSize
                && trustedPackages().equals(that.trustedPackages());
    }

    @Override
    public int hashCode() {
        return Objects.hash(trustedPackages(), maxPayloadSize);
    }

    @Override
    public String toString() {
        return "DefaultSerializer[trustedPackages=" + trustedPackages() + ", maxPayloadSize=" + maxPayloadSize + "]";
    }
}
