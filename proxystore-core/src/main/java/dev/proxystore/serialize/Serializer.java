package dev.proxystore.serialize;

/** Turns objects into bytes and back. Implementations are thread-safe. */
public interface Serializer {

    /** The bytes of {@code obj}; {@link SerializationException} if it cannot be serialized. */
    byte[] serialize(Object obj);

    /** The object in {@code data}; {@link SerializationException} for bad, untrusted or truncated data. */
    Object deserialize(byte[] data);
}
