package dev.proxystore.connector;

import java.nio.ByteBuffer;
import java.util.function.Function;

/**
 * A reader for {@link BufferConnector#get(String, long, Function)} that can also take a large value in parts, as a
 * connector receives it: {@link #start} with a look at the first bytes, then, if it said yes, {@link #accept} for every
 * part in order from the first byte, then {@link #finish}. A connector that does not receive values in parts, or a
 * value the reader declines, goes through {@link #apply} with the whole value as before.
 *
 * @param <T> what the reader makes of the value
 */
public interface PartReader<T> extends Function<ByteBuffer, T> {

    /**
     * Whether to take the value of {@code size} bytes in parts; {@code start} holds its first bytes (at least
     * {@code min(size, 64)}, valid during the call, not consumed).
     */
    boolean start(ByteBuffer start, int size);

    /** The next bytes of the value: all remaining ones of {@code part}, valid during the call. */
    void accept(ByteBuffer part);

    /** What the reader made of the value, once every part was accepted. */
    T finish();
}
