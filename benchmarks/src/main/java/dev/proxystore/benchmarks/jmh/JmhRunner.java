package dev.proxystore.benchmarks.jmh;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * {@code jmh [JMH options] [regex]}: runs the JMH suite with JMH's own command line ({@code jmh -h}), then prints
 * the call overhead of resolved proxies and the serializer's GB/s. Without a regex it runs this module's benchmarks.
 */
public final class JmhRunner {

    private static final Set<String> DELEGATED = Set.of("-h", "-l", "-lp", "-lprof", "-lrf");
    private static final Pattern SIZE = Pattern.compile("(\\d+)(KiB|MiB)$");

    private JmhRunner() {
    }

    public static void main(String[] args) throws Exception {
        for (String arg : args) {
            if (DELEGATED.contains(arg)) {
                org.openjdk.jmh.Main.main(args);
                return;
            }
        }
        CommandLineOptions options;
        try {
            options = new CommandLineOptions(args);
        } catch (CommandLineOptionException e) {
            System.err.println("jmh: " + e.getMessage());
            System.exit(2);
            return;
        }
        Collection<RunResult> results = new Runner(options).run();
        System.out.println();
        System.out.print(summary(results));
    }

    /** The bytes in a payload name such as {@code doubles-64MiB}, or -1. */
    static long payloadBytes(String payload) {
        Matcher matcher = SIZE.matcher(payload);
        if (!matcher.find()) {
            return -1;
        }
        long unit = matcher.group(2).equals("KiB") ? 1024 : 1024 * 1024;
        return Long.parseLong(matcher.group(1)) * unit;
    }

    static String summary(Collection<RunResult> results) {
        StringBuilder out = new StringBuilder();
        for (String kind : List.of("interface", "class", "list")) {
            RunResult direct = find(results, "ProxyCallBenchmark." + kind + "Direct");
            RunResult proxy = find(results, "ProxyCallBenchmark." + kind + (kind.equals("list") ? "StoreProxy"
                    : "Proxy"));
            if (direct != null && proxy != null) {
                double overhead = nanos(proxy) - nanos(direct);
                out.append(String.format(Locale.ROOT, "resolved %s proxy call overhead: %.2f ns (%.2f vs %.2f ns)"
                        + " [target < 20 ns: %s]%n", kind.equals("list") ? "JDK-class (ArrayList)" : kind, overhead,
                        nanos(proxy), nanos(direct), overhead < 20 ? "met" : "MISSED"));
            }
        }
        RunResult put = find(results, "StoreBenchmark.putThenEvict");
        RunResult proxy = find(results, "StoreBenchmark.proxyThenEvict");
        if (put != null && proxy != null) {
            double overhead = nanos(proxy) - nanos(put);
            out.append(String.format(Locale.ROOT, "proxy() on top of put(), 1 KiB local: %.0f ns"
                    + " [target < 2 us: %s]%n", overhead, overhead < 2_000 ? "met" : "MISSED"));
        }
        RunResult create = find(results, "StoreBenchmark.proxyCreate");
        if (create != null) {
            out.append(String.format(Locale.ROOT, "proxy creation alone (proxyFromKey): %.0f ns%n", nanos(create)));
        }
        RunResult cached = find(results, "StoreBenchmark.getCached");
        if (cached != null) {
            out.append(String.format(Locale.ROOT, "cached get: %.1f ns [target < 1 us: %s]%n", nanos(cached),
                    nanos(cached) < 1_000 ? "met" : "MISSED"));
        }
        for (RunResult result : results) {
            String payload = result.getParams().getParam("payload");
            if (payload == null || !result.getParams().getBenchmark().contains("SerializerBenchmark")) {
                continue;
            }
            long bytes = payloadBytes(payload);
            if (bytes <= 0) {
                continue;
            }
            double seconds = nanos(result) / 1e9;
            String method = result.getParams().getBenchmark();
            method = method.substring(method.lastIndexOf('.') + 1);
            String target = payload.equals("doubles-64MiB") && !method.equals("copyFloor") ? (bytes / seconds / 1e9 >= 2 ? " [target >= 2 GB/s: met]"
                    : " [target >= 2 GB/s: MISSED]") : "";
            out.append(String.format(Locale.ROOT, "%s %s: %.2f GB/s%s%n", method, payload, bytes / seconds / 1e9,
                    target));
        }
        return out.toString();
    }

    private static RunResult find(Collection<RunResult> results, String suffix) {
        for (RunResult result : results) {
            if (result.getParams().getBenchmark().endsWith(suffix)) {
                return result;
            }
        }
        return null;
    }

    /** The primary score in nanoseconds per operation (AverageTime mode). */
    private static double nanos(RunResult result) {
        double score = result.getPrimaryResult().getScore();
        TimeUnit unit = result.getParams().getTimeUnit();
        return score * unit.toNanos(1);
    }
}
