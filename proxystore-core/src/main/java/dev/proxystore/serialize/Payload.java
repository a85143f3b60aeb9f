package dev.proxystore.serialize;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A serialized object that can write itself: a connector copies it straight into its own buffers (Redis' network
 * buffer, say) instead of first into an intermediate array.
 */
public interface Payload {

    /** The number of bytes {@link #writeTo} writes. */
    int size();

    /** Writes exactly {@link #size()} bytes at the buffer's position, advancing it. */
    void writeTo(ByteBuffer target);

    /** The bytes in an array of their own. */
    default byte[] toBytes() {
        byte[] bytes = new byte[size()];
        writeTo(ByteBuffer.wrap(bytes));
        return bytes;
    }

    /** A payload of bytes already serialized; {@link #toBytes()} returns the array itself. */
    static Payload of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return new Payload() {
            @Override
            public int size() {
                return bytes.length;
            }

            @Override
            public void writeTo(ByteBuffer target) {
                target.put(bytes);
            }

            @Override
            public byte[] toBytes() {
                return bytes;
            }
        };
    }
}
