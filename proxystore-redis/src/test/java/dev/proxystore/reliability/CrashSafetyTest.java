package dev.proxystore.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxystore.connector.FileConnector;
import dev.proxystore.serialize.DefaultSerializer;
import dev.proxystore.testing.RedisServerExtension;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM ({@link CrashChild}, run with this JVM's {@code java} and class path) is killed with SIGKILL: no
 * shutdown hook, no cleaner, no finally block runs.
 *
 * <ul>
 *   <li>Objects it put under a Redis {@code LeaseLifetime} carry a server-side expiry and disappear on their own after
 *       the lease, as seen on the server; an owned proxy added to the lease goes too. An owned proxy outside any
 *       lease stays: ownership lives in the owner's process, so a crash leaves its object behind (documented in
 *       SECURITY.md; pair owners with a lease where crashes matter).</li>
 *   <li>The file connector, killed at random moments while writing large objects, never exposes a partial object:
 *       every file under a key reads back as a complete, valid envelope, and every write the child acknowledged is
 *       there.</li>
 * </ul>
 */
class CrashSafetyTest {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    static final Duration LEASE = Duration.ofSeconds(4);
    /** How long after the lease the keys may take to go: Redis expires keys lazily and in a 10 Hz sweep. */
    static final Duration EXPIRY_GRACE = Duration.ofSeconds(15);
    static final Duration CHILD_STARTUP = Duration.ofSeconds(90);
    static final int FILE_BYTES = 8 * 1024 * 1024;
    static final int KILL_ROUNDS = Soak.scale(3, 25);
    /** More rounds, up to this many, while no kill has landed mid-write yet. */
    static final int MAX_KILL_ROUNDS = Soak.scale(8, 40);

    @Test
    void leasedKeysExpireOnTheServerAfterTheOwnerIsKilled() throws Exception {
        String prefix = "crash:" + System.nanoTime() + ":";
        Process child = startChild("lease", Integer.toString(REDIS.port()), prefix, Long.toString(LEASE.toMillis()));
        List<String> leased = new ArrayList<>();
        List<String> owned = new ArrayList<>();
        try {
            BlockingQueue<String> lines = lines(child);
            for (String line = next(lines, child); !line.equals("READY"); line = next(lines, child)) {
                if (line.startsWith("LEASED ")) {
                    leased.add(prefix + line.substring(7));
                } else if (line.startsWith("OWNED ")) {
                    owned.add(prefix + line.substring(6));
                }
            }
            for (String key : leased) {
                assertThat((Long) REDIS.server().call("PTTL", key)).as("server-side ttl of %s", key)
                        .isPositive().isLessThanOrEqualTo(LEASE.toMillis());
            }
            assertThat(REDIS.server().call("PTTL", owned.get(0))).as("an owner outside the lease").isEqualTo(-1L);
        } finally {
            kill(child);
        }
        long killed = System.nanoTime();
        for (String key : leased) {
            assertThat(REDIS.server().call("EXISTS", key)).as("%s right after the kill", key).isEqualTo(1L);
        }

        long deadline = killed + LEASE.plus(EXPIRY_GRACE).toNanos();
        while (leased.stream().anyMatch(key -> Long.valueOf(1).equals(REDIS.server().call("EXISTS", key)))) {
            assertThat(System.nanoTime()).as("leased keys still on the server %s after the kill",
                    LEASE.plus(EXPIRY_GRACE)).isLessThan(deadline);
            Thread.sleep(100);
        }
        long goneAfterMillis = (System.nanoTime() - killed) / 1_000_000;

        assertThat(REDIS.server().call("EXISTS", owned.get(0))).as("an owned object outside the lease survives")
                .isEqualTo(1L);
        REDIS.server().call("DEL", owned.get(0));
        assertThat(REDIS.server().call("KEYS", prefix + "*")).isEqualTo(List.of());
        Figures.record("crash-lease", "leasedKeys=" + leased.size() + " leaseMillis=" + LEASE.toMillis()
                + " goneMillisAfterKill=" + goneAfterMillis + " leasedLeft=0 unleasedOwnersLeft=" + owned.size());
    }

