package dev.proxystore.sample;

import java.util.SplittableRandom;

/** Generates the sample's feature matrices. */
public final class Matrices {

    private Matrices() {
    }

    /**
     * A reproducible {@code rows x cols} matrix: column {@code c} holds samples of a normal distribution with mean
     * {@code c / cols} and standard deviation 1, drawn from a generator seeded with {@code seed}.
     */
    public static FeatureMatrix generate(int rows, int cols, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[Math.multiplyExact(rows, cols)];
        for (int r = 0; r < rows; r++) {
            int offset = r * cols;
            for (int c = 0; c < cols; c++) {
                values[offset + c] = (double) c / cols + random.nextGaussian();
            }
        }
        return new FeatureMatrix(rows, cols, values);
    }

    /** The seed of matrix {@code index} of a job seeded with {@code jobSeed}. */
    public static long seedOf(long jobSeed, int index) {
        return jobSeed * 1_000_003L + index;
    }
}
