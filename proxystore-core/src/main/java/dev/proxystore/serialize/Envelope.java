package dev.proxystore.serialize;

/** Layout constants and header helpers of the envelope described on {@link DefaultSerializer}. */
final class Envelope {

    static final byte[] MAGIC = {'P', 'X', 'S', (byte) 0xF0};
    static final byte VERSION = 1;

    static final byte BYTES = 1;
    static final byte STRING = 2;
    static final byte BOOLEAN_ARRAY = 3;
    static final byte CHAR_ARRAY = 4;
    static final byte SHORT_ARRAY = 5;
    static final byte INT_ARRAY = 6;
    static final byte LONG_ARRAY = 7;
    static final byte FLOAT_ARRAY = 8;
    static final byte DOUBLE_ARRAY = 9;
    static final byte JSON = 10;
    static final byte STRING_UTF16 = 11;

    static final int VERSION_OFFSET = MAGIC.length;
    static final int FORMAT_OFFSET = VERSION_OFFSET + 1;
    static final int LENGTH_OFFSET = FORMAT_OFFSET + 1;
    /** Bytes before the body. */
    static final int HEADER_SIZE = LENGTH_OFFSET + 4;

    /** Largest array the JVM reliably allocates. */
    static final int MAX_ARRAY_SIZE = Integer.MAX_VALUE - 8;

    private Envelope() {
    }

    /** Writes the header for a body of {@code bodyLength} bytes into {@code out} at 0. */
    static void writeHeader(byte[] out, byte format, int bodyLength) {
        System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
        out[VERSION_OFFSET] = VERSION;
        out[FORMAT_OFFSET] = format;
        writeInt(out, LENGTH_OFFSET, bodyLength);
    }

    static void writeInt(byte[] out, int offset, int value) {
        out[offset] = (byte) value;
        out[offset + 1] = (byte) (value >>> 8);
        out[offset + 2] = (byte) (value >>> 16);
        out[offset + 3] = (byte) (value >>> 24);
    }

    static int readInt(byte[] data, int offset) {
        return (data[offset] & 0xFF) | (data[offset + 1] & 0xFF) << 8 | (data[offset + 2] & 0xFF) << 16
                | (data[offset + 3] & 0xFF) << 24;
    }

    static void writeShort(byte[] out, int offset, int value) {
        out[offset] = (byte) value;
        out[offset + 1] = (byte) (value >>> 8);
    }

    static int readUnsignedShort(byte[] data, int offset) {
        return (data[offset] & 0xFF) | (data[offset + 1] & 0xFF) << 8;
    }
}
