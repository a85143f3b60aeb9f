package dev.proxystore.serialize;

import java.nio.ByteBuffer;

/**
 * Builds one object from its payload as the payload arrives in parts, so that a connector can decode a large value
 * from its receive buffer part by part, while the bytes are still in the processor's cache, instead of gathering the
 * whole value first. Made by {@link Serializer#partialDecoder}; used once, by one thread.
 */
public interface PartialDecoder {

    /**
     * Takes the next bytes of the payload: all remaining ones of {@code part}, which is valid only during the call.
     *
     * @throws SerializationException if the bytes go beyond the payload's announced size
     */
    void accept(ByteBuffer part);

    /**
     * The object, once every byte of the payload was accepted.
     *
     * @throws SerializationException if bytes are missing
     */
    Object finish();
}
