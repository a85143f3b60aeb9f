package dev.proxystore.benchmarks.compare;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One measured row: a case (what was done), a payload kind and size, a system, and latency statistics. Rows that are
 * not latencies (a size in bytes, a throughput in GB/s) leave the latency fields {@code NaN} and carry their value in
 * {@link #extra()}.
 *
 * @param caseName what was measured, for example {@code redis.put+get}
 * @param payload the payload kind, for example {@code byte[]}
 * @param size payload size in bytes (0 when not applicable)
 * @param system which implementation, for example {@code proxystore}
 * @param threads how many threads ran the operation
 * @param samples how many latency samples (or batches) the statistics come from
 * @param p50Us median latency in microseconds
 * @param p99Us 99th percentile latency in microseconds
 * @param opsPerS operations per second (all threads together)
 * @param extra further fields written to the JSON line, in order
 */
public record Measurement(String caseName, String payload, long size, String system, int threads, int samples,
        double p50Us, double p99Us, double opsPerS, Map<String, Object> extra) {

    public Measurement {
        Objects.requireNonNull(caseName, "caseName");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(system, "system");
        extra = Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    /** Latency statistics of single-threaded samples, in nanoseconds, one operation each. */
    public static Measurement ofLatencies(String caseName, String payload, long size, String system,
            long[] nanos) {
        if (nanos.length == 0) {
            throw new IllegalArgumentException("no samples for " + caseName + " " + system);
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double totalNanos = 0;
        for (long n : sorted) {
            totalNanos += n;
        }
        return new Measurement(caseName, payload, size, system, 1, sorted.length,
                percentile(sorted, 50) / 1_000.0, percentile(sorted, 99) / 1_000.0,
                sorted.length / (totalNanos / 1e9), Map.of());
    }

    /**
     * Statistics of batches timed as a whole: {@code batchNanos[i]} is the time of {@code opsPerBatch} operations.
     * The percentiles are of the per-operation mean of each batch.
     */
    public static Measurement ofBatches(String caseName, String payload, long size, String system,
            long[] batchNanos, int opsPerBatch) {
        double[] perOp = new double[batchNanos.length];
        double total = 0;
        for (int i = 0; i < batchNanos.length; i++) {
            perOp[i] = (double) batchNanos[i] / opsPerBatch;
            total += batchNanos[i];
        }
        Arrays.sort(perOp);
        return new Measurement(caseName, payload, size, system, 1, batchNanos.length,
                percentile(perOp, 50) / 1_000.0, percentile(perOp, 99) / 1_000.0,
                (double) batchNanos.length * opsPerBatch / (total / 1e9), Map.of("ops_per_batch", opsPerBatch));
    }

    /** A row holding one value that is not a latency. */
    public static Measurement ofValue(String caseName, String payload, long size, String system, String key,
            Object value) {
        return new Measurement(caseName, payload, size, system, 1, 1, Double.NaN, Double.NaN, Double.NaN,
                Map.of(key, value));
    }

    /** A copy with one more extra field (replacing an existing one of that name). */
    public Measurement with(String key, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(extra);
        more.put(key, value);
        return new Measurement(caseName, payload, size, system, threads, samples, p50Us, p99Us, opsPerS, more);
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
    }
}
