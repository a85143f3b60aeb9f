package dev.proxystore.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.proxystore.serialize.DefaultSerializer;
import dev.proxystore.serialize.Payload;
import dev.proxystore.store.Key;
import dev.proxystore.store.Store;
import dev.proxystore.testing.MutableClock;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.WritableByteChannel;
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
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
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
    void payloadsAreWrittenStraightToTheFileAndLargeOnesDecodedFromAMapping() throws IOException {
        DefaultSerializer serializer = DefaultSerializer.create();
        double[] values = new Random(3).doubles(200_000).toArray();
        String big = connector.put(serializer.payload(values));
        String small = connector.put(serializer.payload("text"));
        List<ByteBuffer> seen = new ArrayList<>();

        Object read = connector.get(big, Long.MAX_VALUE, buffer -> {
            seen.add(buffer);
            return serializer.deserializeFrom(buffer);
        });
        Object text = connector.get(small, Long.MAX_VALUE, buffer -> {
            seen.add(buffer);
            return serializer.deserializeFrom(buffer);
        });

        assertThat((double[]) read).isEqualTo(values);
        assertThat(text).isEqualTo("text");
        assertThat(seen.get(0)).as("a file of %d bytes is mapped", Files.size(directory().resolve(big)))
                .isInstanceOf(MappedByteBuffer.class);
        assertThat(seen.get(1).hasArray()).as("a small file is read into an array").isTrue();
        assertThat(Files.readAllBytes(directory().resolve(big))).isEqualTo(serializer.serialize(values));
        assertThat(connector.get(big)).as("the array read maps the file too").isEqualTo(serializer.serialize(values));
        assertThat(fileNames()).containsExactlyInAnyOrder(big, small);
    }

    @Test
    void aReaderOfAMissingKeyGetsNothingAndIsNotCalled() {
        AtomicInteger calls = new AtomicInteger();

        Object read = connector.get(missingKey(), Long.MAX_VALUE, buffer -> calls.incrementAndGet());

        assertThat(read).isNull();
        assertThat(calls).hasValue(0);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> connector.get("../secret", Long.MAX_VALUE, buffer -> calls.incrementAndGet()));
        assertThatNullPointerException().isThrownBy(() -> connector.get(connector.newKey(), 1, null));
    }

    @ParameterizedTest
    @ValueSource(ints = {1_000, FileConnector.MAP_THRESHOLD - 1, FileConnector.MAP_THRESHOLD, 1 << 20})
    void theSizeIsCheckedBeforeAFileIsReadOrMapped(int size) {
        String key = connector.put(bytes(size, size));
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> connector.get(key, size - 1, buffer -> calls.incrementAndGet()))
                .isInstanceOfSatisfying(ObjectTooLargeException.class, e -> {
                    assertThat(e.size()).isEqualTo(size);
                    assertThat(e.limit()).isEqualTo(size - 1);
                });
        assertThatExceptionOfType(ObjectTooLargeException.class).isThrownBy(() -> connector.get(key, size - 1));
        assertThat(calls).hasValue(0);

        assertThat(connector.get(key, size, ByteBuffer::remaining)).isEqualTo(size);
        assertThat(connector.get(key, size)).isEqualTo(bytes(size, size));
    }

    @Test
    void aFileTooLargeForAnArrayIsNeverMapped() throws IOException {
        String key = connector.newKey();
        try (RandomAccessFile sparse = new RandomAccessFile(directory().resolve(key).toFile(), "rw")) {
            sparse.setLength(3L << 30);
        }
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> connector.get(key, Long.MAX_VALUE, buffer -> calls.incrementAndGet()))
                .isInstanceOfSatisfying(ObjectTooLargeException.class,
                        e -> assertThat(e.size()).isEqualTo(3L << 30));
        assertThat(calls).hasValue(0);
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 1 << 20})
    void whatTheReaderThrowsIsThrownAsIs(int size) {
        String key = connector.put(bytes(size, 4));
        IllegalStateException failure = new IllegalStateException("reader failed");

        assertThatExceptionOfType(IllegalStateException.class)
                .isThrownBy(() -> connector.get(key, Long.MAX_VALUE, buffer -> {
                    throw failure;
                }))
                .isSameAs(failure);
        assertThat(connector.get(key)).as("the file is untouched").isEqualTo(bytes(size, 4));
    }

    @Test
    void aMappedReadSeesTheOldBytesWhenTheObjectIsEvictedOrReplacedMeanwhile() throws Exception {
        byte[] original = filled(1);
        String evicted = connector.put(original);
        String replaced = connector.put(original);
        FileConnector other = track(new FileConnector(directory()));

        byte[] read = connector.get(evicted, Long.MAX_VALUE, buffer -> {
            assertThat(buffer).isInstanceOf(MappedByteBuffer.class);
            other.evict(evicted);
            assertThat(directory().resolve(evicted)).doesNotExist();
            // new files may take the space the evicted one had on a memory file system
            for (int i = 0; i < 4; i++) {
                other.evict(other.put(filled(2)));
            }
            return copy(buffer);
        });
        byte[] old = connector.get(replaced, Long.MAX_VALUE, buffer -> {
            other.set(replaced, filled(3));
            return copy(buffer);
        });

        assertThat(read).isEqualTo(original);
        assertThat(old).isEqualTo(original);
        assertThat(connector.get(evicted)).isNull();
        assertThat(connector.get(replaced)).isEqualTo(filled(3));
    }

    @Test
    void aMappedReadOnAnotherThreadFinishesWhileTheObjectIsEvicted() throws Exception {
        DefaultSerializer serializer = DefaultSerializer.create();
        long[] values = new Random(9).longs(1 << 17).toArray();
        String key = connector.put(serializer.payload(values));
        CountDownLatch mapped = new CountDownLatch(1);
        CountDownLatch evicted = new CountDownLatch(1);
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            Future<Object> reader = executor.submit(() -> connector.get(key, Long.MAX_VALUE, buffer -> {
                mapped.countDown();
                await(evicted);
                return serializer.deserializeFrom(buffer);
            }));
            assertThat(mapped.await(10, TimeUnit.SECONDS)).isTrue();
            connector.evict(key);
            evicted.countDown();

            assertThat((long[]) reader.get(10, TimeUnit.SECONDS)).isEqualTo(values);
            assertThat(connector.exists(key)).isFalse();
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void aPayloadThatWritesOtherThanItsSizeIsRefusedAndLeavesNoFile() throws IOException {
        Payload lying = new Payload() {
            @Override
            public int size() {
                return 10;
            }

            @Override
            public void writeTo(ByteBuffer target) {
                target.put(new byte[7]);
            }
        };

        assertThatExceptionOfType(ConnectorException.class)
                .isThrownBy(() -> connector.put(lying))
                .havingCause()
                .withMessageContaining("wrote 7 bytes, not the 10");
        assertThat(fileNames()).isEmpty();
    }

    @Test
    void aFailedPayloadWriteLeavesNoTemporaryFile() throws IOException {
        FileConnector failing = track(new FailingFileConnector(directory(), 2));
        DefaultSerializer serializer = DefaultSerializer.create();
        String earlier = failing.put(serializer.payload(new double[100_000]));

        assertThatExceptionOfType(ConnectorException.class)
                .isThrownBy(() -> failing.put(serializer.payload(new double[100_000])))
                .withCauseInstanceOf(IOException.class);

        assertThat(fileNames()).containsExactly(earlier);
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 300_000})
    void everyPrimitiveArrayAndAPojoRoundTripThroughAStoreOverFiles(int length) throws IOException {
        Random random = new Random(length);
        List<Object> objects = new ArrayList<>();
        objects.add(random.doubles(length).toArray());
        objects.add(random.longs(length).toArray());
        objects.add(random.ints(length).toArray());
        float[] floats = new float[length];
        short[] shorts = new short[length];
        char[] chars = new char[length];
        boolean[] booleans = new boolean[length];
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        for (int i = 0; i < length; i++) {
            floats[i] = random.nextFloat();
            shorts[i] = (short) random.nextInt();
            chars[i] = (char) random.nextInt();
            booleans[i] = random.nextBoolean();
        }
        objects.addAll(List.of(floats, shorts, chars, booleans, bytes));
        objects.add("x".repeat(length));
        objects.add(new Document("doc", new ArrayList<>(Collections.nCopies(length / 10 + 1, "line of text"))));
        DefaultSerializer serializer = DefaultSerializer.create().allowPackages(Document.class.getName());

        try (Store store = Store.builder("files", connector).serializer(serializer).cacheSize(0).build()) {
            for (Object object : objects) {
                Key<Object> key = store.put(object);
                assertThat(directory().resolve(key.id())).hasBinaryContent(serializer.serialize(object));

                assertThat(store.get(key)).as("%s of %d", object.getClass().getSimpleName(), length)
                        .hasValueSatisfying(back -> assertThat(back).isEqualTo(object));
                store.evict(key);
            }
        }
        assertThat(fileNames()).isEmpty();
    }

    /** A JSON-serialized object. */
    record Document(String title, List<String> lines) {
    }

    private static byte[] copy(ByteBuffer buffer) {
        byte[] data = new byte[buffer.remaining()];
        buffer.get(data);
        return data;
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
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
        assertThatIllegalStateException().isThrownBy(() -> connector.put(Payload.of(bytes(1, 18))));
        assertThatIllegalStateException().isThrownBy(() -> connector.get(key, 10, ByteBuffer::remaining));
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
        void writeFully(WritableByteChannel channel, Payload payload, ByteBuffer buffer) throws IOException {
            if (++writes == failAt) {
                byte[] data = payload.toBytes();
                channel.write(ByteBuffer.wrap(data, 0, data.length / 2));
                throw new IOException("disk full (simulated)");
            }
            super.writeFully(channel, payload, buffer);
        }
    }
}
