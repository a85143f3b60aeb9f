package dev.proxystore.serialize;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * Collects an envelope whose body length is known only at the end: the header is reserved up front and filled in by
 * {@link #finish}, which returns the exact-size envelope. Refuses to grow beyond a limit.
 */
final class EnvelopeOutputStream extends OutputStream {

    private final long limit;
    private byte[] buffer;
    private int count;

    EnvelopeOutputStream(long limit) {
        this.limit = Math.min(limit, Envelope.MAX_ARRAY_SIZE);
        this.buffer = new byte[256];
        this.count = Envelope.HEADER_SIZE;
    }

    @Override
    public void write(int b) {
        ensureCapacity(1);
        buffer[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ensureCapacity(len);
        System.arraycopy(b, off, buffer, count, len);
        count += len;
    }

    void writeShort(int value) {
        ensureCapacity(2);
        Envelope.writeShort(buffer, count, value);
        count += 2;
    }

    /** Fills in the header and returns the envelope. */
    byte[] finish(byte format) {
        Envelope.writeHeader(buffer, format, count - Envelope.HEADER_SIZE);
        return buffer.length == count ? buffer : Arrays.copyOf(buffer, count);
    }

    private void ensureCapacity(int extra) {
        long needed = (long) count + extra;
        if (needed > limit) {
            throw new SerializationException("serialized form exceeds the maximum payload size of " + limit
                    + " bytes");
        }
        if (needed > buffer.length) {
            long grown = Math.max(needed, Math.min((long) buffer.length * 2, limit));
            buffer = Arrays.copyOf(buffer, (int) grown);
        }
    }
}
