package dev.proxystore.serialize;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Hand-built envelopes, written from the layout documented on {@link DefaultSerializer}. */
final class Envelopes {

    static final byte[] MAGIC = {'P', 'X', 'S', (byte) 0xF0};
    static final int HEADER_SIZE = 10;

    private Envelopes() {
    }

    static byte[] envelope(int version, int format, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(MAGIC);
        out.write(version);
        out.write(format);
        writeInt(out, body.length);
        out.writeBytes(body);
        return out.toByteArray();
    }

    static byte[] json(String rootClass, String keyClass, String document) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeName(body, rootClass);
        writeName(body, keyClass);
        body.writeBytes(document.getBytes(StandardCharsets.UTF_8));
        return envelope(1, 10, body.toByteArray());
    }

    static byte[] json(String rootClass, String document) {
        return json(rootClass, "", document);
    }

    /** The JSON document of a JSON envelope, for asserting on what was written. */
    static String document(byte[] envelope) {
        int offset = HEADER_SIZE;
        offset += 2 + readShort(envelope, offset);
        offset += 2 + readShort(envelope, offset);
        return new String(envelope, offset, envelope.length - offset, StandardCharsets.UTF_8);
    }

    /** The root class name a JSON envelope records. */
    static String rootClass(byte[] envelope) {
        return new String(envelope, HEADER_SIZE + 2, readShort(envelope, HEADER_SIZE), StandardCharsets.UTF_8);
    }

    static int readInt(byte[] data, int offset) {
        return (data[offset] & 0xFF) | (data[offset + 1] & 0xFF) << 8 | (data[offset + 2] & 0xFF) << 16
                | (data[offset + 3] & 0xFF) << 24;
    }

    static void putInt(byte[] data, int offset, int value) {
        for (int i = 0; i < 4; i++) {
            data[offset + i] = (byte) (value >>> (8 * i));
        }
    }

    private static int readShort(byte[] data, int offset) {
        return (data[offset] & 0xFF) | (data[offset + 1] & 0xFF) << 8;
    }

    private static void writeName(ByteArrayOutputStream out, String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        out.write(bytes.length);
        out.write(bytes.length >>> 8);
        out.writeBytes(bytes);
    }

    private static void writeInt(ByteArrayOutputStream out, int value) {
        for (int i = 0; i < 4; i++) {
            out.write(value >>> (8 * i));
        }
    }
}
