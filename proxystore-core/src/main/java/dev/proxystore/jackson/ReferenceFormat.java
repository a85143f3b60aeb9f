package dev.proxystore.jackson;

import static dev.proxystore.jackson.ProxyStoreJacksonModule.FORMAT_VERSION;
import static dev.proxystore.jackson.ProxyStoreJacksonModule.MARKER;

import dev.proxystore.store.ConnectorConfig;
import dev.proxystore.store.Key;
import dev.proxystore.store.SerializerConfig;
import dev.proxystore.store.StoreConfig;
import dev.proxystore.store.StoreFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * The JSON form of a reference (see {@link ProxyStoreJacksonModule}), written and read field by field so that the
 * mapper's naming strategy, inclusion rules or mix-ins never change it, and so that reading it accepts exactly the
 * expected shape: nothing in it is ever used to look up a class.
 */
final class ReferenceFormat {

    private static final int MAX_NAME_IN_MESSAGE = 64;

    private ReferenceFormat() {
    }

    /** Writes the reference's properties; the caller writes the enclosing object. */
    static void write(JsonGenerator gen, StoreFactory<?> factory, Class<?> proxiedType) {
        gen.writeNumberProperty(MARKER, FORMAT_VERSION);
        gen.writeName("store");
        writeStoreConfig(gen, factory.config());
        gen.writeStringProperty("key", factory.key().id());
        gen.writeBooleanProperty("evict", factory.evict());
        SerializerConfig serializer = factory.serializer();
        if (!serializer.equals(factory.config().serializer())) {
            gen.writeName("serializer");
            writeSerializerConfig(gen, serializer);
        }
        gen.writeStringProperty("type", proxiedType.getName());
    }

    private static void writeStoreConfig(JsonGenerator gen, StoreConfig config) {
        gen.writeStartObject();
        gen.writeStringProperty("name", config.name());
        gen.writeName("connector");
        gen.writeStartObject();
        gen.writeStringProperty("type", config.connector().type());
        gen.writeName("options");
        gen.writeStartObject();
        for (Map.Entry<String, String> option : new TreeMap<>(config.connector().options()).entrySet()) {
            gen.writeStringProperty(option.getKey(), option.getValue());
        }
        gen.writeEndObject();
        gen.writeEndObject();
        gen.writeNumberProperty("cacheSize", config.cacheSize());
        gen.writeBooleanProperty("metrics", config.metrics());
        gen.writeBooleanProperty("populateTarget", config.populateTarget());
        gen.writeBooleanProperty("register", config.register());
        gen.writeName("serializer");
        writeSerializerConfig(gen, config.serializer());
        gen.writeEndObject();
    }

    private static void writeSerializerConfig(JsonGenerator gen, SerializerConfig config) {
        gen.writeStartObject();
        gen.writeStringProperty("type", config.type());
        gen.writeName("trustedPackages");
        gen.writeStartArray();
        for (String prefix : config.trustedPackages()) {
            gen.writeString(prefix);
        }
        gen.writeEndArray();
        gen.writeEndObject();
    }

    /**
     * Reads the rest of a reference whose marker property name {@code p} points at, leaving {@code p} at the
     * reference's closing {@code END_OBJECT}.
     *
     * @param targetType the declared type, for error messages
     * @throws MismatchedInputException if the reference is malformed
     */
    static StoreFactory<Object> read(JsonParser p, JavaType targetType) {
        return new Reader(p, targetType).reference();
    }

    /** {@code text} cut to a length fit for an error message: it may come from hostile input. */
    static String shorten(String text) {
        return text.length() <= MAX_NAME_IN_MESSAGE ? text : text.substring(0, MAX_NAME_IN_MESSAGE) + "...";
    }

    /** One reading pass; fails on the first problem with a message naming the offending property. */
    private static final class Reader {

        private final JsonParser p;
        private final JavaType targetType;

        Reader(JsonParser p, JavaType targetType) {
            this.p = p;
            this.targetType = targetType;
        }

        StoreFactory<Object> reference() {
            JsonToken version = p.nextToken();
            if (version != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT
                    || p.getIntValue() != FORMAT_VERSION) {
                throw fail("unsupported format: '" + MARKER + "' must be " + FORMAT_VERSION + ", found "
                        + describeCurrent());
            }
            StoreConfig store = null;
            String key = null;
            boolean evict = false;
            SerializerConfig serializer = null;
            Set<String> seen = new HashSet<>();
            seen.add(MARKER);
            for (String name = p.nextName(); name != null; name = p.nextName()) {
                checkUnique(seen, name, "");
                p.nextToken();
                switch (name) {
                    case "store" -> store = storeConfig();
                    case "key" -> key = nonEmptyString("key");
                    case "evict" -> evict = bool("evict");
                    case "serializer" -> serializer = serializerConfig("serializer");
                    case "type" -> string("type"); // for humans only: never used to look up a class
                    default -> throw unknown(name, "");
                }
            }
            expectEndObject("");
            if (store == null || key == null) {
                throw fail("missing property '" + (store == null ? "store" : "key") + "'");
            }
            return new StoreFactory<>(new Key<>(key), store, evict, serializer);
        }

