package dev.proxystore.benchmarks.compare;

import dev.proxystore.benchmarks.compare.RedisSystems.FloorSystem;
import dev.proxystore.benchmarks.compare.RedisSystems.ProxyStoreSystem;
import dev.proxystore.benchmarks.compare.RedisSystems.RedisSystem;
import dev.proxystore.benchmarks.compare.RedisSystems.RedisTemplateSystem;
import dev.proxystore.benchmarks.compare.RedisSystems.RedissonSystem;
import dev.proxystore.benchmarks.redis.RedisServer;
import dev.proxystore.store.Store;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * {@code compare [--quick] [--out FILE] [--sizes 1KiB,1MiB,...]
 * [--sections redis,threads,local,streams,serializer,file] [--no-redisson] [--file-dir DIR]}: starts a private
 * redis-server and measures ProxyStore side by side with a minimal RESP client (the floor), raw Spring Data Redis on
 * Jedis and on Lettuce, and Redisson, then the in-process costs, streams over Redis and an embedded Kafka broker
 * beside the raw clients, and the file connector on tmpfs; prints tables and writes one JSON object per line.
 * The sections live in their own classes; this one parses the options and runs them in order.
 */
public final class CompareRunner {

    static final String BASELINE = RedisSystems.FLOOR;
    static final String JEDIS = "jedis";
    static final String REDISTEMPLATE = "redistemplate";
    static final String PROXYSTORE = "proxystore";
    static final String PROXYSTORE_JEDIS = "proxystore-jedis";
    static final String PROXYSTORE_OWN = "proxystore-own";
    static final List<String> SYSTEM_ORDER = List.of(BASELINE, JEDIS, REDISTEMPLATE, "redisson", PROXYSTORE,
            PROXYSTORE_JEDIS, PROXYSTORE_OWN);
    static final List<String> ALL_SECTIONS = List.of("redis", "threads", "local", "streams", "serializer", "file");
    static final int KIB = 1024;
    static final int MIB = 1024 * 1024;

    private final Options options;
    private final PrintStream out;
    private final List<Measurement> results = new ArrayList<>();
    private final Map<String, Object> common = new LinkedHashMap<>();
    private BufferedWriter jsonl;

    CompareRunner(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        if (options.help) {
            System.out.println(Options.USAGE);
            return;
        }
        new CompareRunner(options, System.out).run();
    }

