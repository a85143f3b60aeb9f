package dev.proxystore.sample;

import dev.proxystore.serialize.SerializationException;
import dev.proxystore.serialize.Serializer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes a {@link FeatureMatrix} as its raw doubles behind a 12-byte header, so a 16 MiB matrix is stored as
 * 16 MiB and copied at memory speed. The store's default serializer would write the object through JSON, as
 * decimal text (about 2.5 times the size, and about a second per 16 MiB).
 *
 * <p>Used per proxy ({@code ProxyOptions.withSerializer}); the proxy's factory names this class, and a process that
 * resolves the proxy creates it through the public no-argument constructor. Reading checks the header and the
 * length and instantiates nothing but a {@code FeatureMatrix}.
 */
public final class FeatureMatrixSerializer implements Serializer {

    /** "PSM1": ProxyStore sample matrix, format 1. */
    private static final int MAGIC = 0x50534D31;
    private static final int HEADER = 12;

    /** The shared instance; any instance reads and writes the same format. */
    public static final FeatureMatrixSerializer INSTANCE = new FeatureMatrixSerializer();

    public FeatureMatrixSerializer() {
    }

    /** The number of bytes {@link #serialize} writes for {@code matrix}. */
    public static long encodedSize(FeatureMatrix matrix) {
        return HEADER + matrix.sizeInBytes();
    }

    @Override
    public byte[] serialize(Object obj) {
        if (!(obj instanceof FeatureMatrix matrix)) {
            throw new SerializationException(getClass().getSimpleName() + " writes FeatureMatrix objects only, not "
                    + (obj == null ? "null" : obj.getClass().getName()));
        }
        long size = encodedSize(matrix);
        if (size > Integer.MAX_VALUE - 8) {
            throw new SerializationException(matrix + " is too large for one stored object");
        }
        byte[] data = new byte[(int) size];
        ByteBuffer buffer = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(MAGIC).putInt(matrix.rows()).putInt(matrix.cols());
        buffer.asDoubleBuffer().put(matrix.values());
        return data;
    }

    @Override
    public Object deserialize(byte[] data) {
        if (data.length < HEADER) {
            throw new SerializationException("not a feature matrix: " + data.length + " bytes");
        }
        ByteBuffer buffer = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        if (buffer.getInt() != MAGIC) {
            throw new SerializationException("not a feature matrix: unknown header");
        }
        int rows = buffer.getInt();
        int cols = buffer.getInt();
        if (rows <= 0 || cols <= 0 || HEADER + 8L * rows * cols != data.length) {
            throw new SerializationException("corrupt feature matrix: " + rows + "x" + cols + " in " + data.length
                    + " bytes");
        }
        double[] values = new double[rows * cols];
        buffer.asDoubleBuffer().get(values);
        return new FeatureMatrix(rows, cols, values);
    }
}
