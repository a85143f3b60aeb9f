package dev.proxystore.serialize;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.jspecify.annotations.Nullable;

/** The fast paths: primitive arrays as little-endian element bytes, copied in bulk through buffer views. */
final class PrimitiveArrays {

    private PrimitiveArrays() {
    }

    /** The envelope format for {@code obj} if it is a primitive array with a fast path, else 0. */
    static byte formatOf(Object obj) {
        if (obj instanceof double[]) {
            return Envelope.DOUBLE_ARRAY;
        } else if (obj instanceof long[]) {
            return Envelope.LONG_ARRAY;
        } else if (obj instanceof int[]) {
            return Envelope.INT_ARRAY;
        } else if (obj instanceof float[]) {
            return Envelope.FLOAT_ARRAY;
        } else if (obj instanceof short[]) {
            return Envelope.SHORT_ARRAY;
        } else if (obj instanceof char[]) {
            return Envelope.CHAR_ARRAY;
        } else if (obj instanceof boolean[]) {
            return Envelope.BOOLEAN_ARRAY;
        }
        return 0;
    }

    /** Whether the format is an array copied in bulk (every primitive array but boolean). */
    static boolean isBulkFormat(byte format) {
        return format >= Envelope.CHAR_ARRAY && format <= Envelope.DOUBLE_ARRAY;
    }

    static int elementSize(byte format) {
        return switch (format) {
            case Envelope.DOUBLE_ARRAY, Envelope.LONG_ARRAY -> 8;
            case Envelope.INT_ARRAY, Envelope.FLOAT_ARRAY -> 4;
            case Envelope.SHORT_ARRAY, Envelope.CHAR_ARRAY -> 2;
            case Envelope.BOOLEAN_ARRAY -> 1;
            default -> throw new IllegalArgumentException("not an array format: " + format);
        };
    }

    static int length(Object array, byte format) {
        return switch (format) {
            case Envelope.DOUBLE_ARRAY -> ((double[]) array).length;
            case Envelope.LONG_ARRAY -> ((long[]) array).length;
            case Envelope.INT_ARRAY -> ((int[]) array).length;
            case Envelope.FLOAT_ARRAY -> ((float[]) array).length;
            case Envelope.SHORT_ARRAY -> ((short[]) array).length;
            case Envelope.CHAR_ARRAY -> ((char[]) array).length;
            case Envelope.BOOLEAN_ARRAY -> ((boolean[]) array).length;
            default -> throw new IllegalArgumentException("not an array format: " + format);
        };
    }

    /** Copies the elements of {@code array} into {@code out} from {@code offset}; {@code out} has room for them. */
    static void encode(Object array, byte format, byte[] out, int offset) {
        if (format == Envelope.BOOLEAN_ARRAY) {
            boolean[] values = (boolean[]) array;
            for (int i = 0; i < values.length; i++) {
                out[offset + i] = values[i] ? (byte) 1 : (byte) 0;
            }
            return;
        }
        encode(array, format, ByteBuffer.wrap(out, offset, out.length - offset));
    }

    /**
     * The array of {@code length} bytes at {@code offset}, or null if they are not a whole number of elements or
     * hold a boolean other than 0 or 1.
     */
    static @Nullable Object decode(byte format, byte[] data, int offset, int length) {
        int size = elementSize(format);
        if (length % size != 0) {
            return null;
        }
        int count = length / size;
        if (format == Envelope.BOOLEAN_ARRAY) {
            boolean[] values = new boolean[count];
            for (int i = 0; i < count; i++) {
                byte b = data[offset + i];
                if ((b & ~1) != 0) {
                    return null;
                }
                values[i] = b != 0;
            }
            return values;
        }
        return decode(format, ByteBuffer.wrap(data, offset, length));
    }

    /** Writes the elements of {@code array} (not boolean) at the target's position, advancing it. */
    static void encode(Object array, byte format, ByteBuffer target) {
        int bytes = length(array, format) * elementSize(format);
        ByteBuffer view = target.slice().order(ByteOrder.LITTLE_ENDIAN);
        switch (format) {
            case Envelope.DOUBLE_ARRAY -> view.asDoubleBuffer().put((double[]) array);
            case Envelope.LONG_ARRAY -> view.asLongBuffer().put((long[]) array);
            case Envelope.INT_ARRAY -> view.asIntBuffer().put((int[]) array);
            case Envelope.FLOAT_ARRAY -> view.asFloatBuffer().put((float[]) array);
            case Envelope.SHORT_ARRAY -> view.asShortBuffer().put((short[]) array);
            case Envelope.CHAR_ARRAY -> view.asCharBuffer().put((char[]) array);
            default -> throw new IllegalArgumentException("not a bulk array format: " + format);
        }
        target.position(target.position() + bytes);
    }

