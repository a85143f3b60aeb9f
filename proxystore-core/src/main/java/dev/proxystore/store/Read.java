package dev.proxystore.store;

import java.nio.ByteBuffer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What a connector read hands back to the store: the object already decoded where the connector held the bytes, or
 * a copy of the bytes to decode on the caller's thread. A decoding failure is kept, not thrown on the I/O thread.
 */
final class Read {

    private final int size;
    private final @Nullable Object value;
    private final byte @Nullable [] bytes;
    private final @Nullable RuntimeException failure;

    private Read(int size, @Nullable Object value, byte @Nullable [] bytes, @Nullable RuntimeException failure) {
        this.size = size;
        this.value = value;
        this.bytes = bytes;
        this.failure = failure;
    }

    static Read decoded(int size, Supplier<Object> decoder) {
        try {
            return new Read(size, decoder.get(), null, null);
        } catch (RuntimeException e) {
            return new Read(size, null, null, e);
        }
    }

    /** Bytes a connector returned as an array of their own; null when missing. */
    static @Nullable Read of(byte @Nullable [] bytes) {
        return bytes == null ? null : new Read(bytes.length, null, bytes, null);
    }

    static Read copied(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return new Read(bytes.length, null, bytes, null);
    }

    int size() {
        return size;
    }

    /** The object: decoded already, or decoded now from the copied bytes. */
    Object value(Function<byte[], Object> decode, Function<RuntimeException, RuntimeException> onFailure) {
        if (failure != null) {
            throw onFailure.apply(failure);
        }
        if (bytes != null) {
            return decode.apply(bytes);
        }
        return java.util.Objects.requireNonNull(value, "decoded value");
    }
}
