package dev.proxystore.connector;

import dev.proxystore.serialize.Payload;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Stores each object in its own file under a directory, named by its key (a random lowercase UUID). Keys of any
 * other form are rejected with {@link IllegalArgumentException}, so a key can never name a file elsewhere.
 *
 * <p>Writes go to a temporary file in the same directory (named {@code .<uuid>.tmp}, so it is never a key) and are
 * then moved into place atomically: readers, in this or any other process, see a whole object or none.
 * Objects outlive the process; a connector on the same directory sees them. {@link #close()} deletes nothing, and
 * later operations on a closed connector (except {@link #config()}) throw {@link IllegalStateException}.
 *
 * <p>A writer killed mid-write leaves its temporary file behind. A later write through any connector on the
 * directory deletes temporary files not modified for an hour; each connector looks at most once an hour, so one
 * write an hour pays for the directory scan. A write stalled for longer than that may then fail, never half done.
 * File times come from the file system, so hosts sharing a directory need clocks that agree to well within the
 * hour.
 *
 * <p>Anything under a key's name that is not a regular file (a FIFO, a device, a directory, a symbolic link) is
 * refused with a {@link ConnectorException} by {@link #get}, {@link #getBatch} and {@link #exists} without being
 * opened or followed, so it can neither block a reader nor lead out of the directory; {@link #evict} removes it
 * (a link itself, never its target), except a directory.
 *
 * <p>As a {@link BufferConnector}, a store's {@code double[]} (or other primitive array) is copied from the array
 * to the file through a small native buffer, and read back by mapping the file and decoding the array straight from
 * the mapping: one copy in the JVM each way, which matters on a memory file system ({@code /dev/shm}) shared by the
 * JVMs of one host. Files of 256 KiB or more are read through a read-only mapping, smaller ones into an array. A
 * file is never changed in place: a write makes a new file, and an eviction or a later {@link #set} only removes or
 * replaces the name, so a reader that mapped the old file reads the old bytes whole; the file's space is freed once
 * the JVM unmaps it, which Java 17 does when the mapping is garbage collected. A file truncated in place while mapped
 * (never by this connector; only by something else that can write the directory, which could as well replace the
 * object) makes the read fail with an {@link InternalError}, Java's report of the bus error, where the read from the
 * mapping happens or shortly after. On Windows, where a mapped file can be neither deleted nor replaced, files are
 * always read into arrays.
 *
 * <p>Files are not forced to the storage device, so an operating system crash may lose recent writes.
 *
 * <p>One concept, longer than most: the atomic write (temporary file, rename, cleanup of abandoned files) and the
 * two read paths (mapped and copied) share the file layout and its checks, which must not drift apart.
 */
public class FileConnector implements DeferrableConnector, BufferConnector {

    static final String TYPE = "file";
    static final String DIRECTORY_OPTION = "directory";

    private static final Pattern KEY =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    /** Keeps the JDK's temporary direct buffer for each read into an array small. */
    private static final int READ_CHUNK = 1 << 20;

    /** The native buffer a write stages the bytes in, chunk by chunk; small enough to stay in the CPU's cache. */
    static final int WRITE_BUFFER_SIZE = 256 * 1024;

    /** Files of at least this many bytes are mapped for reading rather than read into an array. */
    static final int MAP_THRESHOLD = 256 * 1024;

    /** Windows refuses to delete or replace a file while it is mapped, and Java unmaps only on garbage collection. */
    private static final boolean MAPS = !System.getProperty("os.name", "").startsWith("Windows");

    /** The largest array the JVM reliably allocates. */
    private static final int MAX_ARRAY_SIZE = Integer.MAX_VALUE - 8;

    /** How long a temporary file may go unmodified before it counts as abandoned, and how often a connector looks. */
    static final Duration TEMPORARY_FILE_GRACE = Duration.ofHours(1);

    private static final Pattern TEMPORARY = Pattern.compile("\\." + KEY.pattern() + "\\.tmp");

    private final Path directory;
    private final ConnectorConfig config;
    private final Duration temporaryFileGrace;
    private final Clock clock;
    /** When the next write looks for abandoned temporary files, in {@link Clock#millis()}; the first write does. */
    private final AtomicLong nextSweepMillis = new AtomicLong(Long.MIN_VALUE);
    /** Write buffers not in use; one per concurrent writer at most, up to the number of processors. */
    private final ArrayBlockingQueue<ByteBuffer> writeBuffers =
            new ArrayBlockingQueue<>(Math.max(1, Runtime.getRuntime().availableProcessors()));
    private volatile boolean closed;

    /**
     * A connector over {@code directory}, created with its parents if missing.
     *
     * @throws ConnectorException if the directory cannot be created
     */
    public FileConnector(Path directory) {
        this(directory, true, TEMPORARY_FILE_GRACE, Clock.systemUTC());
    }

    /** Deletes temporary files not modified for {@code temporaryFileGrace}, looking at most that often. */
    FileConnector(Path directory, Duration temporaryFileGrace, Clock clock) {
        this(directory, true, temporaryFileGrace, clock);
    }

    private FileConnector(Path directory, boolean create, Duration temporaryFileGrace, Clock clock) {
        if (temporaryFileGrace.isNegative() || temporaryFileGrace.isZero()) {
            throw new IllegalArgumentException("temporaryFileGrace must be positive: " + temporaryFileGrace);
        }
        this.temporaryFileGrace = temporaryFileGrace;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.directory = directory.toAbsolutePath().normalize();
        if (create) {
            try {
                Files.createDirectories(this.directory);
            } catch (IOException e) {
                throw new ConnectorException("Cannot create the directory " + this.directory, e);
            }
        } else if (!Files.isDirectory(this.directory)) {
            throw new ConnectorException("The directory " + this.directory + " does not exist", null);
        }
        this.config = new ConnectorConfig(TYPE, Map.of(DIRECTORY_OPTION, this.directory.toString()));
    }

    /** A connector over a directory that must exist already; nothing is created. */
    static FileConnector existing(Path directory) {
        return new FileConnector(directory, false, TEMPORARY_FILE_GRACE, Clock.systemUTC());
    }

    /** The absolute, normalized directory holding the objects. */
    public Path directory() {
        return directory;
    }

    @Override
    public String put(byte[] data) {
        Objects.requireNonNull(data, "data");
        checkOpen();
        String key = newKey();
        write(key, Payload.of(data));
        return key;
    }

    /** {@inheritDoc} The payload is copied to the file through a small native buffer, never into an array. */
    @Override
    public String put(Payload payload) {
        Objects.requireNonNull(payload, "payload");
        checkOpen();
        String key = newKey();
        write(key, payload);
        return key;
    }

    /** {@inheritDoc} When one write fails, the objects this call already wrote are deleted. */
    @Override
    public List<String> putBatch(List<byte[]> data) {
        data.forEach(element -> Objects.requireNonNull(element, "data element"));
        checkOpen();
        List<String> keys = new ArrayList<>(data.size());
        try {
            for (byte[] element : data) {
                String key = newKey();
                write(key, Payload.of(element));
                keys.add(key);
            }
        } catch (RuntimeException | Error e) {
            for (String written : keys) {
                deleteAfterFailure(file(written), e);
            }
            throw e;
        }
        return Collections.unmodifiableList(keys);
    }

    /**
     * {@inheritDoc} A file larger than a byte array can hold (about 2 GiB), which no writer of this connector
     * produces, is refused with an {@link ObjectTooLargeException} before anything is read.
     */
    @Override
    public byte @Nullable [] get(String key) {
        return get(key, MAX_ARRAY_SIZE);
    }

    /** {@inheritDoc} The file's size is checked before anything is read; a large file is mapped and copied. */
    @Override
    public byte @Nullable [] get(String key, long maxBytes) {
        ByteBuffer contents = read(key, maxBytes);
        if (contents == null) {
            return null;
        }
        if (contents.hasArray()) {
            return contents.array();
        }
        byte[] data = new byte[contents.remaining()];
        contents.get(data);
        return data;
    }

    /**
     * {@inheritDoc} A file of 256 KiB or more is mapped, read-only, and the reader gets the mapping: it decodes
     * straight from the file's memory. A smaller one (any file on Windows) is read into an array first. The file's
     * size is checked, against {@code maxBytes} and the largest array, before it is mapped or read. What the reader
     * throws is thrown as is.
     */
    @Override
    public <T> @Nullable T get(String key, long maxBytes, Function<ByteBuffer, T> reader) {
        Objects.requireNonNull(reader, "reader");
        ByteBuffer contents = read(key, maxBytes);
        if (contents == null) {
            return null;
        }
        return reader.apply(contents);
    }

    /**
     * The contents of {@code key}'s file: a read-only mapping of it, or for a file smaller than
     * {@link #MAP_THRESHOLD}, a buffer wrapping an array of exactly its bytes; {@code null} when there is no file.
     */
    private @Nullable ByteBuffer read(String key, long maxBytes) {
        Path file = fileOf(key);
        BasicFileAttributes attributes = attributes(file);
        if (attributes == null) {
            return null;
        }
        requireRegularFile(file, attributes);
        // NOFOLLOW_LINKS: a file swapped for a link after the check is still not followed. A FIFO swapped in at that
        // instant would still block; only someone who can write the directory can do that, and they can already
        // replace any object.
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long size = channel.size();
            long limit = Math.min(maxBytes, MAX_ARRAY_SIZE);
            if (size > limit) {
                throw new ObjectTooLargeException(key, size, limit);
            }
            if (MAPS && size >= MAP_THRESHOLD) {
                // the mapping stays valid after the channel is closed, and after the file is removed or replaced
                return channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
            }
            return ByteBuffer.wrap(readFully(channel, (int) size));
        } catch (NoSuchFileException missing) {
            return null;
        } catch (IOException e) {
            throw new ConnectorException("Cannot read " + file, e);
        }
    }

    @Override
    public List<byte @Nullable []> getBatch(List<String> keys) {
        return getBatch(keys, MAX_ARRAY_SIZE);
    }

    /** {@inheritDoc} Each file's size is checked before it is read. */
    @Override
    public List<byte @Nullable []> getBatch(List<String> keys, long maxBytes) {
        keys.forEach(this::fileOf);
        List<byte @Nullable []> data = new ArrayList<>(keys.size());
        for (String key : keys) {
            data.add(get(key, maxBytes));
        }
        return Collections.unmodifiableList(data);
    }

    /** {@inheritDoc} The object files in the directory, temporary files of writes in progress excluded. */
    @Override
    public OptionalLong count() {
        try (Stream<Path> files = Files.list(directory)) {
            return OptionalLong.of(files.filter(file -> KEY.matcher(file.getFileName().toString()).matches()).count());
        } catch (IOException e) {
            throw new ConnectorException("cannot list " + directory + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean exists(String key) {
        Path file = fileOf(key);
        BasicFileAttributes attributes = attributes(file);
        if (attributes == null) {
            return false;
        }
        requireRegularFile(file, attributes);
        return true;
    }

    @Override
    public void evict(String key) {
        evictIfPresent(key);
    }

    /** {@inheritDoc} Atomic: of concurrent callers for one file, exactly one deletes it. */
    @Override
    public boolean evictIfPresent(String key) {
        Path file = fileOf(key);
        BasicFileAttributes attributes = attributes(file);
        if (attributes == null) {
            return false;
        }
        if (attributes.isDirectory()) {
            throw notARegularFile(file, attributes);
        }
        try {
            // unlinks a FIFO or a link without opening or following it
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new ConnectorException("Cannot delete " + file, e);
        }
    }

    @Override
    public String newKey() {
        return UUID.randomUUID().toString();
    }

    @Override
    public void set(String key, byte[] data) {
        Objects.requireNonNull(data, "data");
        fileOf(key);
        write(key, Payload.of(data));
    }

    /** {@code file} with option {@code directory}. */
    @Override
    public ConnectorConfig config() {
        return config;
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "FileConnector[" + directory + "]";
    }

    /** Whether {@code name} has the form of a key; temporary files and foreign files do not. */
    static boolean isKey(String name) {
        return KEY.matcher(name).matches();
    }

    /** Writes {@code payload} to a new temporary file, then moves it over {@code key}'s file. */
    private void write(String key, Payload payload) {
        deleteAbandonedTemporaryFilesIfDue();
        Path target = file(key);
        Path temporary = directory.resolve("." + UUID.randomUUID() + ".tmp");
        ByteBuffer buffer = writeBuffers.poll();
        if (buffer == null) {
            buffer = ByteBuffer.allocateDirect(WRITE_BUFFER_SIZE);
        }
        try {
            try (FileChannel channel =
                    FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                CountingChannel counting = new CountingChannel(channel);
                writeFully(counting, payload, buffer);
                if (counting.written != payload.size()) {
                    throw new IOException(payload.getClass().getName() + " wrote " + counting.written
                            + " bytes, not the " + payload.size() + " it announced");
                }
            }
            // On POSIX an atomic move replaces an existing target, which set() relies on.
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteAfterFailure(temporary, e);
            throw new ConnectorException("Cannot write " + target, e);
        } catch (RuntimeException | Error e) {
            deleteAfterFailure(temporary, e);
            throw e;
        } finally {
            writeBuffers.offer(buffer);
        }
    }

    /**
     * Deletes the temporary files in the directory that were not modified for the grace period, if this connector
     * has not looked within the grace period. Best effort: a file another connector deletes first, or one that
     * cannot be deleted, is skipped, and the write goes ahead either way.
     */
    private void deleteAbandonedTemporaryFilesIfDue() {
        long now = clock.millis();
        long due = nextSweepMillis.get();
        if (now < due || !nextSweepMillis.compareAndSet(due, now + temporaryFileGrace.toMillis())) {
            return;
        }
        Instant abandonedBefore = Instant.ofEpochMilli(now).minus(temporaryFileGrace);
        try (DirectoryStream<Path> temporaries = Files.newDirectoryStream(directory, ".*.tmp")) {
            for (Path temporary : temporaries) {
                if (!TEMPORARY.matcher(temporary.getFileName().toString()).matches()) {
                    continue;
                }
                try {
                    BasicFileAttributes attributes =
                            Files.readAttributes(temporary, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    if (attributes.isRegularFile()
                            && attributes.lastModifiedTime().toInstant().isBefore(abandonedBefore)) {
                        Files.deleteIfExists(temporary);
                    }
                } catch (IOException skipped) {
                    // gone already, or not ours to delete; the next look tries again
                }
            }
        } catch (IOException | DirectoryIteratorException skipped) {
            // the write reports a directory that cannot be used
        }
    }

    /**
     * Writes all of {@code payload} through the native {@code buffer}; package-private so tests can make a write
     * fail.
     */
    void writeFully(WritableByteChannel channel, Payload payload, ByteBuffer buffer) throws IOException {
        payload.writeTo(channel, buffer);
    }

    /** Counts the bytes written through it, so that a payload writing other than its size is caught. */
    private static final class CountingChannel implements WritableByteChannel {

        private final FileChannel channel;
        private long written;

        CountingChannel(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public int write(ByteBuffer source) throws IOException {
            int count = channel.write(source);
            written += count;
            return count;
        }

        @Override
        public boolean isOpen() {
            return channel.isOpen();
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /** Reads up to {@code size} bytes in chunks, so the JDK's temporary direct buffer stays small. */
    private static byte[] readFully(FileChannel channel, int size) throws IOException {
        byte[] data = new byte[size];
        int offset = 0;
        while (offset < size) {
            int read = channel.read(ByteBuffer.wrap(data, offset, Math.min(READ_CHUNK, size - offset)));
            if (read < 0) {
                return Arrays.copyOf(data, offset);
            }
            offset += read;
        }
        return data;
    }

    private static void deleteAfterFailure(Path file, Throwable failure) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException | RuntimeException cleanup) {
            failure.addSuppressed(cleanup);
        }
    }

    /** {@code file}'s own attributes (a link's, not its target's), or {@code null} when there is no such file. */
    private static @Nullable BasicFileAttributes attributes(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException missing) {
            return null;
        } catch (IOException e) {
            throw new ConnectorException("Cannot read the attributes of " + file, e);
        }
    }

    private void requireRegularFile(Path file, BasicFileAttributes attributes) {
        if (!attributes.isRegularFile()) {
            throw notARegularFile(file, attributes);
        }
    }

    private ConnectorException notARegularFile(Path file, BasicFileAttributes attributes) {
        String kind = attributes.isSymbolicLink() ? "a symbolic link"
                : attributes.isDirectory() ? "a directory"
                : "a FIFO, socket or device";
        return new ConnectorException(file + " is " + kind + ", not a regular file: only FileConnector writes files"
                + " named like keys into " + directory + ", so something else put it there; remove it");
    }

    private Path fileOf(String key) {
        Objects.requireNonNull(key, "key");
        if (!isKey(key)) {
            throw new IllegalArgumentException("Not a FileConnector key: '" + abbreviate(key) + "'");
        }
        checkOpen();
        return file(key);
    }

    private Path file(String key) {
        return directory.resolve(key);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException(this + " is closed");
        }
    }

    private static String abbreviate(String key) {
        return key.length() <= 80 ? key : key.substring(0, 80) + "...";
    }
}
