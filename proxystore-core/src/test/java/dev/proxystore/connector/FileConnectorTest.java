package dev.proxystore.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.proxystore.testing.MutableClock;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileConnectorTest extends ConnectorContractTest<FileConnector> {

    @TempDir
    Path root;

    private Path directory() {
        return root.resolve("objects");
    }

    @Override
    protected FileConnector newConnector() {
        return new FileConnector(directory());
    }

    @Override
    protected String expectedType() {
        return "file";
    }

    private List<String> fileNames() throws IOException {
        try (Stream<Path> files = Files.list(directory())) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", ".", "..", "../x", "a/b", "a\\b", "/etc/passwd", "../../../../../../etc/passwd", "x\u0000y", "CON",
        "0f8fad5b-d9cb-469f-a165-70867728950e/..", "../0f8fad5b-d9cb-469f-a165-70867728950e",
        "0F8FAD5B-D9CB-469F-A165-70867728950E", " 0f8fad5b-d9cb-469f-a165-70867728950e",
        "0f8fad5b-d9cb-469f-a165-70867728950e\n", ".0f8fad5b-d9cb-469f-a165-70867728950e.tmp"
    })
    void rejectsKeysThatAreNotItsOwn(String hostile) {
        assertThatIllegalArgumentException().isThrownBy(() -> connector.get(hostile));
        assertThatIllegalArgumentException().isThrownBy(() -> connector.exists(hostile));
        assertThatIllegalArgumentException().isThrownBy(() -> connector.evict(hostile));
        assertThatIllegalArgumentException().isThrownBy(() -> connector.set(hostile, bytes(1, 1)));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> connector.getBatch(List.of(connector.newKey(), hostile)));
    }

    @Test
    void cannotReachFilesOutsideItsDirectory() throws IOException {
        Files.write(root.resolve("secret"), bytes(5, 2));

        assertThatIllegalArgumentException().isThrownBy(() -> connector.get("../secret"));
        assertThatIllegalArgumentException().isThrownBy(() -> connector.evict("../secret"));
        assertThatIllegalArgumentException().isThrownBy(() -> connector.set("../escaped", bytes(1, 3)));

        assertThat(root.resolve("secret")).exists();
        assertThat(root.resolve("escaped")).doesNotExist();
    }

    @Test
    void onlyKeyFilesRemainAfterWrites() throws IOException {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            keys.add(connector.put(bytes(i * 100, i)));
        }
        keys.addAll(connector.putBatch(List.of(bytes(1, 1), bytes(2, 2))));
        connector.set(keys.get(0), bytes(7, 7));

        assertThat(fileNames()).containsExactlyInAnyOrderElementsOf(keys);
    }

    @Test
    void staleTemporaryFileIsNeverAnObject() throws IOException {
        String embedded = UUID.randomUUID().toString();
        Path stale = directory().resolve("." + embedded + ".tmp");
        Files.write(stale, bytes(10, 4));

        assertThatIllegalArgumentException().isThrownBy(() -> connector.get(stale.getFileName().toString()));
        assertThat(connector.get(embedded)).isNull();
        assertThat(connector.exists(embedded)).isFalse();
        for (int i = 0; i < 50; i++) {
            String key = connector.put(bytes(1, i));
            assertThat(FileConnector.isKey(key)).isTrue();
            assertThat(directory().resolve(key)).isNotEqualTo(stale);
        }
        assertThat(Files.readAllBytes(stale)).as("another writer's file is left alone").isEqualTo(bytes(10, 4));
    }

    @Test
    void aLaterWriterDeletesTemporaryFilesAbandonedForTheGracePeriod() throws IOException {
        Duration grace = Duration.ofMinutes(10);
        MutableClock clock = new MutableClock(Instant.parse("2030-01-01T12:00:00Z"));
        FileConnector writer = track(new FileConnector(directory(), grace, clock));
        Path abandoned = temporaryFile(clock.instant().minus(grace).minusSeconds(1));
        Path beingWritten = temporaryFile(clock.instant().minus(grace).plusSeconds(1));
        Path foreign = touch(directory().resolve("notes.tmp"), clock.instant().minus(Duration.ofDays(1)));
        String oldKey = UUID.randomUUID().toString();
        touch(directory().resolve(oldKey), clock.instant().minus(Duration.ofDays(1)));

        String key = writer.put(bytes(10, 2));

        assertThat(abandoned).doesNotExist();
        assertThat(fileNames()).as("a live writer's file, a file of another kind and old objects stay")
                .containsExactlyInAnyOrder(beingWritten.getFileName().toString(), "notes.tmp", oldKey, key);
        assertThat(foreign).hasBinaryContent(bytes(3, 3));
    }

    @Test
    void temporaryFilesAreLookedForAtMostOncePerGracePeriod() throws IOException {
        Duration grace = Duration.ofMinutes(10);
        MutableClock clock = new MutableClock(Instant.parse("2030-01-01T12:00:00Z"));
        FileConnector writer = track(new FileConnector(directory(), grace, clock));
        writer.put(bytes(1, 1));
        Path abandoned = temporaryFile(clock.instant().minus(Duration.ofDays(1)));

        writer.put(bytes(1, 2));
        writer.putBatch(List.of(bytes(1, 3), bytes(1, 4)));
        clock.advance(grace.minusSeconds(1));
        writer.set(writer.newKey(), bytes(1, 5));
        assertThat(abandoned).as("no directory scan before the grace period has passed").exists();

        clock.advance(Duration.ofSeconds(1));
        writer.put(bytes(1, 6));
        assertThat(abandoned).doesNotExist();
    }

    @Test
    void temporaryFilesAreAbandonedAfterAnHourByDefault() throws IOException {
        Instant now = Instant.now();
        Path abandoned = temporaryFile(now.minus(Duration.ofMinutes(61)));
        Path beingWritten = temporaryFile(now.minus(Duration.ofMinutes(59)));

        connector.put(bytes(1, 1));

        assertThat(abandoned).doesNotExist();
        assertThat(beingWritten).exists();
    }

    /** A temporary file as a writer names it, last modified at {@code modified}. */
    private Path temporaryFile(Instant modified) throws IOException {
        return touch(directory().resolve("." + UUID.randomUUID() + ".tmp"), modified);
    }

    private static Path touch(Path file, Instant modified) throws IOException {
        if (!Files.exists(file)) {
            Files.write(file, bytes(3, 3));
        }
        return Files.setLastModifiedTime(file, FileTime.from(modified));
    }

    @Test
    void aFifoUnderAKeyIsRefusedWithoutBlocking() throws Exception {
        String key = connector.newKey();
        Path fifo = mkfifo(directory().resolve(key));

        // opening a FIFO for reading blocks until a writer comes, so it must never be opened
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertThatExceptionOfType(ConnectorException.class)
                    .isThrownBy(() -> connector.get(key))
                    .withMessageContaining(fifo.toString())
                    .withMessageContaining("not a regular file");
            assertThatExceptionOfType(ConnectorException.class)
                    .isThrownBy(() -> connector.getBatch(List.of(key)))
                    .withMessageContaining(fifo.toString());
            assertThatExceptionOfType(ConnectorException.class)
                    .isThrownBy(() -> connector.exists(key))
                    .withMessageContaining(fifo.toString())
                    .withMessageContaining("not a regular file");

            connector.evict(key);
        });

        assertThat(fifo).doesNotExist();
        assertThat(connector.get(key)).isNull();
    }

    @Test
    void aSymbolicLinkUnderAKeyIsRefusedAndNeverFollowed() throws IOException {
        Path outside = Files.write(root.resolve("secret"), bytes(5, 2));
        String key = connector.newKey();
        Path link = Files.createSymbolicLink(directory().resolve(key), outside);

        assertThatExceptionOfType(ConnectorException.class)
                .isThrownBy(() -> connector.get(key))
                .withMessageContaining(link.toString())
                .withMessageContaining("symbolic link");
        assertThatExceptionOfType(ConnectorException.class)
                .isThrownBy(() -> connector.exists(key))
                .withMessageContaining("symbolic link");

        connector.evict(key);

        assertThat(link).doesNotExist();
        assertThat(outside).as("the link's target").hasBinaryContent(bytes(5, 2));
    }

    @Test
    void aDirectoryUnderAKeyIsRefusedAndKept() throws IOException {
        String key = connector.newKey();
        Path directory = Files.createDirectory(directory().resolve(key));

        assertThatExceptionOfType(ConnectorException.class)
                .isThrownBy(() -> connector.get(key))
                .withMessageContaining(directory.toString())
                .withMessageContaining("a directory, not a regular file");
        assertThatExceptionOfType(ConnectorException.class)
                .isThrownBy(() -> connector.exists(key))
                .withMessageContaining("a directory, not a regular file");
        assertThatExceptionOfType(ConnectorException.class)
                .isThrownBy(() -> connector.evict(key))
                .withMessageContaining("a directory, not a regular file");

        assertThat(directory).isDirectory();
    }

    private static Path mkfifo(Path path) throws IOException, InterruptedException {
        Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).redirectErrorStream(true).start();
        String output = new String(mkfifo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(mkfifo.waitFor()).as("mkfifo %s: %s", path, output).isZero();
        assertThat(Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther())
                .as("%s is a FIFO", path).isTrue();
        return path;
    }

    @Test
    void readersNeverSeeAPartialObject() throws Exception {
        String key = connector.newKey();
        connector.set(key, filled(0));
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger reads = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(2);
        try {
            Future<?> writer = executor.submit(() -> {
                try {
                    for (int i = 1; i <= 150; i++) {
                        connector.set(key, filled(i));
                    }
                } finally {
                    writing.set(false);
                }
            });
            Future<?> reader = executor.submit(() -> {
                while (writing.get() || reads.get() == 0) {
                    byte[] read = connector.get(key);
                    assertThat(read).isNotNull();
                    int value = Byte.toUnsignedInt(read[0]);
                    assertThat(read).as("object %d", value).isEqualTo(filled(value));
                    reads.incrementAndGet();
                }
            });
            writer.get(60, TimeUnit.SECONDS);
            reader.get(60, TimeUnit.SECONDS);
        } finally {
            executor.shutdownNow();
        }
        assertThat(reads.get()).isPositive();
        assertThat(connector.get(key)).isEqualTo(filled(150));
    }

    /** An object whose every byte is {@code value} and whose length depends on it, so a torn read shows. */
    private static byte[] filled(int value) {
        byte[] data = new byte[(1 << 20) + value * 4099];
        Arrays.fill(data, (byte) value);
        return data;
    }

    @Test
    void concurrentEvictMakesGetReturnNull() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            for (int i = 0; i < 300; i++) {
                String key = connector.put(bytes(64 * 1024, i));
                Future<?> evicted = executor.submit(() -> connector.evict(key));
                byte[] read = connector.get(key);
                assertThat(read == null || Arrays.equals(read, bytes(64 * 1024, i))).isTrue();
                evicted.get(10, TimeUnit.SECONDS);
                assertThat(connector.get(key)).isNull();
            }
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void objectsSurviveARestart() throws IOException {
        String key = connector.put(bytes(1000, 5));
        connector.close();

        assertThat(fileNames()).containsExactly(key);
        FileConnector restarted = track(new FileConnector(directory()));
        assertThat(restarted.get(key)).isEqualTo(bytes(1000, 5));
    }

    @Test
    void createsMissingDirectoryAndNormalizesItsPath() {
        Path messy = root.resolve("a/../b/./c");

        FileConnector created = track(new FileConnector(messy));

        assertThat(root.resolve("b/c")).isDirectory();
        assertThat(created.directory()).isEqualTo(root.resolve("b/c").toAbsolutePath());
        assertThat(created.config())
                .isEqualTo(new ConnectorConfig("file", Map.of("directory", root.resolve("b/c").toString())));
    }

    @Test
    void relativeDirectoryBecomesAbsoluteInConfig() {
        Path relative = Path.of("").toAbsolutePath().relativize(root.resolve("relative"));
        assertThat(relative.isAbsolute()).isFalse();

        FileConnector created = track(new FileConnector(relative));

        assertThat(Path.of(created.config().options().get("directory")))
                .isAbsolute()
                .isEqualTo(root.resolve("relative").toAbsolutePath().normalize());
    }

    @Test
    void directoryThatIsAFileIsAConnectorException() throws IOException {
        Path file = Files.write(root.resolve("plain-file"), bytes(1, 6));

        assertThatExceptionOfType(ConnectorException.class)
                .isThrownBy(() -> new FileConnector(file))
                .withMessageContaining(file.toString());
    }

    @Test
    void writeFailureIsAConnectorExceptionNamingThePath() throws IOException {
        Files.delete(directory());

        assertThatExceptionOfType(ConnectorException.class)
                .isThrownBy(() -> connector.put(bytes(1, 7)))
                .withMessageContaining(directory().toString())
                .withCauseInstanceOf(IOException.class);
    }

    @Test
    void readFailureIsAConnectorExceptionNamingThePath() throws IOException {
        String key = connector.put(bytes(1, 6));
        Files.delete(directory().resolve(key));
        Files.delete(directory());
        Files.write(directory(), bytes(1, 6));

        assertThatExceptionOfType(ConnectorException.class)
                .isThrownBy(() -> connector.get(key))
                .withMessageContaining(directory().resolve(key).toString())
                .withCauseInstanceOf(IOException.class);
    }

    @Test
    void failedBatchDeletesWhatItWrote() throws IOException {
        FileConnector failing = track(new FailingFileConnector(directory(), 3));
        String earlier = failing.put(bytes(10, 8));

        assertThatExceptionOfType(ConnectorException.class)
                .isThrownBy(() -> failing.putBatch(List.of(bytes(10, 9), bytes(10, 10), bytes(10, 11), bytes(10, 12))))
                .withMessageContaining(directory().toString())
                .withCauseInstanceOf(IOException.class);

        assertThat(fileNames()).containsExactly(earlier);
    }

    @Test
    void failedPutLeavesNoTemporaryFile() throws IOException {
        FileConnector failing = track(new FailingFileConnector(directory(), 1));

        assertThatExceptionOfType(ConnectorException.class).isThrownBy(() -> failing.put(bytes(10, 13)));

        assertThat(fileNames()).isEmpty();
    }

    @Test
    void failedSetKeepsThePreviousObject() {
        FileConnector failing = track(new FailingFileConnector(directory(), 2));
        String key = failing.put(bytes(10, 14));

        assertThatExceptionOfType(ConnectorException.class).isThrownBy(() -> failing.set(key, bytes(10, 15)));

        assertThat(failing.get(key)).isEqualTo(bytes(10, 14));
    }

    @Test
    void nullBatchElementWritesNothing() throws IOException {
        List<byte[]> data = Arrays.asList(bytes(1, 16), null);

        assertThatNullPointerException().isThrownBy(() -> connector.putBatch(data));

        assertThat(fileNames()).isEmpty();
    }

    @Test
    void closedConnectorRejectsOperationsAndKeepsFiles() throws IOException {
        String key = connector.put(bytes(1, 17));

        connector.close();
        connector.close();

        assertThatIllegalStateException().isThrownBy(() -> connector.get(key));
        assertThatIllegalStateException().isThrownBy(() -> connector.put(bytes(1, 18)));
        assertThatIllegalStateException().isThrownBy(() -> connector.putBatch(List.of(bytes(1, 18))));
        assertThatIllegalStateException().isThrownBy(() -> connector.exists(key));
        assertThatIllegalStateException().isThrownBy(() -> connector.evict(key));
        assertThatIllegalStateException().isThrownBy(() -> connector.set(key, bytes(1, 18)));
        assertThat(fileNames()).containsExactly(key);
    }

    @Test
    void providerRequiresDirectory() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Connectors.create(new ConnectorConfig("file", Map.of())))
                .withMessageContaining("directory");
    }

    @Test
    void providerRejectsUnknownOptions() {
        Map<String, String> options = Map.of("directory", directory().toString(), "clear", "true");

        assertThatIllegalArgumentException()
                .isThrownBy(() -> Connectors.create(new ConnectorConfig("file", options)))
                .withMessageContaining("clear");
    }

    /** Fails the {@code failAt}-th write (1-based) with an {@link IOException}. */
    private static final class FailingFileConnector extends FileConnector {
        private final int failAt;
        private int writes;

        FailingFileConnector(Path directory, int failAt) {
            super(directory);
            this.failAt = failAt;
        }

        @Override
        void writeFully(FileChannel channel, byte[] data) throws IOException {
            if (++writes == failAt) {
                channel.write(java.nio.ByteBuffer.wrap(data, 0, data.length / 2));
                throw new IOException("disk full (simulated)");
            }
            super.writeFully(channel, data);
        }
    }
}
