package dev.proxystore.serialize;

/** Turns objects into bytes and back. Implementations are thread-safe. */
public interface Serializer {

    /** The bytes of {@code obj}; {@link SerializationException} if it cannot be serialized. */
    byte[] serialize(Object obj);

    /** The object in {@code data}; {@link SerializationException} for bad, untrusted or truncated data. */
    Object deserialize(byte[] data);

    /**
     * The longest serialized form, in bytes, that {@link #deserialize} accepts. A store reads no more than this from
     * its connector, so a larger stored object is refused before it is loaded into memory. Unlimited by default.
     */
    default long maxPayloadSize() {
        return Long.MAX_VALUE;
    }
}
