package dev.proxystore.benchmarks;

import dev.proxystore.benchmarks.compare.CompareRunner;
import dev.proxystore.benchmarks.jmh.JmhRunner;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Entry point of {@code proxystore-benchmarks.jar}:
 * <ul>
 *   <li>{@code compare [--quick] [--out FILE] ...}: the side-by-side comparison over a private redis-server;</li>
 *   <li>{@code jmh [JMH options] [benchmark regex]}: the JMH suite (JMH's own command line).</li>
 * </ul>
 * The comparison holds several 100 MiB arrays at once and should not measure the JVM growing its heap: a JVM started
 * without {@code -Xmx} runs it in a child JVM with {@code -Xms4g -Xmx4g -XX:+AlwaysPreTouch}; an explicit
 * {@code -Xmx} is respected (with a warning if it is small).
 */
public final class Main {

    static final int COMPARE_HEAP_GIB = 4;
    /** The heap of the comparison's JVM: fixed and pre-touched, so that large arrays do not fault pages in. */
    static final String[] HEAP_FLAGS = {"-Xms" + COMPARE_HEAP_GIB + "g", "-Xmx" + COMPARE_HEAP_GIB + "g",
        "-XX:+AlwaysPreTouch"};
    private static final String RELAUNCHED = "proxystore.bench.relaunched";

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
            usage();
            return;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "compare" -> {
                Optional<Integer> exit = relaunchWithHeapIfNeeded(args);
                if (exit.isPresent()) {
                    System.exit(exit.get());
                }
                CompareRunner.main(rest);
                // Lettuce and Redisson leave non-daemon threads behind for a few seconds; the work is done
                System.exit(0);
            }
            case "jmh" -> JmhRunner.main(rest);
            default -> {
                System.err.println("unknown command " + args[0]);
                usage();
                System.exit(2);
            }
        }
    }

    private static void usage() {
        System.out.println("""
                usage: java -jar proxystore-benchmarks.jar compare [--quick] [--out FILE] [--help]
                       java -jar proxystore-benchmarks.jar jmh [JMH options] [benchmark regex]
                                                              (jmh -h lists JMH's options)""");
    }

    /**
     * Runs the comparison in a child JVM with a fixed, pre-touched heap unless this JVM was given heap settings; the
     * child's exit code, or empty to go on in this JVM.
     */
    private static Optional<Integer> relaunchWithHeapIfNeeded(String[] args) throws IOException, InterruptedException {
        List<String> given = Arrays.asList(args);
        if (Boolean.getBoolean(RELAUNCHED) || given.contains("--help") || given.contains("-h")) {
            return Optional.empty();
        }
        long maxHeap = Runtime.getRuntime().maxMemory();
        List<String> jvmArgs = ManagementFactory.getRuntimeMXBean().getInputArguments();
        boolean explicit = jvmArgs.stream().anyMatch(a -> a.startsWith("-Xmx") || a.startsWith("-XX:MaxHeapSize")
                || a.startsWith("-XX:MaxRAMPercentage") || a.startsWith("-XX:MaxRAM="));
        Optional<String> java = ProcessHandle.current().info().command();
        if (explicit || java.isEmpty()) {
            if (maxHeap < (COMPARE_HEAP_GIB - 1L) << 30) {
                System.err.printf("warning: max heap is %d MiB; the 100 MiB cases want -Xmx%dg%n", maxHeap >> 20,
                        COMPARE_HEAP_GIB);
            }
            return Optional.empty();
        }
        List<String> command = new ArrayList<>();
        command.add(java.get());
        command.addAll(jvmArgs);
        command.addAll(List.of(HEAP_FLAGS));
        command.add("-D" + RELAUNCHED + "=true");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(Arrays.asList(args));
        System.err.println("Running the comparison in a JVM with " + String.join(" ", HEAP_FLAGS)
                + " (give -Xmx to run in this one)");
        Process child = new ProcessBuilder(command).inheritIO().start();
        Thread stopChild = new Thread(child::destroy);
        Runtime.getRuntime().addShutdownHook(stopChild);
        int exit = child.waitFor();
        Runtime.getRuntime().removeShutdownHook(stopChild);
        return Optional.of(exit);
    }
}
