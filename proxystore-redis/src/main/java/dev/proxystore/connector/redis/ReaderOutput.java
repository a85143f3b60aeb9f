package dev.proxystore.connector.redis;

import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.CommandOutput;
import java.nio.ByteBuffer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The reply of a GET handed to a reader while Lettuce still holds the bytes, so they are copied or decoded once.
 * A reader's failure is kept for the caller rather than thrown on the I/O thread.
 */
final class ReaderOutput<T> extends CommandOutput<byte[], byte[], @Nullable T> {

    private final Function<ByteBuffer, T> reader;
    private @Nullable RuntimeException failure;

    ReaderOutput(Function<ByteBuffer, T> reader) {
        super(ByteArrayCodec.INSTANCE, null);
        this.reader = reader;
    }

    @Override
    public void set(@Nullable ByteBuffer bytes) {
        if (bytes == null) {
            output = null;
            return;
        }
        try {
            output = reader.apply(bytes);
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    @Nullable RuntimeException failure() {
        return failure;
    }
}
