package dev.proxystore.benchmarks.compare;

import dev.proxystore.serialize.DefaultSerializer;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A value to store, and its {@link DefaultSerializer} envelope (what the raw {@code RedisTemplate} floor writes).
 *
 * @param kind {@code byte[]} or {@code double[]}
 * @param size size of the value's data in bytes
 * @param value the array
 * @param serialized the value serialized once, up front
 */
record Payload(String kind, int size, Object value, byte[] serialized) {

    static final String BYTES = "byte[]";
    static final String DOUBLES = "double[]";

    /** Random contents (incompressible), fixed seed. */
    static Payload of(String kind, int size) {
        SplittableRandom random = new SplittableRandom(size * 31L + kind.hashCode());
        Object value;
        if (kind.equals(BYTES)) {
            byte[] bytes = new byte[size];
            for (int i = 0; i < bytes.length; i += 8) {
                long bits = random.nextLong();
                for (int j = 0; j < 8 && i + j < bytes.length; j++) {
                    bytes[i + j] = (byte) (bits >>> (8 * j));
                }
            }
            value = bytes;
        } else if (kind.equals(DOUBLES)) {
            if (size % Double.BYTES != 0) {
                throw new IllegalArgumentException("double[] size must be a multiple of 8: " + size);
            }
            double[] doubles = new double[size / Double.BYTES];
            for (int i = 0; i < doubles.length; i++) {
                doubles[i] = random.nextDouble();
            }
            value = doubles;
        } else {
            throw new IllegalArgumentException("unknown payload kind " + kind);
        }
        return new Payload(kind, size, value, DefaultSerializer.create().serialize(value));
    }

    /** Whether {@code read} is this payload's value, or its serialized bytes (what the floor reads back). */
    boolean matches(Object read) {
        if (read instanceof byte[] bytes && Arrays.equals(bytes, serialized)) {
            return true;
        }
        if (value instanceof byte[] bytes) {
            return read instanceof byte[] other && Arrays.equals(bytes, other);
        }
        return read instanceof double[] other && Arrays.equals((double[]) value, other);
    }

    @Override
    public String toString() {
        return kind + " " + Report.formatSize(size);
    }
}
