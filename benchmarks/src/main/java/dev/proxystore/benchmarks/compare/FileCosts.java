package dev.proxystore.benchmarks.compare;

import dev.proxystore.benchmarks.model.Blob;
import dev.proxystore.connector.FileConnector;
import dev.proxystore.serialize.DefaultSerializer;
import dev.proxystore.store.Key;
import dev.proxystore.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Put and get of a {@code double[]} through a {@code Store} over {@link FileConnector} with the cache off, on a
 * directory meant to be tmpfs ({@code /dev/shm}): what one JVM hands another on the same host. Each iteration also
 * times, on the same bytes, the floors the store cannot beat: a memory copy into an existing array
 * ({@code file.floor.arraycopy}), a copy into a new array ({@code file.floor.clone}, what a get must at least do, since
 * it returns a new array) and the file system's own write of a new file of the same size from a native buffer,
 * renamed into place ({@code file.floor.write}, what a put must at least do).
 *
 * <p>Every iteration ends, untimed, with a {@code System.gc()} and a wait until the file system has as much free space
 * as when the iteration began, so that no timed operation shares the machine with the collection of the previous
 * iteration's arrays or with the release of its file: a file read through a mapping is unmapped, and its memory
 * freed, only once the mapping is collected (by the JVM's reference handler thread, after the collection), whereas a
 * file read into an array is freed by the eviction itself.
 */
final class FileCosts {

    static final String PUT = "file.put";
    static final String GET = "file.get";

    /** The chunk of the write floor's native buffer. */
    private static final int FLOOR_CHUNK = 1 << 20;

    /** How far below its free space at the start of an iteration a file system may stay at its end. */
    private static final long FREE_SPACE_SLACK = 1 << 20;

    private FileCosts() {
    }

    /** {@code /dev/shm} where it is a writable directory (Linux), else the JVM's temporary directory. */
    static Path defaultDirectory() {
        Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
    }

    /** The file system type of {@code directory} ({@code tmpfs}, {@code ext4}...), or {@code ?}. */
    static String fileSystemType(Path directory) {
        try {
            return Files.getFileStore(directory).type();
        } catch (IOException e) {
            return "?";
        }
    }

    /** A store over a new {@link FileConnector} in a directory of its own under {@code parent}, cache off. */
    static Store fileStore(Path parent) {
        Path directory = parent.resolve("proxystore-bench-" + UUID.randomUUID());
        return Store.builder("bench-file-" + directory.getFileName(), new FileConnector(directory))
                .serializer(DefaultSerializer.create().allowPackages("dev.proxystore.benchmarks.model"))
                .cacheSize(0)
                .build();
    }

    /** Deletes the store's directory and what is left in it. */
    static void deleteDirectory(Store store) {
        Path directory = ((FileConnector) store.connector()).directory();
        store.close();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code file.put} and {@code file.get} of a {@code double[]} of {@code size} bytes and the three floors, each the
     * median of {@code repetitions} interleaved timings (after a few untimed ones), with GB/s (10^9 bytes per second)
     * of the array's size.
     */
    static List<Measurement> doubleArrayThroughput(Store store, int size, int repetitions) {
        double[] values = new double[size / Double.BYTES];
        SplittableRandom random = new SplittableRandom(size);
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextDouble();
        }
        double[] copy = new double[values.length];
        Path directory = ((FileConnector) store.connector()).directory();
        ByteBuffer floorBuffer = ByteBuffer.allocateDirect(FLOOR_CHUNK);
        long[] arraycopy = new long[repetitions];
        long[] clone = new long[repetitions];
        long[] write = new long[repetitions];
        long[] put = new long[repetitions];
        long[] get = new long[repetitions];
        int warmup = Math.max(3, repetitions / 5);
        FileStore fileStore = fileSystemOf(directory);
        for (int r = -warmup; r < repetitions; r++) {
            long free = unallocated(fileStore);
            long start = System.nanoTime();
            System.arraycopy(values, 0, copy, 0, values.length);
            long copied = System.nanoTime();
            double[] cloned = values.clone();
            long end = System.nanoTime();
            RedisComparison.sink += cloned.length + (long) copy[copy.length - 1];
            cloned = null;

            long written = writeFloor(directory, floorBuffer, size);

            long putStart = System.nanoTime();
            Key<double[]> key = store.put(values);
            long stored = System.nanoTime();
            double[] back = store.get(key).orElseThrow();
            long read = System.nanoTime();
            if (r == -warmup && !java.util.Arrays.equals(values, back)) {
                throw new IllegalStateException("the file store read back other values");
            }
            RedisComparison.sink += back.length;
            back = null;
            store.evict(key);
            System.gc();
            awaitFreeSpace(fileStore, free);
            if (r >= 0) {
                arraycopy[r] = copied - start;
                clone[r] = end - copied;
                write[r] = written;
                put[r] = stored - putStart;
                get[r] = read - stored;
            }
        }
        String fs = fileSystemType(directory);
        List<Measurement> measured = new ArrayList<>();
        measured.add(rate(Measurement.ofLatencies("file.floor.arraycopy", Payload.DOUBLES, size, "floor", arraycopy)));
        measured.add(rate(Measurement.ofLatencies("file.floor.clone", Payload.DOUBLES, size, "floor", clone)));
        measured.add(rate(Measurement.ofLatencies("file.floor.write", Payload.DOUBLES, size, "floor", write))
                .with("fs", fs));
        measured.add(rate(Measurement.ofLatencies(PUT, Payload.DOUBLES, size, "proxystore", put)).with("fs", fs));
        measured.add(rate(Measurement.ofLatencies(GET, Payload.DOUBLES, size, "proxystore", get)).with("fs", fs));
        return measured;
    }

    private static long unallocated(FileStore fileStore) {
        try {
            return fileStore.getUnallocatedSpace();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FileStore fileSystemOf(Path directory) {
        try {
            return Files.getFileStore(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits, for up to two seconds, until {@code fileStore} has {@code free} bytes unallocated again (less a little
     * slack for others' files).
     */
    private static void awaitFreeSpace(FileStore fileStore, long free) {
        long deadline = System.nanoTime() + 2_000_000_000L;
        try {
            while (unallocated(fileStore) < free - FREE_SPACE_SLACK && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code file.put} and {@code file.get} of a 1 KiB {@link Blob}: the JSON path, latency only. */
    static List<Measurement> blobLatency(Store store, int samples) {
        Blob blob = Blob.random(LocalCosts.BLOB_SIZE);
        long[] put = new long[samples];
        long[] get = new long[samples];
        String fs = fileSystemType(((FileConnector) store.connector()).directory());
        for (int i = -Math.max(100, samples / 5); i < samples; i++) {
            long start = System.nanoTime();
            Key<Blob> key = store.put(blob);
            long stored = System.nanoTime();
            Blob back = store.get(key).orElseThrow();
            long read = System.nanoTime();
            if (back.length() != blob.length()) {
                throw new IllegalStateException("the file store read back another blob");
            }
            store.evict(key);
            if (i >= 0) {
                put[i] = stored - start;
                get[i] = read - stored;
            }
        }
        return List.of(
                Measurement.ofLatencies(PUT, LocalCosts.PAYLOAD, LocalCosts.BLOB_SIZE, "proxystore", put)
                        .with("fs", fs),
                Measurement.ofLatencies(GET, LocalCosts.PAYLOAD, LocalCosts.BLOB_SIZE, "proxystore", get)
                        .with("fs", fs));
    }

    /**
     * Nanoseconds to write {@code size} + 10 bytes (an envelope's worth) from a native buffer to a new temporary file
     * in {@code directory} and rename it, as {@link FileConnector} does; the file is deleted untimed.
     */
    private static long writeFloor(Path directory, ByteBuffer buffer, int size) {
        Path temporary = directory.resolve(".floor-" + UUID.randomUUID() + ".tmp");
        Path target = directory.resolve("floor-" + UUID.randomUUID());
        long start = System.nanoTime();
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                long remaining = size + 10L;
                while (remaining > 0) {
                    buffer.clear().limit((int) Math.min(buffer.capacity(), remaining));
                    while (buffer.hasRemaining()) {
                        remaining -= channel.write(buffer);
                    }
                }
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            long elapsed = System.nanoTime() - start;
            Files.delete(target);
            return elapsed;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Measurement rate(Measurement m) {
        return m.with("gb_per_s", LocalCosts.round3(m.size() / (m.p50Us() * 1e3)));
    }
}
