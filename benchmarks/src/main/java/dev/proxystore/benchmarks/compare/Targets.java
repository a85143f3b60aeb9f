package dev.proxystore.benchmarks.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks the measurements against the performance targets: ProxyStore on its own connections (the default of a
 * store on a standalone server) against the floor, per operation and with threads; ProxyStore on a Lettuce factory
 * against raw {@code RedisTemplate} on the same driver and against Redisson; the in-process targets.
 */
final class Targets {

    private Targets() {
    }

    static String evaluate(List<Measurement> results) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"target", "measured", "verdict"});
        Map<String, Measurement> putGet = new LinkedHashMap<>();
        for (Measurement m : results) {
            if (m.caseName().equals(RedisComparison.PUT_GET)) {
                putGet.put(what(m) + "|" + m.system(), m);
            }
        }
        Map<String, Measurement> floor = new LinkedHashMap<>();
        for (Measurement m : results) {
            if (isRoundTrip(m) && m.system().equals(RedisSystems.FLOOR)) {
                floor.put(m.caseName() + " " + what(m), m);
            }
        }
        for (Measurement m : results) {
            if (!isRoundTrip(m) || !m.system().equals(CompareRunner.PROXYSTORE_OWN)) {
                continue;
            }
            Measurement base = floor.get(m.caseName() + " " + what(m));
            if (base != null) {
                double limit = m.size() >= CompareRunner.MIB ? 1.10 : 1.25;
                double ratio = m.p50Us() / base.p50Us();
                rows.add(row(m.caseName().substring("redis.".length()) + " " + what(m) + " "
                        + CompareRunner.PROXYSTORE_OWN + " <= " + fmt(limit) + "x floor",
                        Report.formatRatio(ratio), ratio <= limit));
            }
        }
        for (Measurement m : results) {
            if (m.caseName().equals(ThreadScaling.CASE) && m.system().equals(CompareRunner.PROXYSTORE_OWN)
                    && m.threads() > 1 && m.extra().get(ThreadScaling.RATIO) != null) {
                double ratio = ((Number) m.extra().get(ThreadScaling.RATIO)).doubleValue();
                rows.add(row(m.threads() + " threads " + CompareRunner.PROXYSTORE_OWN + " >= 0.90x floor throughput",
                        Report.formatRatio(ratio), ratio >= 0.9));
            }
        }
        for (Measurement m : results) {
            if (!m.caseName().equals(RedisComparison.PUT_GET) || !m.system().equals(CompareRunner.PROXYSTORE)) {
                continue;
            }
            String what = what(m);
            Measurement template = putGet.get(what + "|" + CompareRunner.REDISTEMPLATE);
            if (template != null) {
                double limit = m.size() >= CompareRunner.MIB ? 1.10 : 1.25;
                double ratio = m.p50Us() / template.p50Us();
                rows.add(row("put+get " + what + " <= " + fmt(limit) + "x redistemplate", Report.formatRatio(ratio),
                        ratio <= limit));
            }
            Measurement redisson = putGet.get(what + "|redisson");
            if (redisson != null) {
                double ratio = m.p50Us() / redisson.p50Us();
                rows.add(row("put+get " + what + " faster than redisson",
                        Report.formatRatio(ratio) + " of redisson", ratio < 1));
            }
        }
        for (Measurement m : results) {
            switch (m.caseName()) {
                case "local.proxy.create" -> {
                    // proxy() is put() plus exactly this; the difference of two noisy ~5-20 us medians is shown too
                    Measurement difference = find(results, "local.proxy-overhead");
                    String shown = Report.formatMicros(m.p50Us()) + (difference == null ? "" : " (proxy - put: "
                            + Report.formatMicros(((Number) difference.extra().get("overhead_us")).doubleValue())
                            + ")");
                    rows.add(row("proxy() adds < 2 us to put() (1 KiB, local)", shown, m.p50Us() < 2));
                }
                case "local.get.cached" -> rows.add(row("cached get < 1 us", Report.formatMicros(m.p50Us()),
                        m.p50Us() < 1));
                case "proxy.java-serialized-size" -> {
                    int bytes = ((Number) m.extra().get("bytes")).intValue();
                    rows.add(row("Java-serialized proxy < 400 bytes (" + m.extra().get("connector") + ")",
                            bytes + " bytes", bytes < 400));
                }
                case "serializer.throughput.serialize", "serializer.throughput.deserialize" -> {
                    double rate = ((Number) m.extra().get("gb_per_s")).doubleValue();
                    rows.add(row(m.caseName().substring("serializer.throughput.".length()) + " double[] "
                            + Report.formatSize(m.size()) + " >= 2 GB/s", fmt(rate) + " GB/s", rate >= 2));
                }
                case ThreadScaling.CASE -> {
                    Object scaling = m.extra().get("scaling_vs_1_thread");
                    if (scaling != null && m.system().equals(CompareRunner.PROXYSTORE)) {
                        double x = ((Number) scaling).doubleValue();
                        rows.add(row(m.threads() + " threads >= 4x 1 thread put+get (1 KiB, Redis)",
                                Report.formatRatio(x), x >= 4));
                    }
                }
                default -> {
                    // no target
                }
            }
        }
        rows.add(new String[] {"resolved-proxy call overhead < 20 ns", "see jmh ProxyCallBenchmark", ""});
        return "Targets\n" + Report.table(rows, 1);
    }

    /** The payload and its size, as in {@code byte[] 1 KiB}. */
    private static String what(Measurement m) {
        return m.payload() + " " + Report.formatSize(m.size());
    }

    private static boolean isRoundTrip(Measurement m) {
        return m.caseName().equals(RedisComparison.PUT) || m.caseName().equals(RedisComparison.GET)
                || m.caseName().equals(RedisComparison.PUT_GET);
    }

    private static Measurement find(List<Measurement> results, String caseName) {
        for (Measurement m : results) {
            if (m.caseName().equals(caseName)) {
                return m;
            }
        }
        return null;
    }

    private static String[] row(String target, String measured, boolean met) {
        return new String[] {target, measured, met ? "met" : "MISSED"};
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
