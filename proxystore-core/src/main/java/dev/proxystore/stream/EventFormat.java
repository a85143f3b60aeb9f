package dev.proxystore.stream;

import dev.proxystore.store.Reference;
import dev.proxystore.store.ReferenceMessages;
import dev.proxystore.store.StoreRegistry;
import dev.proxystore.store.TrustPolicy;
import dev.proxystore.store.UntrustedReferenceException;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The wire format of stream events, version {@value #VERSION}: one UTF-8 JSON message per batch, signed, written and
 * read in this one place. The format is documented in the package description ({@code package-info.java}).
 */
final class EventFormat {

    static final String MARKER = "@proxystore-event";
    static final int VERSION = 1;
    static final String PURPOSE = "proxystore-stream-event";

    private static final byte[] TAG_PREFIX = ",\"tag\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final int TAG_CHARS = 43;
    private static final int TAG_SUFFIX_BYTES = TAG_PREFIX.length + TAG_CHARS + 2;
    private static final int MAX_NUMBER_LENGTH = 1_000;

    private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxStringLength(Integer.MAX_VALUE)
                            .maxNumberLength(MAX_NUMBER_LENGTH)
                            .build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            // metadata is read from inside the message: what follows it is the rest of the event
            .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** What an event is. */
    enum Kind {
        /** An object in a store, by reference. */
        NEW_OBJECT_KEY("new-object-key"),
        /** An object inside the event, by value. */
        NEW_OBJECT("new-object"),
        /** The producer closed the topic. */
        END_OF_STREAM("end-of-stream");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }
    }

    /**
     * One event of a batch. A read {@link Kind#NEW_OBJECT_KEY} event holds its admitted reference; a
     * {@link Kind#NEW_OBJECT} event the serialized object.
     *
     * @param size the bytes the event took in its message
     */
    record Event(String topic, Kind kind, Map<String, Object> metadata, @Nullable Reference reference,
            byte @Nullable [] data, int size) {}

    private EventFormat() {
    }

    /**
     * The signed message of one batch: {@code events} (of one topic, none of them end-of-stream), then an end-of-stream
     * event when {@code endOfStream}. Fills {@code sizes} with the bytes each event of {@code events} took.
     */
    static byte[] write(String topic, List<Event> events, boolean endOfStream, TrustPolicy signer, int[] sizes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator gen = MAPPER.createGenerator(out)) {
            gen.writeStartObject();
            gen.writeNumberProperty(MARKER, VERSION);
            gen.writeStringProperty("topic", topic);
            gen.writeName("events");
            gen.writeStartArray();
            for (int i = 0; i < events.size(); i++) {
                gen.flush();
                int before = out.size();
                writeEvent(gen, events.get(i));
                gen.flush();
                sizes[i] = out.size() - before;
            }
            if (endOfStream) {
                gen.writeStartObject();
                gen.writeStringProperty("type", Kind.END_OF_STREAM.label());
                gen.writeEndObject();
            }
            gen.writeEndArray();
            gen.writeEndObject();
        }
        byte[] body = out.toByteArray();
        int signedLength = body.length - 1;
        byte[] tag = ReferenceMessages.tag(signer, PURPOSE, body, signedLength);
        byte[] encodedTag = Base64.getUrlEncoder().withoutPadding().encode(tag);
        byte[] message = Arrays.copyOf(body, signedLength + TAG_PREFIX.length + encodedTag.length + 2);
        System.arraycopy(TAG_PREFIX, 0, message, signedLength, TAG_PREFIX.length);
        System.arraycopy(encodedTag, 0, message, signedLength + TAG_PREFIX.length, encodedTag.length);
        message[message.length - 2] = '"';
        message[message.length - 1] = '}';
        return message;
    }

    private static void writeEvent(JsonGenerator gen, Event event) {
        gen.writeStartObject();
        gen.writeStringProperty("type", event.kind().label());
        if (!event.metadata().isEmpty()) {
            gen.writeName("metadata");
            writeValue(gen, event.metadata());
        }
        Reference reference = event.reference();
        byte[] data = event.data();
        if (reference != null) {
            gen.writeName("reference");
            gen.writeStartObject();
            reference.writeJson(gen);
            gen.writeEndObject();
        } else if (data != null) {
            gen.writeName("data");
            gen.writeBinary(data);
        }
        gen.writeEndObject();
    }

    private static void writeValue(JsonGenerator gen, @Nullable Object value) {
        if (value == null) {
            gen.writeNull();
        } else if (value instanceof String s) {
            gen.writeString(s);
        } else if (value instanceof Boolean b) {
            gen.writeBoolean(b);
        } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            gen.writeNumber(((Number) value).intValue());
        } else if (value instanceof Long l) {
            gen.writeNumber(l);
        } else if (value instanceof BigInteger b) {
            gen.writeNumber(b);
        } else if (value instanceof BigDecimal b) {
            gen.writeNumber(b);
        } else if (value instanceof Double || value instanceof Float) {
            gen.writeNumber(((Number) value).doubleValue());
        } else if (value instanceof Map<?, ?> map) {
            gen.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                gen.writeName((String) entry.getKey());
                writeValue(gen, entry.getValue());
            }
            gen.writeEndObject();
        } else if (value instanceof Collection<?> list) {
            gen.writeStartArray();
            for (Object element : list) {
                writeValue(gen, element);
            }
            gen.writeEndArray();
        } else {
            throw new IllegalStateException("not a checked metadata value: " + value.getClass().getName());
        }
    }

    /**
     * An unmodifiable deep copy of {@code metadata}, checked to hold JSON values only, so that what is sent is what the
     * caller passed, whatever the caller does with its map later.
     *
     * @throws IllegalArgumentException naming the first value that is not a JSON value
     */
    static Map<String, Object> copyMetadata(Map<String, ?> metadata) {
        @SuppressWarnings("unchecked")
        Map<String, Object> copy = (Map<String, Object>) copyValue(metadata, "metadata");
        return Objects.requireNonNull(copy, "a copy of a map");
    }

    private static @Nullable Object copyValue(@Nullable Object value, String path) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long || value instanceof Short || value instanceof Byte
                || value instanceof BigInteger || value instanceof BigDecimal) {
            return value;
        }
        if (value instanceof Double || value instanceof Float) {
            if (!Double.isFinite(((Number) value).doubleValue())) {
                throw new IllegalArgumentException(path + " is " + value + ", which JSON cannot hold");
            }
            return value;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, @Nullable Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String key)) {
                    throw new IllegalArgumentException(path + " has a key that is not a String: " + entry.getKey());
                }
                copy.put(key, copyValue(entry.getValue(), path + "." + key));
            }
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof Collection<?> collection) {
            List<@Nullable Object> copy = new ArrayList<>(collection.size());
            int index = 0;
            for (Object element : collection) {
                copy.add(copyValue(element, path + "[" + index++ + "]"));
            }
            return Collections.unmodifiableList(copy);
        }
        throw new IllegalArgumentException(path + " is a " + value.getClass().getName() + ": metadata holds JSON"
                + " values only (String, Boolean, Integer, Long, BigInteger, Double, BigDecimal, null, and Lists and"
                + " Maps with String keys of them)");
    }

    /**
     * The events of a message, admitted: the message's tag verified under the keys of {@code receiver} (or an unsigned
     * message allowed by its policy), then every reference admitted under that policy; nothing is connected, created,
     * read or evicted before all of that passed.
     *
     * @throws StreamException if the message is not a well-formed event message of a version this process reads
     * @throws UntrustedReferenceException if the receiver refuses the message or one of its references
     */
    static List<Event> read(byte[] message, StoreRegistry receiver) {
        Parsed parsed = parse(message);
        String topic = parsed.topic();
        byte[] tag = parsed.tag();
        if (tag != null) {
            if (!ReferenceMessages.verifies(receiver, PURPOSE, message, parsed.signedLength(), tag)) {
                throw new UntrustedEventException(topic, "", "its tag does not verify under any of this process's"
                        + " signing keys: it was changed after it was signed, or signed with a key this process does"
                        + " not hold (producers and consumers need the same signing key)", null);
            }
        } else {
            checkUnsigned(parsed, receiver.trustPolicy().unsignedReferences());
        }
        List<Event> events = new ArrayList<>(parsed.events().size());
        for (ParsedEvent event : parsed.events()) {
            Reference reference = event.kind() == Kind.NEW_OBJECT_KEY
                    ? admit(message, event.referenceStart(), event.referenceEnd(), topic, receiver) : null;
            events.add(new Event(topic, event.kind(), event.metadata(), reference, event.data(), event.size()));
        }
        return events;
    }

    private static void checkUnsigned(Parsed parsed, TrustPolicy.UnsignedReferences policy) {
        String topic = parsed.topic();
        switch (policy) {
            case REJECT -> throw new UntrustedEventException(topic, "", "it is unsigned, and this process rejects"
                    + " unsigned events", null);
            case READ_ONLY -> {
                for (ParsedEvent event : parsed.events()) {
                    if (event.kind() != Kind.NEW_OBJECT_KEY) {
                        throw new UntrustedEventException(topic, "", "it is unsigned, so this process reads it"
                                + " read-only, and it carries " + (event.kind() == Kind.NEW_OBJECT
                                        ? "an object inside the event" : "an end-of-stream event")
                                + "; a read-only event may only name objects of stores this process has", null);
                    }
                }
            }
            case ACCEPT -> {
            }
        }
    }

    private static Reference admit(byte[] message, int start, int end, String topic, StoreRegistry receiver) {
        try (JsonParser p = MAPPER.createParser(message, start, end - start)) {
            p.nextToken();
            if (!Reference.JSON_MARKER.equals(p.nextName())) {
                throw malformed(topic, "a reference that does not start with '" + Reference.JSON_MARKER + "'");
            }
            return Reference.readJson(p, receiver);
        } catch (UntrustedReferenceException e) {
            throw new UntrustedEventException(topic, e.storeName(), "a reference it carries is refused: "
                    + e.reason(), e);
        } catch (IllegalArgumentException e) {
            throw malformed(topic, String.valueOf(e.getMessage()));
        } catch (JacksonException e) {
            throw malformed(topic, "a reference that is not valid JSON (" + e.getOriginalMessage() + ")");
        }
    }

    private record Parsed(String topic, List<ParsedEvent> events, byte @Nullable [] tag, int signedLength) {}

    private record ParsedEvent(Kind kind, Map<String, Object> metadata, int referenceStart, int referenceEnd,
            byte @Nullable [] data, int size) {}

    private static Parsed parse(byte[] message) {
        String topic = null;
        try (JsonParser p = MAPPER.createParser(message)) {
            if (p.nextToken() != JsonToken.START_OBJECT || !MARKER.equals(p.nextName())) {
                throw malformed(null, "it does not start with '{\"" + MARKER + "\"'");
            }
            JsonToken version = p.nextToken();
            if (version != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT
                    || p.getIntValue() != VERSION) {
                String found = version == null ? "nothing" : p.getString();
                throw new StreamException("Unsupported stream event" + onTopic(scanTopic(p)) + ": format version "
                        + shorten(String.valueOf(found)) + ", and this process reads version " + VERSION
                        + " (upgrade the consumer to read what newer producers send)");
            }
            List<ParsedEvent> events = null;
            byte[] tag = null;
            for (String name = p.nextName(); name != null; name = p.nextName()) {
                if (tag != null) {
                    throw malformed(topic, "'tag' is not the last property");
                }
                JsonToken token = p.nextToken();
                switch (name) {
                    case "topic" -> {
                        if (token != JsonToken.VALUE_STRING || p.getString().isEmpty()) {
                            throw malformed(null, "'topic' must be a non-empty string");
                        }
                        topic = p.getString();
                    }
                    case "events" -> events = events(p, topic);
                    case "tag" -> tag = tag(p, message, topic);
                    default -> throw malformed(topic, "unknown property '" + shorten(name) + "'");
                }
            }
            if (p.nextToken() != null) {
                throw malformed(topic, "content after the event object");
            }
            if (topic == null || events == null) {
                throw malformed(topic, "missing property '" + (topic == null ? "topic" : "events") + "'");
            }
            return new Parsed(topic, events, tag, message.length - TAG_SUFFIX_BYTES);
        } catch (JacksonException e) {
            throw malformed(topic, "not valid JSON (" + e.getOriginalMessage() + ")");
        }
    }

    private static List<ParsedEvent> events(JsonParser p, @Nullable String topic) {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw malformed(topic, "'events' must be an array");
        }
        List<ParsedEvent> events = new ArrayList<>();
        boolean ended = false;
        for (JsonToken token = p.nextToken(); token != JsonToken.END_ARRAY; token = p.nextToken()) {
            if (ended) {
                throw malformed(topic, "an event after end-of-stream");
            }
            if (token != JsonToken.START_OBJECT) {
                throw malformed(topic, "events[" + events.size() + "] must be an object");
            }
            ParsedEvent event = event(p, topic, "events[" + events.size() + "]");
            ended = event.kind() == Kind.END_OF_STREAM;
            events.add(event);
        }
        return events;
    }

    private static ParsedEvent event(JsonParser p, @Nullable String topic, String path) {
        int start = (int) p.currentTokenLocation().getByteOffset();
        Kind kind = null;
        Map<String, Object> metadata = Map.of();
        int referenceStart = -1;
        int referenceEnd = -1;
        byte[] data = null;
        for (String name = p.nextName(); name != null; name = p.nextName()) {
            JsonToken token = p.nextToken();
            switch (name) {
                case "type" -> kind = kind(p, token, topic, path);
                case "metadata" -> {
                    if (token != JsonToken.START_OBJECT) {
                        throw malformed(topic, "'" + path + ".metadata' must be an object");
                    }
                    metadata = readMetadata(p);
                }
                case "reference" -> {
                    if (token != JsonToken.START_OBJECT) {
                        throw malformed(topic, "'" + path + ".reference' must be an object");
                    }
                    referenceStart = (int) p.currentTokenLocation().getByteOffset();
                    p.skipChildren();
                    referenceEnd = (int) p.currentLocation().getByteOffset();
                }
                case "data" -> {
                    if (token != JsonToken.VALUE_STRING) {
                        throw malformed(topic, "'" + path + ".data' must be a base64 string");
                    }
                    data = p.getBinaryValue();
                }
                default -> throw malformed(topic, "unknown property '" + path + "." + shorten(name) + "'");
            }
        }
        int size = (int) (p.currentLocation().getByteOffset() - start);
        if (kind == null) {
            throw malformed(topic, "missing property '" + path + ".type'");
        }
        boolean hasReference = referenceStart >= 0;
        if (hasReference != (kind == Kind.NEW_OBJECT_KEY) || (data != null) != (kind == Kind.NEW_OBJECT)
                || (kind == Kind.END_OF_STREAM && !metadata.isEmpty())) {
            throw malformed(topic, "a " + kind.label() + " event " + switch (kind) {
                case NEW_OBJECT_KEY -> "has a 'reference' and no 'data'";
                case NEW_OBJECT -> "has 'data' and no 'reference'";
                case END_OF_STREAM -> "has only a 'type'";
            } + " (" + path + ")");
        }
        return new ParsedEvent(kind, metadata, referenceStart, referenceEnd, data, size);
    }

    private static Kind kind(JsonParser p, JsonToken token, @Nullable String topic, String path) {
        if (token == JsonToken.VALUE_STRING) {
            for (Kind kind : Kind.values()) {
                if (kind.label().equals(p.getString())) {
                    return kind;
                }
            }
        }
        throw malformed(topic, "'" + path + ".type' must be one of new-object-key, new-object, end-of-stream");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readMetadata(JsonParser p) {
        Map<String, Object> read = MAPPER.readValue(p, LinkedHashMap.class);
        return Collections.unmodifiableMap(read);
    }

    /** The tag, checked to be written exactly as the format says: the last property, at the very end. */
    private static byte[] tag(JsonParser p, byte[] message, @Nullable String topic) {
        String text = p.currentToken() == JsonToken.VALUE_STRING ? p.getString() : "";
        byte[] decoded = null;
        if (text.length() == TAG_CHARS && endsWithTag(message, text)) {
            try {
                decoded = Base64.getUrlDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                decoded = null;
            }
        }
        if (decoded == null || decoded.length != ReferenceMessages.tagLength()) {
            throw new UntrustedEventException(topic == null ? "" : topic, "", "its tag is not the "
                    + TAG_CHARS + " base64url characters of the format at the end of the message, so it cannot"
                    + " verify", null);
        }
        return decoded;
    }

    private static boolean endsWithTag(byte[] message, String text) {
        int at = message.length - TAG_SUFFIX_BYTES;
        if (at < 0) {
            return false;
        }
        for (int i = 0; i < TAG_PREFIX.length; i++) {
            if (message[at + i] != TAG_PREFIX[i]) {
                return false;
            }
        }
        byte[] chars = text.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < TAG_CHARS; i++) {
            if (message[at + TAG_PREFIX.length + i] != chars[i]) {
                return false;
            }
        }
        return message[message.length - 2] == '"' && message[message.length - 1] == '}';
    }

    /** The topic of a message of another version, if it names one at its top level; best effort, for messages only. */
    private static @Nullable String scanTopic(JsonParser p) {
        try {
            for (String name = p.nextName(); name != null; name = p.nextName()) {
                JsonToken token = p.nextToken();
                if ("topic".equals(name) && token == JsonToken.VALUE_STRING) {
                    return p.getString();
                }
                p.skipChildren();
            }
        } catch (JacksonException e) {
            return null;
        }
        return null;
    }

    private static StreamException malformed(@Nullable String topic, String problem) {
        return new StreamException("Invalid stream event" + onTopic(topic) + ": " + problem);
    }

    private static String onTopic(@Nullable String topic) {
        return topic == null ? "" : " on topic '" + shorten(topic) + "'";
    }

    /** Text from a message, cut to a length fit for an error message: it may come from hostile input. */
    static String shorten(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }
}
