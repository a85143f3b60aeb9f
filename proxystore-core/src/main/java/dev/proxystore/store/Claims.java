package dev.proxystore.store;

import dev.proxystore.connector.ConnectorConfig;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Everything a reference asserts, and its canonical byte encoding: the bytes a tag is computed over, and the body of
 * the Java-serialized form. Every form of a reference (Java, JSON, stream event) carries the same claims, so a tag
 * made for one verifies in all.
 *
 * <p>Encoding (big-endian; a string is its UTF-8 length as two bytes, then its UTF-8 bytes; a flag is one byte, 0 or
 * 1): the magic {@code PSREF}, the format byte, kind byte (the ordinal of {@link Reference.Kind}), store name,
 * instance (flag, then two longs), key, type, evict flag, future timeout in milliseconds (a long), in format 3 only
 * the polling of a future (first interval in microseconds, backoff factor as the bits of an IEEE 754 double, interval
 * limit in microseconds with 0 for none: three longs), ticket (flag, string), serializer (flag, string), connector
 * (flag, type, option count as two bytes, options sorted by name), expiry in epoch milliseconds (a long, 0 for none).
 *
 * <p>Format 3 is written for claims with polling (future references made since polling became configurable), format 2
 * for all others, so that plain and ownership references stay readable by format 2 readers; both are read. A format
 * 2 future polls with {@link Polling#defaults()}' interval, factor and limit.
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
 * @param backoff how a future polls, or null: for other kinds, and for a future in format 2
 */
record Claims(Reference.Kind kind, String store, @Nullable UUID instance, String key, String type, boolean evict,
        long timeoutMillis, @Nullable String ticket, @Nullable String serializer, @Nullable ConnectorConfig connector,
        long expiresMillis, @Nullable Backoff backoff) {

    /** Claims without polling settings. */
    Claims(Reference.Kind kind, String store, @Nullable UUID instance, String key, String type, boolean evict,
            long timeoutMillis, @Nullable String ticket, @Nullable String serializer,
            @Nullable ConnectorConfig connector, long expiresMillis) {
        this(kind, store, instance, key, type, evict, timeoutMillis, ticket, serializer, connector, expiresMillis,
                null);
    }

    /**
     * How a future polls, as claimed: its timeout is {@link #timeoutMillis()}.
     *
     * @param intervalMicros the first sleep in microseconds; positive
     * @param factor the backoff factor; finite, at least 1
     * @param limitMicros the longest sleep in microseconds; 0 for no limit
     */
    record Backoff(long intervalMicros, double factor, long limitMicros) {

        static Backoff of(Polling polling) {
            Duration limit = polling.intervalLimit();
            return new Backoff(micros(polling.interval()), polling.backoffFactor(), limit == null ? 0 : micros(limit));
        }

        Polling polling(Duration timeout) {
            return new Polling(Duration.of(intervalMicros, ChronoUnit.MICROS), factor,
                    limitMicros == 0 ? null : Duration.of(limitMicros, ChronoUnit.MICROS), timeout);
        }

        private static long micros(Duration duration) {
            return TimeUnit.MICROSECONDS.convert(duration);
        }
    }

    /** The polling a future claims, its timeout uncapped; null for other kinds. */
    @Nullable Polling polling() {
        if (kind != Reference.Kind.FUTURE) {
            return null;
        }
        Duration timeout = Duration.ofMillis(timeoutMillis);
        Backoff b = backoff;
        return b == null ? Polling.defaults().withTimeout(timeout) : b.polling(timeout);
    }

    /** The format of claims with polling; claims without are written in {@link #FORMAT_WITHOUT_POLLING}. */
    static final int FORMAT = 3;
    static final int FORMAT_WITHOUT_POLLING = 2;
    static final int MAX_BYTES = 64 * 1024;
    private static final byte[] MAGIC = {'P', 'S', 'R', 'E', 'F'};
    private static final int MAX_OPTIONS = 1_024;

    byte[] encode() {
        Writer out = new Writer();
        out.bytes(MAGIC);
        out.u8(backoff == null ? FORMAT_WITHOUT_POLLING : FORMAT);
        out.u8(kind.ordinal());
        out.string(store);
        out.bool(instance != null);
        if (instance != null) {
            out.u64(instance.getMostSignificantBits());
            out.u64(instance.getLeastSignificantBits());
        }
        out.string(key);
        out.string(type);
        out.bool(evict);
        out.u64(timeoutMillis);
        Backoff b = backoff;
        if (b != null) {
            out.u64(b.intervalMicros());
            out.u64(Double.doubleToLongBits(b.factor()));
            out.u64(b.limitMicros());
        }
        out.optional(ticket);
        out.optional(serializer);
        out.bool(connector != null);
        if (connector != null) {
            out.string(connector.type());
            Map<String, String> sorted = new TreeMap<>(connector.options());
            out.u16(sorted.size());
            for (Map.Entry<String, String> option : sorted.entrySet()) {
                out.string(option.getKey());
                out.string(option.getValue());
            }
        }
        out.u64(expiresMillis);
        return out.toByteArray();
    }

    /**
     * The claims {@code data} encodes.
     *
     * @throws IllegalArgumentException if {@code data} is not exactly one well-formed encoding
     */
    static Claims decode(byte[] data) {
        ByteBuffer in = ByteBuffer.wrap(data);
        try {
            byte[] magic = new byte[MAGIC.length];
            in.get(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new IllegalArgumentException("not a ProxyStore reference");
            }
            int format = Byte.toUnsignedInt(in.get());
            if (format != FORMAT && format != FORMAT_WITHOUT_POLLING) {
                throw new IllegalArgumentException("unsupported reference format " + format);
            }
            int kindCode = Byte.toUnsignedInt(in.get());
            if (kindCode >= Reference.Kind.values().length) {
                throw new IllegalArgumentException("unknown reference kind " + kindCode);
            }
            Reference.Kind kind = Reference.Kind.values()[kindCode];
            String store = nonBlank(string(in), "store name");
            UUID instance = bool(in) ? new UUID(in.getLong(), in.getLong()) : null;
            String key = nonBlank(string(in), "key");
            String type = string(in);
            boolean evict = bool(in);
            long timeoutMillis = in.getLong();
            Backoff backoff = format == FORMAT
                    ? new Backoff(in.getLong(), Double.longBitsToDouble(in.getLong()), in.getLong()) : null;
            String ticket = bool(in) ? string(in) : null;
            String serializer = bool(in) ? string(in) : null;
            ConnectorConfig connector = null;
            if (bool(in)) {
                String connectorType = nonBlank(string(in), "connector type");
                int count = Short.toUnsignedInt(in.getShort());
                Map<String, String> options = new LinkedHashMap<>();
                for (int i = 0; i < count; i++) {
                    if (options.put(string(in), string(in)) != null) {
                        throw new IllegalArgumentException("duplicate connector option");
                    }
                }
                connector = new ConnectorConfig(connectorType, options);
            }
            long expiresMillis = in.getLong();
            if (in.hasRemaining()) {
                throw new IllegalArgumentException("trailing bytes after the reference");
            }
            return new Claims(kind, store, instance, key, type, evict, timeoutMillis, ticket, serializer, connector,
                    expiresMillis, backoff).validated();
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated reference", e);
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
        Backoff b = backoff;
        if (b != null) {
            if (kind != Reference.Kind.FUTURE) {
                throw new IllegalArgumentException("polling settings on a " + kind + " reference");
            }
            if (b.intervalMicros() <= 0 || b.limitMicros() < 0 || !Double.isFinite(b.factor()) || b.factor() < 1) {
                throw new IllegalArgumentException("polling settings out of range: interval " + b.intervalMicros()
                        + " us, factor " + b.factor() + ", limit " + b.limitMicros() + " us");
            }
        }
        if (kind == Reference.Kind.FUTURE && timeoutMillis == 0) {
            throw new IllegalArgumentException("a future reference without a timeout");
        }
        return this;
    }

    private static String string(ByteBuffer in) {
        int length = Short.toUnsignedInt(in.getShort());
        if (length > in.remaining()) {
            throw new BufferUnderflowException();
        }
        String value = new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return value;
    }

    private static boolean bool(ByteBuffer in) {
        byte value = in.get();
        if (value != 0 && value != 1) {
            throw new IllegalArgumentException("a flag that is neither 0 nor 1");
        }
        return value == 1;
    }

    private static String nonBlank(String value, String what) {
        if (value.isBlank()) {
            throw new IllegalArgumentException("a blank " + what);
        }
        return value;
    }

    /** Appends big-endian numbers and length-prefixed UTF-8 strings to a growing array. */
    private static final class Writer {

        private byte[] buffer = new byte[192];
        private int size;

        void bytes(byte[] bytes) {
            ensure(bytes.length);
            System.arraycopy(bytes, 0, buffer, size, bytes.length);
            size += bytes.length;
        }

        void u8(int value) {
            ensure(1);
            buffer[size++] = (byte) value;
        }

        void bool(boolean value) {
            u8(value ? 1 : 0);
        }

        void u16(int value) {
            if (value > 0xFFFF) {
                throw new IllegalArgumentException("more than 65535 entries in a reference");
            }
            ensure(2);
            buffer[size++] = (byte) (value >>> 8);
            buffer[size++] = (byte) value;
        }

        void u64(long value) {
            ensure(8);
            for (int shift = 56; shift >= 0; shift -= 8) {
                buffer[size++] = (byte) (value >>> shift);
            }
        }

        void string(String value) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            if (utf8.length > 0xFFFF) {
                throw new IllegalArgumentException("a string of " + utf8.length + " bytes in a reference, more than"
                        + " 65535");
            }
            u16(utf8.length);
            bytes(utf8);
        }

        void optional(@Nullable String value) {
            bool(value != null);
            if (value != null) {
                string(value);
            }
        }

        byte[] toByteArray() {
            return java.util.Arrays.copyOf(buffer, size);
        }

        private void ensure(int more) {
            if (size + more > buffer.length) {
                buffer = java.util.Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
            }
        }
    }
}
