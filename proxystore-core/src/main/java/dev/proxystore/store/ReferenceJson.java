package dev.proxystore.store;

import dev.proxystore.connector.ConnectorConfig;
import dev.proxystore.serialize.SerializerConfig;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * The JSON form of a {@link Reference}, written and read field by field so that a mapper's naming strategy, inclusion
 * rules or mix-ins never change it, and so that reading accepts exactly the expected shape: nothing in it is ever used
 * to look up a class.
 *
 * <pre>{@code
 * {"@proxystore":2,"store":"orders","key":"8f3c...","type":"java.util.ArrayList","evict":false,
 *  "instance":"x4Tq...","tag":"Jd9a..."}
 * }</pre>
 * Optional properties: {@code kind} ({@code future}, {@code owned}, {@code borrowed}, {@code mut-borrowed}; absent for
 * a plain proxy) with {@code timeoutMs} for a future and {@code ticket} for a move, {@code serializer}
 * ({@code type#fingerprint} when not the store's own), {@code connector} (<code>{"type":..,"options":{..}}</code>, only
 * where the store carries its config in references) and {@code expires} (epoch milliseconds). {@code instance} and
 * {@code tag} are unpadded base64url.
 *
 * <p>Version 3 adds how a future polls: {@code intervalUs} (the first sleep, whole microseconds), {@code backoff}
 * (the factor each sleep grows by, a number of at least 1) and {@code intervalLimitUs} (the longest sleep; absent for
 * none), the first two together or not at all:
 * <pre>{@code
 * {"@proxystore":3,"store":"jobs","key":"5b1e...","type":"java.util.List","evict":true,"instance":"x4Tq...",
 *  "kind":"future","timeoutMs":60000,"intervalUs":500,"backoff":2.0,"intervalLimitUs":50000,"tag":"Q0vr..."}
 * }</pre>
 * References with polling are written as version 3, all others as version 2; both are read. A version 2 future polls
 * with {@link Polling#defaults()}' interval, factor and limit. Version 1 references (no tag, the whole store config
 * under {@code store}) are read as unsigned.
 *
 * <p>One concept, longer than most: the documented JSON form of a reference, both versions, written and read in one
 * place.
 */
final class ReferenceJson {

    private static final String PREFIX = "Invalid ProxyStore reference: ";
    private static final Set<String> POLLING = Set.of("intervalUs", "backoff", "intervalLimitUs");

    private ReferenceJson() {
    }

    static void write(JsonGenerator gen, Claims claims, byte @Nullable [] tag) {
        Claims.Backoff backoff = claims.backoff();
        gen.writeNumberProperty(Reference.JSON_MARKER, backoff == null ? 2 : Reference.JSON_VERSION);
        gen.writeStringProperty("store", claims.store());
        gen.writeStringProperty("key", claims.key());
        if (!claims.type().isEmpty()) {
            gen.writeStringProperty("type", claims.type());
        }
        gen.writeBooleanProperty("evict", claims.evict());
        UUID instance = claims.instance();
        if (instance != null) {
            ByteBuffer bytes = ByteBuffer.allocate(16);
            bytes.putLong(instance.getMostSignificantBits()).putLong(instance.getLeastSignificantBits());
            gen.writeStringProperty("instance", base64(bytes.array()));
        }
        if (claims.kind() != Reference.Kind.PLAIN) {
            gen.writeStringProperty("kind", claims.kind().label());
        }
        if (claims.kind() == Reference.Kind.FUTURE) {
            gen.writeNumberProperty("timeoutMs", claims.timeoutMillis());
        }
        if (backoff != null) {
            gen.writeNumberProperty("intervalUs", backoff.intervalMicros());
            gen.writeNumberProperty("backoff", backoff.factor());
            if (backoff.limitMicros() != 0) {
                gen.writeNumberProperty("intervalLimitUs", backoff.limitMicros());
            }
        }
        if (claims.ticket() != null) {
            gen.writeStringProperty("ticket", claims.ticket());
        }
        if (claims.serializer() != null) {
            gen.writeStringProperty("serializer", claims.serializer());
        }
        ConnectorConfig connector = claims.connector();
        if (connector != null) {
            gen.writeName("connector");
            writeConnector(gen, connector);
        }
        if (claims.expiresMillis() != 0) {
            gen.writeNumberProperty("expires", claims.expiresMillis());
        }
        if (tag != null) {
            gen.writeStringProperty("tag", base64(tag));
        }
    }

    private static void writeConnector(JsonGenerator gen, ConnectorConfig connector) {
        gen.writeStartObject();
        gen.writeStringProperty("type", connector.type());
        gen.writeName("options");
        gen.writeStartObject();
        for (Map.Entry<String, String> option : new TreeMap<>(connector.options()).entrySet()) {
            gen.writeStringProperty(option.getKey(), option.getValue());
        }
        gen.writeEndObject();
        gen.writeEndObject();
    }

    /** What a JSON reference says, not yet admitted. */
    record Read(Claims claims, byte @Nullable [] tag) {}

    /**
     * Reads the rest of a reference whose marker property name {@code p} points at, leaving {@code p} at the
     * reference's closing {@code END_OBJECT}.
     *
     * @throws IllegalArgumentException if the reference is malformed; the message names the property
     */
    static Read read(JsonParser p) {
        return new Reader(p).reference();
    }

    private static String base64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** One reading pass; fails on the first problem with a message naming the offending property. */
    private static final class Reader {

        private final JsonParser p;

        Reader(JsonParser p) {
            this.p = p;
        }

        Read reference() {
            JsonToken version = p.nextToken();
            if (version != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT
                    || p.getIntValue() < 1 || p.getIntValue() > Reference.JSON_VERSION) {
                throw fail("unsupported format: '" + Reference.JSON_MARKER + "' must be 1 to "
                        + Reference.JSON_VERSION + ", found " + describeCurrent());
            }
            int number = p.getIntValue();
            return number == 1 ? version1() : signedVersion(number);
        }

        /** A version 2 or 3 reference; only version 3 has polling properties. */
        private Read signedVersion(int version) {
            String store = null;
            String key = null;
            String type = "";
            boolean evict = false;
            UUID instance = null;
            Reference.Kind kind = Reference.Kind.PLAIN;
            long timeoutMillis = 0;
            String ticket = null;
            String serializer = null;
            ConnectorConfig connector = null;
            long expires = 0;
            byte[] tag = null;
            Long intervalMicros = null;
            Double backoff = null;
            long limitMicros = 0;
            Set<String> seen = new HashSet<>();
            seen.add(Reference.JSON_MARKER);
            for (String name = p.nextName(); name != null; name = p.nextName()) {
                checkUnique(seen, name, "");
                p.nextToken();
                if (version < 3 && POLLING.contains(name)) {
                    throw fail("property '" + name + "' needs format version 3, found version " + version);
                }
                switch (name) {
                    case "store" -> store = nonBlankString("store");
                    case "key" -> key = nonEmptyString("key");
                    case "type" -> type = string("type");
                    case "evict" -> evict = bool("evict");
                    case "instance" -> instance = uuid(bytes("instance", 16));
                    case "kind" -> kind = kind(nonEmptyString("kind"));
                    case "timeoutMs" -> timeoutMillis = nonNegativeLong("timeoutMs");
                    case "ticket" -> ticket = nonEmptyString("ticket");
                    case "serializer" -> serializer = nonEmptyString("serializer");
                    case "connector" -> connector = connectorConfig("connector");
                    case "expires" -> expires = nonNegativeLong("expires");
                    case "tag" -> tag = bytes("tag", SigningKey.TAG_BYTES);
                    case "intervalUs" -> intervalMicros = nonNegativeLong("intervalUs");
                    case "backoff" -> backoff = number("backoff");
                    case "intervalLimitUs" -> limitMicros = nonNegativeLong("intervalLimitUs");
                    default -> throw unknown(name, "");
                }
            }
            expectEndObject("");
            if (store == null || key == null) {
                throw fail("missing property '" + (store == null ? "store" : "key") + "'");
            }
            if ((intervalMicros == null) != (backoff == null) || (intervalMicros == null && limitMicros != 0)) {
                throw fail("'intervalUs' and 'backoff' go together, and 'intervalLimitUs' needs them");
            }
            Claims.Backoff polling = intervalMicros == null || backoff == null ? null
                    : new Claims.Backoff(intervalMicros, backoff, limitMicros);
            try {
                return new Read(new Claims(kind, store, instance, key, type, evict, timeoutMillis, ticket, serializer,
                        connector, expires, polling).validated(), tag);
            } catch (IllegalArgumentException e) {
                throw fail(String.valueOf(e.getMessage()));
            }
        }

        /** A version 1 reference: unsigned, with the whole store config. */
        private Read version1() {
            String store = null;
            ConnectorConfig connector = null;
            String key = null;
            boolean evict = false;
            String serializer = null;
            String type = "";
            Set<String> seen = new HashSet<>();
            seen.add(Reference.JSON_MARKER);
            for (String name = p.nextName(); name != null; name = p.nextName()) {
                checkUnique(seen, name, "");
                p.nextToken();
                switch (name) {
                    case "store" -> {
                        StoreV1 v1 = storeV1();
                        store = v1.name();
                        connector = v1.connector();
                    }
                    case "key" -> key = nonEmptyString("key");
                    case "evict" -> evict = bool("evict");
                    case "serializer" -> serializer = SerializerClaims.of(serializerV1("serializer"));
                    case "type" -> type = string("type");
                    default -> throw unknown(name, "");
                }
            }
            expectEndObject("");
            if (store == null || key == null) {
                throw fail("missing property '" + (store == null ? "store" : "key") + "'");
            }
            return new Read(new Claims(Reference.Kind.PLAIN, store, null, key, type, evict, 0, null, serializer,
                    connector, 0), null);
        }

        private record StoreV1(String name, ConnectorConfig connector) {}

        private StoreV1 storeV1() {
            expect(JsonToken.START_OBJECT, "store", "an object");
            String name = null;
            ConnectorConfig connector = null;
            Set<String> seen = new HashSet<>();
            for (String field = p.nextName(); field != null; field = p.nextName()) {
                checkUnique(seen, field, "store.");
                p.nextToken();
                switch (field) {
                    case "name" -> name = nonBlankString("store.name");
                    case "connector" -> connector = connectorConfig("store.connector");
                    case "cacheSize" -> nonNegativeLong("store.cacheSize");
                    case "metrics", "populateTarget", "register" -> bool("store." + field);
                    case "serializer" -> serializerV1("store.serializer");
                    default -> throw unknown(field, "store.");
                }
            }
            expectEndObject("store");
            if (name == null || connector == null) {
                throw fail("missing property 'store." + (name == null ? "name" : "connector") + "'");
            }
            return new StoreV1(name, connector);
        }

        private SerializerConfig serializerV1(String path) {
            expect(JsonToken.START_OBJECT, path, "an object");
            String type = null;
            List<String> trustedPackages = List.of();
            Set<String> seen = new HashSet<>();
            for (String field = p.nextName(); field != null; field = p.nextName()) {
                checkUnique(seen, field, path + ".");
                p.nextToken();
                switch (field) {
                    case "type" -> type = nonEmptyString(path + ".type");
                    case "trustedPackages" -> trustedPackages = stringList(path + ".trustedPackages");
                    default -> throw unknown(field, path + ".");
                }
            }
            expectEndObject(path);
            if (type == null) {
                throw fail("missing property '" + path + ".type'");
            }
            return new SerializerConfig(type, trustedPackages);
        }

        private ConnectorConfig connectorConfig(String path) {
            expect(JsonToken.START_OBJECT, path, "an object");
            String type = null;
            Map<String, String> options = Map.of();
            Set<String> seen = new HashSet<>();
            for (String field = p.nextName(); field != null; field = p.nextName()) {
                checkUnique(seen, field, path + ".");
                p.nextToken();
                switch (field) {
                    case "type" -> type = nonEmptyString(path + ".type");
                    case "options" -> options = stringMap(path + ".options");
                    default -> throw unknown(field, path + ".");
                }
            }
            expectEndObject(path);
            if (type == null) {
                throw fail("missing property '" + path + ".type'");
            }
            return new ConnectorConfig(type, options);
        }

        private Reference.Kind kind(String label) {
            for (Reference.Kind kind : Reference.Kind.values()) {
                if (kind.label().equals(label)) {
                    return kind;
                }
            }
            throw fail("unknown kind '" + UntrustedReferenceException.shorten(label) + "'");
        }

        private byte[] bytes(String path, int length) {
            String text = string(path);
            byte[] bytes;
            try {
                bytes = Base64.getUrlDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                throw fail("'" + path + "' must be base64url");
            }
            if (bytes.length != length) {
                throw fail("'" + path + "' must be " + length + " bytes, found " + bytes.length);
            }
            return bytes;
        }

        private static UUID uuid(byte[] bytes) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            return new UUID(buffer.getLong(), buffer.getLong());
        }

        private Map<String, String> stringMap(String path) {
            expect(JsonToken.START_OBJECT, path, "an object of strings");
            Map<String, String> map = new LinkedHashMap<>();
            for (String field = p.nextName(); field != null; field = p.nextName()) {
                if (map.containsKey(field)) {
                    throw fail("duplicate property '" + path + "." + UntrustedReferenceException.shorten(field) + "'");
                }
                p.nextToken();
                map.put(field, string(path + "." + UntrustedReferenceException.shorten(field)));
            }
            expectEndObject(path);
            return map;
        }

        private List<String> stringList(String path) {
            expect(JsonToken.START_ARRAY, path, "an array of strings");
            List<String> list = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                list.add(string(path + "[" + list.size() + "]"));
            }
            return list;
        }

        private String string(String path) {
            expect(JsonToken.VALUE_STRING, path, "a string");
            return p.getString();
        }

        private String nonEmptyString(String path) {
            String value = string(path);
            if (value.isEmpty()) {
                throw fail("'" + path + "' must not be empty");
            }
            return value;
        }

        private String nonBlankString(String path) {
            String value = string(path);
            if (value.isBlank()) {
                throw fail("'" + path + "' must not be blank");
            }
            return value;
        }

        private boolean bool(String path) {
            JsonToken t = p.currentToken();
            if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
                throw fail("'" + path + "' must be a boolean, found " + describeCurrent());
            }
            return t == JsonToken.VALUE_TRUE;
        }

        private double number(String path) {
            JsonToken t = p.currentToken();
            if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
                throw fail("'" + path + "' must be a number, found " + describeCurrent());
            }
            return p.getDoubleValue();
        }

        private long nonNegativeLong(String path) {
            if (p.currentToken() != JsonToken.VALUE_NUMBER_INT
                    || (p.getNumberType() != JsonParser.NumberType.INT
                            && p.getNumberType() != JsonParser.NumberType.LONG)
                    || p.getLongValue() < 0) {
                throw fail("'" + path + "' must be a non-negative integer, found " + describeCurrent());
            }
            return p.getLongValue();
        }

        private void expect(JsonToken token, String path, String what) {
            if (p.currentToken() != token) {
                throw fail("'" + path + "' must be " + what + ", found " + describeCurrent());
            }
        }

        /** After a loop over property names: anything but the end of the object is malformed input. */
        private void expectEndObject(String path) {
            if (p.currentToken() != JsonToken.END_OBJECT) {
                throw fail((path.isEmpty() ? "the reference" : "'" + path + "'") + " ended unexpectedly, found "
                        + describeCurrent());
            }
        }

        private void checkUnique(Set<String> seen, String name, String prefix) {
            if (!seen.add(name)) {
                throw fail("duplicate property '" + prefix + UntrustedReferenceException.shorten(name) + "'");
            }
        }

        private IllegalArgumentException unknown(String name, String prefix) {
            return fail("unknown property '" + prefix + UntrustedReferenceException.shorten(name) + "'");
        }

        private static IllegalArgumentException fail(String problem) {
            return new IllegalArgumentException(PREFIX + problem);
        }

        private String describeCurrent() {
            JsonToken t = p.currentToken();
            if (t == null) {
                return "end of input";
            }
            return switch (t) {
                case START_OBJECT -> "an object";
                case START_ARRAY -> "an array";
                case VALUE_STRING -> "a string";
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number "
                        + UntrustedReferenceException.shorten(p.getString());
                case VALUE_TRUE, VALUE_FALSE -> "a boolean";
                case VALUE_NULL -> "null";
                default -> t.name();
            };
        }
    }
}
