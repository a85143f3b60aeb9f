package dev.proxystore.sample;

import java.util.Objects;

/**
 * A dense feature matrix: {@code rows} samples by {@code cols} features, row-major. The large object of the sample:
 * tens of megabytes that the pipeline passes around by reference.
 *
 * <p>Not final, and every method is overridable, so that ProxyStore can hand out lazy class proxies of it: a proxy is
 * a generated subclass whose methods resolve the real matrix from the store on first use and then delegate to it.
 * (A final method would run on the empty proxy instead.) For the same reason the methods read the fields of
 * {@code this} only, never the fields of another matrix, which might be a proxy.
 */
public class FeatureMatrix {

    private final int rows;
    private final int cols;
    private final double[] values;

    /**
     * A matrix over {@code values} (not copied), row-major: element (r, c) is {@code values[r * cols + c]}.
     *
     * @throws IllegalArgumentException if a dimension is not positive or {@code values} has the wrong length
     */
    public FeatureMatrix(int rows, int cols, double[] values) {
        Objects.requireNonNull(values, "values");
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("dimensions must be positive: " + rows + "x" + cols);
        }
        if ((long) rows * cols != values.length) {
            throw new IllegalArgumentException(rows + "x" + cols + " matrix needs " + (long) rows * cols
                    + " values, got " + values.length);
        }
        this.rows = rows;
        this.cols = cols;
        this.values = values;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public double get(int row, int col) {
        Objects.checkIndex(row, rows);
        Objects.checkIndex(col, cols);
        return values[row * cols + col];
    }

    /** The values, row-major; the matrix's own array, not a copy: do not modify. */
    public double[] values() {
        return values;
    }

    /** The size of the values in memory, in bytes. */
    public long sizeInBytes() {
        return 8L * values.length;
    }

    /** The mean of each column (feature). */
    public double[] columnMeans() {
        double[] sums = new double[cols];
        for (int r = 0; r < rows; r++) {
            int offset = r * cols;
            for (int c = 0; c < cols; c++) {
                sums[c] += values[offset + c];
            }
        }
        for (int c = 0; c < cols; c++) {
            sums[c] /= rows;
        }
        return sums;
    }

    /** The Euclidean (L2) norm of each column. */
    public double[] columnNorms() {
        double[] squares = new double[cols];
        for (int r = 0; r < rows; r++) {
            int offset = r * cols;
            for (int c = 0; c < cols; c++) {
                double v = values[offset + c];
                squares[c] += v * v;
            }
        }
        for (int c = 0; c < cols; c++) {
            squares[c] = Math.sqrt(squares[c]);
        }
        return squares;
    }

    /** The Frobenius norm: the square root of the sum of all squared elements. */
    public double frobeniusNorm() {
        double sum = 0;
        for (double v : values) {
            sum += v * v;
        }
        return Math.sqrt(sum);
    }

    @Override
    public String toString() {
        return "FeatureMatrix[" + rows + "x" + cols + "]";
    }
}
