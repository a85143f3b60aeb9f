package dev.proxystore.serialize;

import java.nio.ByteBuffer;

/**
 * Decodes a {@code byte[]} or primitive-array envelope as it arrives in parts: the header is skipped, the body copied
 * into the array allocated up front, and an element split between two parts is put together in a few bytes of its
 * own.
 */
final class ArrayDecoder implements PartialDecoder {

    private final byte format;
    private final Object array;
    private final int elements;
    private final ByteBuffer split;
    private int headerLeft = Envelope.HEADER_SIZE;
    private int next;

    /** For a body of {@code bodyLength} bytes of {@code format}, already checked to be whole elements. */
    ArrayDecoder(byte format, int bodyLength) {
        this.format = format;
        if (format == Envelope.BYTES) {
            this.array = new byte[bodyLength];
            this.elements = bodyLength;
            this.split = ByteBuffer.allocate(0);
        } else {
            int size = PrimitiveArrays.elementSize(format);
            this.elements = bodyLength / size;
            this.array = PrimitiveArrays.newArray(format, elements);
            this.split = ByteBuffer.allocate(size);
        }
    }

    @Override
    public void accept(ByteBuffer part) {
        int skip = Math.min(headerLeft, part.remaining());
        part.position(part.position() + skip);
        headerLeft -= skip;
        if (!part.hasRemaining()) {
            return;
        }
        if (format == Envelope.BYTES) {
            int count = part.remaining();
            if (count > elements - next) {
                throw tooLong();
            }
            part.get((byte[]) array, next, count);
            next += count;
            return;
        }
        if (split.position() > 0) {
            while (split.hasRemaining() && part.hasRemaining()) {
                split.put(part.get());
            }
            if (split.hasRemaining()) {
                return;
            }
            if (next == elements) {
                throw tooLong();
            }
            next = PrimitiveArrays.decodeInto(array, format, next, split.flip());
            split.clear();
        }
        next = PrimitiveArrays.decodeInto(array, format, next, part);
        if (part.remaining() >= split.capacity()) {
            throw tooLong();
        }
        split.put(part);
    }

    @Override
    public Object finish() {
        if (headerLeft > 0 || next != elements || split.position() > 0) {
            throw new SerializationException("the payload ended before its array was complete: " + next + " of "
                    + elements + " elements");
        }
        return array;
    }

    private static SerializationException tooLong() {
        return new SerializationException("the payload is longer than its envelope header announced");
    }
}