    void run() throws Exception {
        long started = System.nanoTime();
        Files.createDirectories(options.out.toAbsolutePath().getParent());
        out.printf(Locale.ROOT, "ProxyStore compare%s: %d CPUs, Java %s, max heap %s, load average %s%n",
                options.quick ? " --quick" : "", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), Report.formatSize(Runtime.getRuntime().maxMemory()),
                loadAverages());
        common.put("quick", options.quick);
        common.put("cpus", Runtime.getRuntime().availableProcessors());
        common.put("java", System.getProperty("java.version"));
        common.put("run", Instant.now().toString());
        try (BufferedWriter writer = Files.newBufferedWriter(options.out, StandardCharsets.UTF_8)) {
            this.jsonl = writer;
            boolean needsRedis = options.sections.contains("redis") || options.sections.contains("threads")
                    || options.sections.contains("local") || options.sections.contains("streams");
            if (needsRedis) {
                try (RedisServer server = RedisServer.start()) {
                    common.put("redis_version", server.version());
                    out.printf(Locale.ROOT, "Started %s (version %s, %s)%n", server, server.version(),
                            server.binary());
                    runWithRedis(server);
                }
            }
            if (options.sections.contains("serializer")) {
                // start from a clean heap rather than from whatever the 100 MiB cases left behind
                System.gc();
                section("DefaultSerializer, double[] 64 MiB");
                int reps = options.quick ? 15 : 40;
                record(LocalCosts.doubleArrayThroughput(64 * MIB, reps));
            }
            if (options.sections.contains("file")) {
                fileCosts();
            }
        }
        printSummary();
        out.printf(Locale.ROOT, "%nWrote %d JSON lines to %s in %.0f s; load average now %s%n", results.size(),
                options.out, (System.nanoTime() - started) / 1e9, loadAverages());
    }

    private void runWithRedis(RedisServer server) throws Exception {
        ClientResources resources = DefaultClientResources.create();
        List<RedisSystem> systems = new ArrayList<>();
        try {
            String host = server.host();
            int port = server.port();
            systems.add(new FloorSystem(host, port));
            systems.add(new RedisTemplateSystem(JEDIS, RedisSystems.jedisFactory(host, port)));
            systems.add(new RedisTemplateSystem(REDISTEMPLATE, RedisSystems.lettuceFactory(host, port, resources)));
            if (options.redisson) {
                RedissonSystem redisson = new RedissonSystem(host, port);
                systems.add(redisson);
                common.put("redisson_codec", redisson.codec());
            }
            ProxyStoreSystem proxystore = new ProxyStoreSystem(PROXYSTORE, "bench-redis",
                    RedisSystems.lettuceFactory(host, port, resources));
            systems.add(proxystore);
            systems.add(new ProxyStoreSystem(PROXYSTORE_JEDIS, "bench-redis-jedis",
                    RedisSystems.jedisFactory(host, port)));
            systems.add(new ProxyStoreSystem(PROXYSTORE_OWN, "bench-redis-own", host, port));
            if (options.sections.contains("redis")) {
                compareOverRedis(systems);
            }
            if (options.sections.contains("threads")) {
                threadScaling(systems.stream().filter(system -> !(system instanceof RedissonSystem)).toList(),
                        server);
            }
            if (options.sections.contains("local")) {
                localCosts(proxystore.store());
            }
            if (options.sections.contains("streams")) {
                streams(host, port, resources);
            }
        } finally {
            for (RedisSystem system : systems) {
                try {
                    system.close();
                } catch (RuntimeException e) {
                    out.println("closing " + system.name() + " failed: " + e);
                }
            }
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }

    private void compareOverRedis(List<RedisSystem> systems) throws IOException {
        section("Warm-up over Redis");
        RedisComparison.warmUp(systems, Payload.of(Payload.BYTES, KIB), options.quick ? 2_000 : 5_000);
        RedisComparison.warmUp(systems, Payload.of(Payload.DOUBLES, KIB), options.quick ? 500 : 2_000);
        RedisComparison.warmUp(systems, Payload.of(Payload.BYTES, MIB), options.quick ? 10 : 30);
        for (int size : options.sizes) {
            RedisComparison.Plan plan = plan(size, options.quick);
            for (String kind : List.of(Payload.BYTES, Payload.DOUBLES)) {
                Payload payload = Payload.of(kind, size);
                long start = System.nanoTime();
                List<Measurement> measured = withRatios(RedisComparison.measure(systems, payload, plan));
                record(measured);
                record(LocalCosts.serializerCost(payload, Math.max(3, plan.iterations() / 5)));
                StringBuilder samples = new StringBuilder();
                for (Measurement m : measured) {
                    if (m.caseName().equals(RedisComparison.PUT_GET)) {
                        samples.append(' ').append(m.system()).append('=').append(m.samples());
                    }
                }
                out.printf(Locale.ROOT, "  %-16s in %5.1f s, samples%s (load %s)%n", payload,
                        (System.nanoTime() - start) / 1e9, samples, loadAverage1());
                payload = null;
                System.gc();
            }
        }
    }

    /** How much to measure at a payload size. */
    static RedisComparison.Plan plan(int size, boolean quick) {
        if (size <= 64 * KIB) {
            return quick ? new RedisComparison.Plan(300, 2_000, 300, 1.0)
                    : new RedisComparison.Plan(1_000, 10_000, 1_000, 5.0);
        }
        if (size <= 4 * MIB) {
            return quick ? new RedisComparison.Plan(10, 150, 30, 1.0)
                    : new RedisComparison.Plan(30, 500, 100, 5.0);
        }
        if (size <= 32 * MIB) {
            return quick ? new RedisComparison.Plan(1, 15, 5, 1.5)
                    : new RedisComparison.Plan(3, 50, 15, 8.0);
        }
        return quick ? new RedisComparison.Plan(0, 5, 3, 2.0)
                : new RedisComparison.Plan(1, 15, 7, 20.0);
    }

    private List<Measurement> withRatios(List<Measurement> measured) {
        Map<String, Measurement> baseline = new LinkedHashMap<>();
        for (Measurement m : measured) {
            if (m.system().equals(BASELINE)) {
                baseline.put(m.caseName(), m);
            }
        }
        List<Measurement> out = new ArrayList<>();
        for (Measurement m : measured) {
            Measurement base = baseline.get(m.caseName());
            out.add(base == null ? m : m.with("ratio_p50", LocalCosts.round3(m.p50Us() / base.p50Us())));
        }
        return out;
    }

    private void streams(String host, int port, ClientResources resources) throws Exception {
        section("Streams: events end to end over Redis Streams and an embedded Kafka broker");
        LettuceConnectionFactory factory = RedisSystems.lettuceFactory(host, port, resources);
        ExecutorService receiver = StreamComparison.receiverThread();
        long started = System.nanoTime();
        EmbeddedKafkaKraftBroker kafka = StreamComparison.KafkaBroker.start();
        out.printf(Locale.ROOT, "  started an embedded Kafka broker in %.1f s%n", (System.nanoTime() - started) / 1e9);
        try (Store store = StreamComparison.store(host, port)) {
            for (int size : List.of(KIB, MIB)) {
                StreamComparison.Plan plan = StreamComparison.plan(size, options.quick);
                byte[] payload = (byte[]) Payload.of(Payload.BYTES, size).value();
                for (StreamComparison.Broker broker : List.of(new StreamComparison.RedisBroker(factory, payload),
                        new StreamComparison.KafkaBroker(kafka, payload))) {
                    long start = System.nanoTime();
                    List<Measurement> rows = StreamComparison.measure(broker, payload, plan, store, receiver);
                    record(rows);
                    StringBuilder line = new StringBuilder();
                    for (Measurement m : rows) {
                        line.append(String.format(Locale.ROOT, " %s %,.0f/s", m.system(), m.opsPerS()));
                    }
                    out.printf(Locale.ROOT, "  %-13s %-7s %d x %d in %4.1f s:%s (load %s)%n", broker.name(),
                            Report.formatSize(size), plan.rounds(), plan.events(), (System.nanoTime() - start) / 1e9,
                            line, loadAverage1());
                }
            }
            int events = options.quick ? 200 : 1_000;
            for (StreamComparison.Broker broker : List.of(new StreamComparison.RedisBroker(factory, new byte[0]),
                    new StreamComparison.KafkaBroker(kafka, new byte[0]))) {
                Measurement m = StreamComparison.dispatch(broker, MIB, events, store, receiver);
                record(List.of(m));
                out.printf(Locale.ROOT, "  dispatcher over %s: %d proxies of 1 MiB at %,.0f/s%n", broker.name(),
                        events, m.opsPerS());
            }
        } finally {
            kafka.destroy();
            receiver.shutdownNow();
            factory.destroy();
        }
    }

    private void threadScaling(List<RedisSystem> systems, RedisServer server) throws Exception {
        int threads = 8;
        section("Put+get throughput, 1 vs " + threads + " threads, 1 KiB byte[] over Redis");
        Payload payload = Payload.of(Payload.BYTES, KIB);
        if (!options.sections.contains("redis")) {
            RedisComparison.warmUp(systems, payload, options.quick ? 2_000 : 5_000);
        }
        // many short interleaved runs: a single run is at the mercy of whatever else the machine is doing
        double seconds = options.quick ? 0.5 : 1.5;
        int rounds = options.quick ? 5 : 7;
        List<Measurement> measured = ThreadScaling.throughput(systems, payload, new int[] {1, threads}, seconds,
                rounds, () -> server.call("FLUSHALL"), server::cpuNanos);
        record(measured);
        for (Measurement m : measured) {
            Object scaling = m.extra().get("scaling_vs_1_thread");
            out.printf(Locale.ROOT,
                    "  %-16s %d thread%s %,9.0f put+get/s = %5sx floor%-18s CPU cores used: JVM %s, redis-server %s%n",
                    m.system(), m.threads(), m.threads() == 1 ? " " : "s", m.opsPerS(),
                    m.extra().get(ThreadScaling.RATIO), scaling == null ? "" : ", " + scaling + "x 1 thread",
                    m.extra().get("client_cpu_cores"), m.extra().get("redis_cpu_cores"));
        }
    }

    private void localCosts(Store redisStore) throws IOException {
        System.gc();
        section("Local connector, 1 KiB object (class proxy)");
        try (Store store = LocalCosts.localStore("bench-local")) {
            record(LocalCosts.putVersusProxy(store, options.quick ? 60 : 200, 500));
            record(List.of(LocalCosts.proxyCreation(store, options.quick ? 30 : 100, 5_000)));
            record(List.of(LocalCosts.cachedGet(store, options.quick ? 30 : 100, 20_000)));
            record(LocalCosts.firstResolve(store, options.quick ? 2_000 : 10_000));
            record(List.of(LocalCosts.serializedProxySize(store, "local")));
        }
        record(List.of(LocalCosts.serializedProxySize(redisStore, "redis")));
    }

    private void fileCosts() throws IOException {
        Store store = FileCosts.fileStore(options.fileDirectory);
        try {
            Path directory = options.fileDirectory;
            section("File connector in " + directory + " (" + FileCosts.fileSystemType(directory)
                    + "), Store put and get with the cache off, double[]");
            for (int size : options.sizes) {
                if (size < 64 * KIB) {
                    continue;
                }
                System.gc();
                int reps = size <= MIB ? (options.quick ? 60 : 200) : size <= 16 * MIB ? (options.quick ? 15 : 40)
                        : (options.quick ? 7 : 15);
                List<Measurement> measured = FileCosts.doubleArrayThroughput(store, size, reps);
                record(measured);
                StringBuilder line = new StringBuilder();
                for (Measurement m : measured) {
                    line.append(String.format(Locale.ROOT, " %s %s GB/s", m.caseName().replace("file.", ""),
                            m.extra().get("gb_per_s")));
                }
                out.printf(Locale.ROOT, "  double[] %-8s%s (load %s)%n", Report.formatSize(size), line,
                        loadAverage1());
            }
            record(FileCosts.blobLatency(store, options.quick ? 2_000 : 10_000));
        } finally {
            FileCosts.deleteDirectory(store);
        }
    }

    private void record(List<Measurement> measured) throws IOException {
        double load = loadAverage1();
        for (Measurement m : measured) {
            Measurement withLoad = Double.isNaN(load) ? m : m.with("loadavg", load);
            results.add(withLoad);
            jsonl.write(Report.json(withLoad, common));
            jsonl.newLine();
        }
        jsonl.flush();
    }

    private void section(String title) {
        out.printf(Locale.ROOT, "%n== %s (load %s)%n", title, loadAverage1());
    }

    private void printSummary() {
        List<Measurement> redis = new ArrayList<>();
        for (Measurement m : results) {
            if (m.caseName().startsWith("redis.") && m.threads() == 1 && !m.caseName().endsWith("throughput")) {
                redis.add(m);
            }
        }
        List<String> systems = new ArrayList<>();
        for (String system : SYSTEM_ORDER) {
            if (redis.stream().anyMatch(m -> m.system().equals(system))) {
                systems.add(system);
            }
        }
        if (!redis.isEmpty()) {
            out.println();
            out.println("Redis, p50 latency per operation and, in parentheses, p50 / floor p50 (p99 in the JSON lines)");
            out.print(Report.redisTable(redis, systems, BASELINE));
            String costs = Report.serializerCostTable(results, BASELINE, REDISTEMPLATE, PROXYSTORE);
            if (!costs.isEmpty()) {
                out.println();
                out.println("Where ProxyStore's extra time goes: p50 over the floor, raw RedisTemplate's (same driver)"
                        + " p50 over the floor, DefaultSerializer alone (p50)");
                out.print(costs);
            }
        }
        List<String[]> other = new ArrayList<>();
        other.add(new String[] {"measurement", "payload", "value"});
        for (Measurement m : results) {
            if (m.caseName().startsWith("redis.") && !m.caseName().endsWith("throughput")
                    || m.caseName().startsWith("stream.") || m.caseName().equals("serializer.serialize") || m.caseName().equals("serializer.deserialize")) {
                continue;
            }
            other.add(new String[] {describe(m), m.payload() + (m.size() > 0 ? " " + Report.formatSize(m.size())
                    : ""), value(m)});
        }
        if (other.size() > 1) {
            out.println();
            out.print(Report.table(other, 2));
        }
        String streams = StreamReport.table(results);
        if (!streams.isEmpty()) {
            out.println();
            out.println("Streams: events end to end (send N, receive N, object in hand), median of the rounds;"
                    + " ratio = events/s over raw events/s");
            out.print(streams);
            out.println();
            out.println("Markdown for the README:");
            out.println();
            out.print(StreamReport.markdown(results));
        }
        out.println();
        out.print(Targets.evaluate(results));
    }

    private static String describe(Measurement m) {
        String name = m.caseName();
        if (name.endsWith("throughput")) {
            return name + " " + m.system() + " " + m.threads() + (m.threads() == 1 ? " thread" : " threads");
        }
        Object connector = m.extra().get("connector");
        return connector == null ? name : name + " (" + connector + ")";
    }

    private static String value(Measurement m) {
        Map<String, Object> extra = m.extra();
        if (m.caseName().endsWith("throughput")) {
            Object scaling = extra.get("scaling_vs_1_thread");
            return String.format(Locale.ROOT, "%,.0f ops/s (%sx floor%s)", m.opsPerS(),
                    extra.get(ThreadScaling.RATIO), scaling == null ? "" : ", " + scaling + "x 1 thread");
        }
        if (extra.containsKey("bytes")) {
            return extra.get("bytes") + " bytes";
        }
        if (extra.containsKey("overhead_us")) {
            return Report.formatMicros(((Number) extra.get("overhead_us")).doubleValue());
        }
        String p50 = "p50 " + Report.formatMicros(m.p50Us());
        if (extra.containsKey("gb_per_s")) {
            return p50 + " = " + extra.get("gb_per_s") + " GB/s";
        }
        return p50 + ", p99 " + Report.formatMicros(m.p99Us());
    }

    /** The 1, 5 and 15 minute load averages. */
    static String loadAverages() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return String.format(Locale.ROOT, "%.2f",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    static double loadAverage1() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            return load < 0 ? Double.NaN : load;
        }
    }

    /** Command-line options. */
    static final class Options {

        static final String USAGE = """
                usage: java -jar proxystore-benchmarks.jar compare [--quick] [--out FILE] [--sizes LIST]
                                                               [--sections LIST] [--no-redisson] [--file-dir DIR]
                  --quick        fewer iterations (about 2-3 minutes on 2 cores)
                  --out FILE     JSON lines output (default: compare.jsonl next to the jar)
                  --sizes LIST   payload sizes for the Redis comparison, and from 64 KiB on for the file
                                 connector (default 1KiB,1MiB,16MiB,100MiB)
                  --sections L   any of redis,threads,local,streams,serializer,file (default: all; with
                                 --quick all but streams, which --quick --sections streams runs in ~35 s)
                  --no-redisson  leave Redisson out of the comparison
                  --file-dir DIR where the file section writes (default /dev/shm, else the temporary directory)""";

        boolean quick;
        boolean help;
        boolean redisson = true;
        Path out = defaultOut();
        List<Integer> sizes = List.of(KIB, MIB, 16 * MIB, 100 * MIB);
        Set<String> sections = Set.copyOf(ALL_SECTIONS);
        boolean sectionsGiven;
        Path fileDirectory = FileCosts.defaultDirectory();

        static Options parse(String[] args) {
            Options options = new Options();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--quick" -> options.quick = true;
                    case "--no-redisson" -> options.redisson = false;
                    case "-h", "--help" -> options.help = true;
                    case "--out" -> options.out = Path.of(value(args, ++i, arg));
                    case "--file-dir" -> options.fileDirectory = Path.of(value(args, ++i, arg));
                    case "--sizes" -> {
                        List<Integer> sizes = new ArrayList<>();
                        for (String size : value(args, ++i, arg).split(",")) {
                            sizes.add(parseSize(size.trim()));
                        }
                        options.sizes = List.copyOf(sizes);
                    }
                    case "--sections" -> {
                        options.sectionsGiven = true;
                        Set<String> sections = Set.of(value(args, ++i, arg).split(","));
                        for (String section : sections) {
                            if (!ALL_SECTIONS.contains(section)) {
                                throw new IllegalArgumentException("unknown section " + section);
                            }
                        }
                        options.sections = sections;
                    }
                    default -> throw new IllegalArgumentException("unknown argument " + arg);
                }
            }
            if (options.quick && !options.sectionsGiven) {
                // the quick run stays under two minutes; the streams section is asked for by name
                Set<String> sections = new java.util.LinkedHashSet<>(options.sections);
                sections.remove("streams");
                options.sections = Set.copyOf(sections);
            }
            return options;
        }

        private static String value(String[] args, int index, String option) {
            if (index >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[index];
        }

        /** {@code 1KiB}, {@code 16MiB}, {@code 4096}. */
        static int parseSize(String text) {
            String lower = text.toLowerCase(Locale.ROOT);
            long factor = 1;
            if (lower.endsWith("kib") || lower.endsWith("k")) {
                factor = KIB;
            } else if (lower.endsWith("mib") || lower.endsWith("m")) {
                factor = MIB;
            }
            String digits = lower.replaceAll("[a-z]+$", "");
            try {
                long size = Long.parseLong(digits) * factor;
                if (size <= 0 || size > 512L * MIB || size % 8 != 0) {
                    throw new IllegalArgumentException("size must be a positive multiple of 8 up to 512 MiB: " + text);
                }
                return (int) size;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a size: " + text, e);
            }
        }

        /** {@code compare.jsonl} next to the jar (benchmarks/target when run from the repository root). */
        static Path defaultOut() {
            try {
                Path location = Path.of(CompareRunner.class.getProtectionDomain().getCodeSource().getLocation()
                        .toURI());
                if (Files.isRegularFile(location) && location.getParent() != null) {
                    return location.getParent().resolve("compare.jsonl");
                }
            } catch (URISyntaxException | RuntimeException e) {
                // fall through
            }
            return Path.of("benchmarks", "target", "compare.jsonl");
        }
    }
}
