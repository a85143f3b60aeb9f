package dev.proxystore.benchmarks.compare;

import com.sun.management.OperatingSystemMXBean;
import dev.proxystore.benchmarks.compare.RedisSystems.RedisSystem;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * Put+get throughput with 1 and with N threads sharing one system (for the Redis systems: one multiplexed
 * connection). Keys are not deleted while the clock runs; the caller flushes the private server afterwards.
 */
final class ThreadScaling {

    static final String CASE = "redis.put+get.throughput";
    /** JSON field: ops/s divided by the floor's ops/s at the same thread count. */
    static final String RATIO = "ratio_ops_per_s";

    private ThreadScaling() {
    }

    /**
     * Put+get pairs per second of each system at each thread count: {@code rounds} runs of {@code seconds} each
     * (after one untimed run of a third of that), interleaved (round by round, every system and thread count in
     * turn); the median run of each, with its ratio to the floor's (when the floor is among the systems).
     * {@code afterRun} is called after every run (to drop the written keys).
     */
    static List<Measurement> throughput(List<RedisSystem> systems, Payload payload, int[] threadCounts,
            double seconds, int rounds, Runnable afterRun, LongSupplier serverCpuNanos) throws InterruptedException {
        int n = systems.size();
        double[][][] rates = new double[n][threadCounts.length][rounds];
        long[][][] medians = new long[n][threadCounts.length][rounds];
        double[][][] clientCores = new double[n][threadCounts.length][rounds];
        double[][][] serverCores = new double[n][threadCounts.length][rounds];
        for (int s = 0; s < n; s++) {
            for (int threads : threadCounts) {
                run(systems.get(s), payload, threads, seconds / 3, serverCpuNanos);
                afterRun.run();
            }
        }
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < n; k++) {
                int s = (r + k) % n;
                for (int t = 0; t < threadCounts.length; t++) {
                    Result result = run(systems.get(s), payload, threadCounts[t], seconds, serverCpuNanos);
                    afterRun.run();
                    rates[s][t][r] = result.opsPerSecond;
                    medians[s][t][r] = result.medianNanos;
                    clientCores[s][t][r] = result.clientCores;
                    serverCores[s][t][r] = result.serverCores;
                }
            }
        }
        double[] floorRates = null;
        for (int s = 0; s < n; s++) {
            if (systems.get(s).name().equals(RedisSystems.FLOOR)) {
                floorRates = new double[threadCounts.length];
                for (int t = 0; t < threadCounts.length; t++) {
                    floorRates[t] = median(rates[s][t]);
                }
            }
        }
        List<Measurement> results = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            double single = 0;
            for (int t = 0; t < threadCounts.length; t++) {
                long[] sortedMedians = medians[s][t].clone();
                Arrays.sort(sortedMedians);
                double rate = median(rates[s][t]);
                Measurement m = new Measurement(CASE, payload.kind(), payload.size(), systems.get(s).name(),
                        threadCounts[t], rounds, sortedMedians[(rounds - 1) / 2] / 1_000.0, Double.NaN, rate,
                        Map.of());
                if (floorRates != null) {
                    m = m.with(RATIO, Math.round(rate / floorRates[t] * 1000.0) / 1000.0);
                }
                m = m.with("client_cpu_cores", round2(median(clientCores[s][t])))
                        .with("redis_cpu_cores", round2(median(serverCores[s][t])));
                if (threadCounts[t] == 1) {
                    single = rate;
                } else if (single > 0) {
                    m = m.with("scaling_vs_1_thread", Math.round(rate / single * 1000.0) / 1000.0);
                }
                results.add(m);
            }
        }
        return results;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(sorted.length - 1) / 2];
    }

    private static double round2(double value) {
        return Math.round(value * 100.0) / 100.0;
    }

    /** Throughput, median put+get latency, and the CPU cores this JVM and the server used meanwhile. */
    private record Result(double opsPerSecond, long medianNanos, double clientCores, double serverCores) {
    }

    private static Result run(RedisSystem system, Payload payload, int threads, double seconds,
            LongSupplier serverCpuNanos) throws InterruptedException {
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        long[] counts = new long[threads];
        long[][] latencies = new long[threads][];
        long[] finished = new long[threads];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long durationNanos = (long) (seconds * 1e9);
        long[] startedAt = new long[1];
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int index = t;
            Thread worker = new Thread(() -> {
                long[] sample = new long[1 << 16];
                long count = 0;
                try {
                    ready.countDown();
                    go.await();
                    long deadline = startedAt[0] + durationNanos;
                    long now = System.nanoTime();
                    while (now < deadline) {
                        Object handle = system.put(payload);
                        RedisComparison.consume(system.get(handle));
                        long end = System.nanoTime();
                        sample[(int) (count & (sample.length - 1))] = end - now;
                        count++;
                        now = end;
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    finished[index] = System.nanoTime();
                    counts[index] = count;
                    latencies[index] = Arrays.copyOf(sample, (int) Math.min(count, sample.length));
                }
            }, "bench-" + system.name() + "-" + t);
            workers.add(worker);
            worker.start();
        }
        ready.await();
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long clientCpuBefore = os.getProcessCpuTime();
        long serverCpuBefore = serverCpuNanos.getAsLong();
        startedAt[0] = System.nanoTime();
        go.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        double wall = System.nanoTime() - startedAt[0];
        double clientCores = (os.getProcessCpuTime() - clientCpuBefore) / wall;
        long serverCpuAfter = serverCpuNanos.getAsLong();
        double serverCores = serverCpuBefore < 0 || serverCpuAfter < 0 ? Double.NaN
                : (serverCpuAfter - serverCpuBefore) / wall;
        if (failure.get() != null) {
            throw new IllegalStateException(system.name() + " failed under " + threads + " threads", failure.get());
        }
        long total = 0;
        long last = 0;
        int sampleCount = 0;
        for (int t = 0; t < threads; t++) {
            total += counts[t];
            last = Math.max(last, finished[t]);
            sampleCount += latencies[t].length;
        }
        long[] all = new long[sampleCount];
        int at = 0;
        for (long[] l : latencies) {
            System.arraycopy(l, 0, all, at, l.length);
            at += l.length;
        }
        Arrays.sort(all);
        long median = all.length == 0 ? 0 : all[(all.length - 1) / 2];
        return new Result(total / ((last - startedAt[0]) / 1e9), median, clientCores, serverCores);
    }
}
