package dev.proxystore.benchmarks.compare;

import dev.proxystore.benchmarks.compare.RedisSystems.RedisSystem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Latency of put, get and put+get on one Redis server. Every iteration writes the payload under a new key (timed:
 * put), reads it back (timed: get; put+get is the two together) and deletes it (untimed). The systems alternate
 * iteration by iteration, so that drift in machine load spreads evenly over them, each iteration in a new random order
 * (fixed seed): in a fixed rotation every system would always follow the same other one, and a client that leaves
 * its I/O threads busy after a reply (Lettuce, Redisson) slows whatever runs right after it.
 */
final class RedisComparison {

    static final String PUT = "redis.put";
    static final String GET = "redis.get";
    static final String PUT_GET = "redis.put+get";

    /** Consumes results so the JIT cannot drop the reads. */
    static volatile long sink;

    private RedisComparison() {
    }

    /**
     * How much to measure per system: {@code warmup} untimed iterations, then up to {@code iterations} timed ones. A
     * system stops early once its timed iterations took {@code budgetSeconds} in total and it has at least
     * {@code minIterations} samples, so that a slow system does not stretch the run; the others go on alternating.
     */
    record Plan(int warmup, int iterations, int minIterations, double budgetSeconds) {
    }

    /** Measures one payload on every system: put, get and put+get rows for each. */
    static List<Measurement> measure(List<RedisSystem> systems, Payload payload, Plan plan) {
        verify(systems, payload);
        int n = systems.size();
        long[][] put = new long[n][plan.iterations()];
        long[][] get = new long[n][plan.iterations()];
        int[] counts = new int[n];
        long[] spent = new long[n];
        long budget = (long) (plan.budgetSeconds() * 1e9);
        int[] order = new int[n];
        Arrays.setAll(order, s -> s);
        SplittableRandom random = new SplittableRandom(n * 31L + payload.size());
        for (int i = -plan.warmup(); ; i++) {
            boolean any = false;
            shuffle(order, random);
            for (int s : order) {
                boolean done = counts[s] >= plan.iterations()
                        || (counts[s] >= plan.minIterations() && spent[s] >= budget);
                if (i >= 0 && done) {
                    continue;
                }
                any = true;
                RedisSystem system = systems.get(s);
                long start = System.nanoTime();
                Object handle = system.put(payload);
                long written = System.nanoTime();
                Object value = system.get(handle);
                long read = System.nanoTime();
                consume(value);
                system.delete(handle);
                if (i >= 0) {
                    put[s][counts[s]] = written - start;
                    get[s][counts[s]] = read - written;
                    spent[s] += read - start;
                    counts[s]++;
                }
            }
            if (!any) {
                break;
            }
        }
        List<Measurement> results = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            long[] puts = Arrays.copyOf(put[s], counts[s]);
            long[] gets = Arrays.copyOf(get[s], counts[s]);
            long[] both = new long[counts[s]];
            for (int k = 0; k < both.length; k++) {
                both[k] = puts[k] + gets[k];
            }
            String name = systems.get(s).name();
            results.add(Measurement.ofLatencies(PUT, payload.kind(), payload.size(), name, puts));
            results.add(Measurement.ofLatencies(GET, payload.kind(), payload.size(), name, gets));
            results.add(Measurement.ofLatencies(PUT_GET, payload.kind(), payload.size(), name, both));
        }
        return results;
    }

    private static void shuffle(int[] order, SplittableRandom random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
    }

    /** Untimed round trips, also checking that every system reads back what it wrote. */
    static void verify(List<RedisSystem> systems, Payload payload) {
        for (RedisSystem system : systems) {
            Object handle = system.put(payload);
            Object read = system.get(handle);
            system.delete(handle);
            if (!payload.matches(read)) {
                throw new IllegalStateException(system.name() + " read back something else for " + payload);
            }
        }
    }

    /** Untimed put+get+delete rounds, to warm up the JIT and the connections. */
    static void warmUp(List<RedisSystem> systems, Payload payload, int rounds) {
        for (int i = 0; i < rounds; i++) {
            for (RedisSystem system : systems) {
                Object handle = system.put(payload);
                consume(system.get(handle));
                system.delete(handle);
            }
        }
    }

    static void consume(Object value) {
        if (value instanceof byte[] bytes) {
            sink += bytes.length;
        } else if (value instanceof double[] doubles) {
            sink += doubles.length;
        } else {
            sink += System.identityHashCode(value);
        }
    }
}
