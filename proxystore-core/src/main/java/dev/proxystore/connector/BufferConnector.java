package dev.proxystore.connector;

import dev.proxystore.serialize.Payload;
import java.nio.ByteBuffer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A connector that moves serialized objects through its own buffers without intermediate arrays: a payload is
 * written straight into the outgoing buffer, and a reader decodes straight from the incoming one.
 */
public interface BufferConnector extends Connector {

    /** Stores {@code payload} under a new key, writing it straight into the connector's own buffer. */
    String put(Payload payload);

    /**
     * Reads {@code key} and hands its bytes to {@code reader} while they are valid, possibly on an I/O thread (so
     * the reader only copies or decodes them, and keeps no reference to the buffer); {@code null} when missing.
     *
     * @throws ObjectTooLargeException if the object has more than {@code maxBytes}
     */
    <T> @Nullable T get(String key, long maxBytes, Function<ByteBuffer, T> reader);
}