    /**
     * Writes the elements of {@code array} (not boolean) from index {@code from} at the target's position, as many
     * whole elements as fit, advancing it; returns the index after the last element written.
     */
    static int encode(Object array, byte format, int from, ByteBuffer target) {
        int size = elementSize(format);
        int count = Math.min(length(array, format) - from, target.remaining() / size);
        ByteBuffer view = target.slice().order(ByteOrder.LITTLE_ENDIAN);
        switch (format) {
            case Envelope.DOUBLE_ARRAY -> view.asDoubleBuffer().put((double[]) array, from, count);
            case Envelope.LONG_ARRAY -> view.asLongBuffer().put((long[]) array, from, count);
            case Envelope.INT_ARRAY -> view.asIntBuffer().put((int[]) array, from, count);
            case Envelope.FLOAT_ARRAY -> view.asFloatBuffer().put((float[]) array, from, count);
            case Envelope.SHORT_ARRAY -> view.asShortBuffer().put((short[]) array, from, count);
            case Envelope.CHAR_ARRAY -> view.asCharBuffer().put((char[]) array, from, count);
            default -> throw new IllegalArgumentException("not a bulk array format: " + format);
        }
        target.position(target.position() + count * size);
        return from + count;
    }

    /** A new array (not boolean) of {@code count} elements of {@code format}. */
    static Object newArray(byte format, int count) {
        return switch (format) {
            case Envelope.DOUBLE_ARRAY -> new double[count];
            case Envelope.LONG_ARRAY -> new long[count];
            case Envelope.INT_ARRAY -> new int[count];
            case Envelope.FLOAT_ARRAY -> new float[count];
            case Envelope.SHORT_ARRAY -> new short[count];
            case Envelope.CHAR_ARRAY -> new char[count];
            default -> throw new IllegalArgumentException("not a bulk array format: " + format);
        };
    }

    /**
     * Decodes the whole elements among the remaining bytes of {@code source} into {@code array} from index
     * {@code from} on, advancing {@code source} past them; the index after the last one decoded.
     */
    static int decodeInto(Object array, byte format, int from, ByteBuffer source) {
        int size = elementSize(format);
        int count = Math.min(length(array, format) - from, source.remaining() / size);
        ByteBuffer view = source.slice().order(ByteOrder.LITTLE_ENDIAN);
        switch (format) {
            case Envelope.DOUBLE_ARRAY -> view.asDoubleBuffer().get((double[]) array, from, count);
            case Envelope.LONG_ARRAY -> view.asLongBuffer().get((long[]) array, from, count);
            case Envelope.INT_ARRAY -> view.asIntBuffer().get((int[]) array, from, count);
            case Envelope.FLOAT_ARRAY -> view.asFloatBuffer().get((float[]) array, from, count);
            case Envelope.SHORT_ARRAY -> view.asShortBuffer().get((short[]) array, from, count);
            case Envelope.CHAR_ARRAY -> view.asCharBuffer().get((char[]) array, from, count);
            default -> throw new IllegalArgumentException("not a bulk array format: " + format);
        }
        source.position(source.position() + count * size);
        return from + count;
    }

    /** The array (not boolean) in the remaining bytes of {@code body}, or null if not a whole number of elements. */
    static @Nullable Object decode(byte format, ByteBuffer body) {
        int size = elementSize(format);
        if (body.remaining() % size != 0) {
            return null;
        }
        int count = body.remaining() / size;
        ByteBuffer view = body.slice().order(ByteOrder.LITTLE_ENDIAN);
        switch (format) {
            case Envelope.DOUBLE_ARRAY -> {
                double[] values = new double[count];
                view.asDoubleBuffer().get(values);
                return values;
            }
            case Envelope.LONG_ARRAY -> {
                long[] values = new long[count];
                view.asLongBuffer().get(values);
                return values;
            }
            case Envelope.INT_ARRAY -> {
                int[] values = new int[count];
                view.asIntBuffer().get(values);
                return values;
            }
            case Envelope.FLOAT_ARRAY -> {
                float[] values = new float[count];
                view.asFloatBuffer().get(values);
                return values;
            }
            case Envelope.SHORT_ARRAY -> {
                short[] values = new short[count];
                view.asShortBuffer().get(values);
                return values;
            }
            case Envelope.CHAR_ARRAY -> {
                char[] values = new char[count];
                view.asCharBuffer().get(values);
                return values;
            }
            default -> throw new IllegalArgumentException("not a bulk array format: " + format);
        }
    }
}
