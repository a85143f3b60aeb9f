package dev.proxystore.serialize;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
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

    /**
     * Writes all {@link #size()} bytes to a blocking {@code channel}, staging them in {@code buffer} chunk by chunk
     * (the caller's buffer, a direct one for a file or socket; used from 0 to its capacity, contents undefined
     * afterwards), so that a large payload needs no array of its own. The default stages {@link #writeTo(ByteBuffer)}
     * when the payload fits the buffer, else the bytes of {@link #toBytes()}.
     */
    default void writeTo(WritableByteChannel channel, ByteBuffer buffer) throws IOException {
        if (size() <= buffer.capacity()) {
            buffer.clear();
            writeTo(buffer);
            drain(buffer, channel);
        } else {
            writeChunks(toBytes(), channel, buffer);
        }
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

            @Override
            public void writeTo(WritableByteChannel channel, ByteBuffer buffer) throws IOException {
                writeChunks(bytes, channel, buffer);
            }
        };
    }

    /** Writes {@code bytes} to {@code channel} through {@code buffer}, as much as it holds at a time. */
    private static void writeChunks(byte[] bytes, WritableByteChannel channel, ByteBuffer buffer)
            throws IOException {
        if (buffer.capacity() == 0) {
            throw new IllegalArgumentException("no room to stage bytes in an empty buffer");
        }
        int offset = 0;
        do {
            buffer.clear();
            int length = Math.min(buffer.remaining(), bytes.length - offset);
            buffer.put(bytes, offset, length);
            offset += length;
            drain(buffer, channel);
        } while (offset < bytes.length);
    }

    /** Writes the bytes {@code buffer} holds, from 0 to its position, to {@code channel}. */
    private static void drain(ByteBuffer buffer, WritableByteChannel channel) throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