        private StoreConfig storeConfig() {
            expect(JsonToken.START_OBJECT, "store", "an object");
            String name = null;
            ConnectorConfig connector = null;
            Integer cacheSize = null;
            Boolean metrics = null;
            Boolean populateTarget = null;
            Boolean register = null;
            SerializerConfig serializer = null;
            Set<String> seen = new HashSet<>();
            for (String field = p.nextName(); field != null; field = p.nextName()) {
                checkUnique(seen, field, "store.");
                p.nextToken();
                switch (field) {
                    case "name" -> name = nonBlankString("store.name");
                    case "connector" -> connector = connectorConfig();
                    case "cacheSize" -> cacheSize = nonNegativeInt("store.cacheSize");
                    case "metrics" -> metrics = bool("store.metrics");
                    case "populateTarget" -> populateTarget = bool("store.populateTarget");
                    case "register" -> register = bool("store.register");
                    case "serializer" -> serializer = serializerConfig("store.serializer");
                    default -> throw unknown(field, "store.");
                }
            }
            expectEndObject("store");
            List<String> missing = new ArrayList<>();
            addIfMissing(missing, name, "name");
            addIfMissing(missing, connector, "connector");
            addIfMissing(missing, cacheSize, "cacheSize");
            addIfMissing(missing, metrics, "metrics");
            addIfMissing(missing, populateTarget, "populateTarget");
            addIfMissing(missing, register, "register");
            addIfMissing(missing, serializer, "serializer");
            if (name == null || connector == null || cacheSize == null || metrics == null || populateTarget == null
                    || register == null || serializer == null) {
                throw fail("missing properties in 'store': " + String.join(", ", missing));
            }
            return new StoreConfig(name, connector, cacheSize, metrics, populateTarget, register, serializer);
        }

        private ConnectorConfig connectorConfig() {
            expect(JsonToken.START_OBJECT, "store.connector", "an object");
            String type = null;
            Map<String, String> options = Map.of();
            Set<String> seen = new HashSet<>();
            for (String field = p.nextName(); field != null; field = p.nextName()) {
                checkUnique(seen, field, "store.connector.");
                p.nextToken();
                switch (field) {
                    case "type" -> type = nonEmptyString("store.connector.type");
                    case "options" -> options = stringMap("store.connector.options");
                    default -> throw unknown(field, "store.connector.");
                }
            }
            expectEndObject("store.connector");
            if (type == null) {
                throw fail("missing property 'store.connector.type'");
            }
            return new ConnectorConfig(type, options);
        }

        private SerializerConfig serializerConfig(String path) {
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

        private Map<String, String> stringMap(String path) {
            expect(JsonToken.START_OBJECT, path, "an object of strings");
            Map<String, String> map = new LinkedHashMap<>();
            for (String field = p.nextName(); field != null; field = p.nextName()) {
                if (map.containsKey(field)) {
                    throw fail("duplicate property '" + path + "." + shorten(field) + "'");
                }
                p.nextToken();
                map.put(field, string(path + "." + shorten(field)));
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

        private int nonNegativeInt(String path) {
            if (p.currentToken() != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT
                    || p.getIntValue() < 0) {
                throw fail("'" + path + "' must be a non-negative int, found " + describeCurrent());
            }
            return p.getIntValue();
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
                throw fail("duplicate property '" + prefix + shorten(name) + "'");
            }
        }

        private static void addIfMissing(List<String> missing, @Nullable Object value, String name) {
            if (value == null) {
                missing.add(name);
            }
        }

        private MismatchedInputException unknown(String name, String prefix) {
            return fail("unknown property '" + prefix + shorten(name) + "'");
        }

        private MismatchedInputException fail(String problem) {
            return MismatchedInputException.from(p, targetType, "Invalid ProxyStore reference: " + problem);
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
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + shorten(p.getString());
                case VALUE_TRUE, VALUE_FALSE -> "a boolean";
                case VALUE_NULL -> "null";
                default -> t.name();
            };
        }

    }
}
