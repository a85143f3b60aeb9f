package dev.proxystore.serialize;

import java.nio.ByteBuffer;
import java.util.Optional;

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

    /**
     * {@code obj} as a {@link Payload}, which a connector may write straight into its own buffers. The default
     * serializes into an array.
     */
    default Payload payload(Object obj) {
        return Payload.of(serialize(obj));
    }

    /**
     * The object in the remaining bytes of {@code data}, which is valid only during the call. The default copies the
     * bytes into an array; serializers may read large bodies straight from the buffer.
     */
    default Object deserializeFrom(ByteBuffer data) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        return deserialize(bytes);
    }

    /**
     * Whether {@link #deserializeFrom(ByteBuffer)} of these bytes is only a bulk copy, cheap enough for an I/O thread;
     * otherwise readers copy the bytes out and deserialize elsewhere. The default says no.
     */
    default boolean readsInPlace(ByteBuffer data) {
        return false;
    }

    /**
     * A decoder that takes a payload of {@code size} bytes in parts, for a payload whose first bytes are the remaining
     * ones of {@code start} (a look only: {@link PartialDecoder#accept} gets every byte from the first); empty, the
     * default, when the payload is to be read whole and handed to {@link #deserializeFrom(ByteBuffer)}.
     *
     * @throws SerializationException if the first bytes already show the payload is corrupt
     */
    default Optional<PartialDecoder> partialDecoder(ByteBuffer start, int size) {
        return Optional.empty();
    }
}