    @Test
    void theFileConnectorNeverExposesAPartialObjectAfterAKillMidWrite(@TempDir Path directory) throws Exception {
        Random random = new Random(7);
        DefaultSerializer serializer = DefaultSerializer.create();
        Map<String, Long> acknowledged = new TreeMap<>();
        int rounds = 0;
        int killsMidWrite = 0;
        int verified = 0;
        int objects = 0;
        while (rounds < KILL_ROUNDS || killsMidWrite == 0 && rounds < MAX_KILL_ROUNDS) {
            rounds++;
            Process child = startChild("files", directory.toString(), Integer.toString(FILE_BYTES));
            try {
                BlockingQueue<String> lines = lines(child);
                String first = next(lines, child);
                assertThat(first).startsWith("WROTE ");
                String[] parts = first.split(" ");
                acknowledged.put(parts[1], Long.parseLong(parts[2]));
                Thread.sleep(random.nextInt(400));
            } finally {
                kill(child);
            }
            for (String line : readAll(child)) {
                if (line.startsWith("WROTE ")) {
                    String[] parts = line.split(" ");
                    acknowledged.put(parts[1], Long.parseLong(parts[2]));
                }
            }

            List<Path> temporary = new ArrayList<>();
            List<String> keys = new ArrayList<>();
            try (Stream<Path> files = Files.list(directory)) {
                files.forEach(file -> {
                    String name = file.getFileName().toString();
                    if (name.startsWith(".")) {
                        temporary.add(file);
                    } else {
                        keys.add(name);
                    }
                });
            }
            if (!temporary.isEmpty()) {
                killsMidWrite++;
            }
            FileConnector reader = new FileConnector(directory);
            for (String key : keys) {
                byte[] data = reader.get(key);
                assertThat(data).as("file %s", key).isNotNull().hasSize(FILE_BYTES + 10);
                double[] values = (double[]) serializer.deserialize(data);
                assertThat(values).as("contents of %s", key)
                        .isEqualTo(CrashChild.pattern((long) values[0], FILE_BYTES / 8));
                verified++;
            }
            assertThat(keys).as("every acknowledged write is there").containsAll(acknowledged.keySet());
            objects = keys.size();
            // the stored objects stay for the next round; the temporary files of killed writes are garbage
            for (Path file : temporary) {
                Files.delete(file);
            }
        }
        Figures.record("crash-files", "rounds=" + rounds + " killsMidWrite=" + killsMidWrite
                + " objectsWritten=" + objects + " acknowledgedWrites=" + acknowledged.size() + " objectReadsVerified="
                + verified + " partialObjects=0 lostAcknowledgedWrites=0");
        assertThat(killsMidWrite).as("kills that landed while a temporary file was being written").isPositive();
    }

    /** Starts {@link CrashChild} with this JVM's java and class path. */
    static Process startChild(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"),
                CrashChild.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** SIGKILL, and proof that it was one: exit status 128 + 9. */
    static void kill(Process child) throws InterruptedException {
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("child died").isTrue();
        assertThat(child.exitValue()).as("exit status of a SIGKILLed process").isEqualTo(137);
    }

    private static BlockingQueue<String> lines(Process child) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the child was killed
            }
            lines.add("EOF");
        }, "child-output");
        reader.setDaemon(true);
        reader.start();
        CHILD_LINES.put(child, lines);
        return lines;
    }

    private static final Map<Process, BlockingQueue<String>> CHILD_LINES =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** The next line the child printed; fails with its output if it ends or takes too long. */
    private static String next(BlockingQueue<String> lines, Process child) throws InterruptedException {
        String line = lines.poll(CHILD_STARTUP.toMillis(), TimeUnit.MILLISECONDS);
        if (line == null || line.equals("EOF")) {
            throw new AssertionError("child " + child.pid() + " printed nothing expected within " + CHILD_STARTUP
                    + (line == null ? "" : " and exited") + "; output so far: " + lines);
        }
        return line;
    }

    /** All lines of a dead child. */
    private static List<String> readAll(Process child) throws InterruptedException {
        BlockingQueue<String> lines = CHILD_LINES.remove(child);
        List<String> all = new ArrayList<>();
        for (String line = lines.poll(30, TimeUnit.SECONDS); line != null && !line.equals("EOF");
                line = lines.poll(30, TimeUnit.SECONDS)) {
            all.add(line);
        }
        return all;
    }
}
