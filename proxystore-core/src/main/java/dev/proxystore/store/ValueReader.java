package dev.proxystore.store;

import dev.proxystore.connector.PartReader;
import dev.proxystore.serialize.PartialDecoder;
import dev.proxystore.serialize.Serializer;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How the store reads a value from a buffer connector with a serializer: decoded where the connector holds it when
 * that is a bulk copy, else copied out; a large value in parts as it arrives, where the serializer can decode it so.
 * A decoding failure is kept in the {@link Read}, never thrown on the connector's thread, and the remaining parts are
 * still taken, so the connector's connection stays usable. One use only.
 */
final class ValueReader implements PartReader<Read> {

    private final Serializer serializer;
    private @Nullable PartialDecoder decoder;
    private @Nullable RuntimeException failure;
    private int size;

    ValueReader(Serializer serializer) {
        this.serializer = serializer;
    }

    @Override
    public Read apply(ByteBuffer buffer) {
        return serializer.readsInPlace(buffer)
                ? Read.decoded(buffer.remaining(), () -> serializer.deserializeFrom(buffer))
                : Read.copied(buffer);
    }

    @Override
    public boolean start(ByteBuffer start, int size) {
        this.size = size;
        this.failure = null;
        try {
            decoder = serializer.partialDecoder(start, size).orElse(null);
            return decoder != null;
        } catch (RuntimeException e) {
            failure = e;
            return true;
        }
    }

    @Override
    public void accept(ByteBuffer part) {
        if (failure != null || decoder == null) {
            return;
        }
        try {
            decoder.accept(part);
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    @Override
    public Read finish() {
        RuntimeException failed = failure;
        return Read.decoded(size, () -> {
            if (failed != null) {
                throw failed;
            }
            return Objects.requireNonNull(decoder, "decoder").finish();
        });
    }
}
