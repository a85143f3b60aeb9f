package dev.proxystore.sample;

import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /jobs}; every field is optional and defaults to {@code sample.job.*}.
 *
 * @param matrices how many feature matrices to produce
 * @param rows rows (samples) per matrix
 * @param cols columns (features) per matrix
 * @param seed seed of the generated values
 */
public record JobRequest(@Nullable Integer matrices, @Nullable Integer rows, @Nullable Integer cols,
        @Nullable Long seed) {

    /** A request with every field set: the given values, else the defaults. */
    JobSpec resolve(SampleProperties.Job defaults) {
        return new JobSpec(
                matrices != null ? matrices : defaults.matrices(),
                rows != null ? rows : defaults.rows(),
                cols != null ? cols : defaults.cols(),
                seed != null ? seed : defaults.seed());
    }

    /** A job's size, complete. */
    public record JobSpec(int matrices, int rows, int cols, long seed) {

        /** Bytes of one matrix's values. */
        public long matrixBytes() {
            return 8L * rows * cols;
        }

        /** Bytes of all matrices' values. */
        public long jobBytes() {
            return matrices * matrixBytes();
        }

        /**
         * Checks this job against {@code limits}.
         *
         * @throws InvalidJobException naming what is wrong and the limit, with the property that sets it
         */
        void validate(SampleProperties.Limits limits) {
            if (matrices < 1 || rows < 1 || cols < 1) {
                throw new InvalidJobException("matrices, rows and cols must be at least 1, got matrices=" + matrices
                        + ", rows=" + rows + ", cols=" + cols);
            }
            if (matrices > limits.maxMatrices()) {
                throw new InvalidJobException(matrices + " matrices exceed the limit of " + limits.maxMatrices()
                        + " per job (sample.limits.max-matrices)");
            }
            if (matrixBytes() > limits.maxMatrixSize().toBytes()) {
                throw new InvalidJobException("a " + rows + "x" + cols + " matrix is " + Bytes.format(matrixBytes())
                        + ", more than the limit of " + Bytes.format(limits.maxMatrixSize().toBytes())
                        + " per matrix (sample.limits.max-matrix-size)");
            }
            if (jobBytes() > limits.maxJobSize().toBytes()) {
                throw new InvalidJobException(matrices + " matrices of " + Bytes.format(matrixBytes()) + " are "
                        + Bytes.format(jobBytes()) + ", more than the limit of "
                        + Bytes.format(limits.maxJobSize().toBytes()) + " per job (sample.limits.max-job-size)");
            }
        }

        @Override
        public String toString() {
            return matrices + " matrices of " + rows + "x" + cols + " (" + Bytes.format(matrixBytes()) + " each)";
        }
    }

    /** A job request that is invalid or too large: HTTP 400. */
    public static final class InvalidJobException extends RuntimeException {

        InvalidJobException(String message) {
            super(message);
        }
    }
}
