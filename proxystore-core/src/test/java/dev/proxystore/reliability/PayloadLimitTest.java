package dev.proxystore.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proxystore.connector.ConnectorException;
import dev.proxystore.connector.FileConnector;
import dev.proxystore.connector.LocalConnector;
import dev.proxystore.proxy.Proxies;
import dev.proxystore.serialize.DefaultSerializer;
import dev.proxystore.serialize.SerializationException;
import dev.proxystore.store.Key;
import dev.proxystore.store.ProxyOptions;
import dev.proxystore.store.Store;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Oversized and forged-size payloads: a length field claiming gigabytes allocates nothing, and a configured maximum
 * payload size ({@link DefaultSerializer#withMaxPayloadSize}) refuses larger reads before their bytes or objects are
 * allocated, directly and through a {@link Store}. Allocation is measured per thread
 * ({@code com.sun.management.ThreadMXBean}), with bounds far below the sizes involved.
 */
class PayloadLimitTest {

    static final int LIMIT = 64 * 1024;
    static final int LARGE = 8 * 1024 * 1024;
    /** Exceptions, messages and stack traces fit in this many bytes; the payloads involved are far larger. */
    static final long SMALL_ALLOCATION = 1024 * 1024;

    final DefaultSerializer unlimited = DefaultSerializer.create();
    final DefaultSerializer limited = DefaultSerializer.create().withMaxPayloadSize(LIMIT);

    @ParameterizedTest
    @ValueSource(ints = {0x7FFFFFF7, 0x7FFFFFFF, 0xFFFFFFFF, 0x80000000, 1 << 30, 1 << 20, 100_000})
    void aForgedBodyLengthIsRejectedWithoutAllocatingIt(int forgedLength) {
        for (int format = 1; format <= 11; format++) {
            byte[] data = HostilePayloads.envelope(format, new byte[32]);
            HostilePayloads.putInt(data, 6, forgedLength);

            long allocated = allocatedWhileRejecting(() -> unlimited.deserialize(data));

            assertThat(allocated).as("bytes allocated for format %d claiming %s bytes", format,
                    Integer.toUnsignedString(forgedLength)).isLessThan(SMALL_ALLOCATION);
        }
    }

    @Test
    void forgedClassNameLengthsAreRejectedWithoutAllocatingThem() {
        byte[] rootTooLong = HostilePayloads.jsonEnvelope("java.util.ArrayList", "", "[\"java.util.ArrayList\",[]]");
        rootTooLong[10] = (byte) 0xFF;
        rootTooLong[11] = (byte) 0xFF;
        byte[] keyTooLong = HostilePayloads.jsonEnvelope("java.util.HashMap", "java.lang.Integer", "{}");
        int keyOffset = 10 + 2 + "java.util.HashMap".length();
        keyTooLong[keyOffset] = (byte) 0xFF;
        keyTooLong[keyOffset + 1] = (byte) 0xFF;

        assertThat(allocatedWhileRejecting(() -> unlimited.deserialize(rootTooLong))).isLessThan(SMALL_ALLOCATION);
        assertThat(allocatedWhileRejecting(() -> unlimited.deserialize(keyTooLong))).isLessThan(SMALL_ALLOCATION);
    }

    @Test
    void theSerializerRefusesPayloadsOverItsLimitBeforeDecodingThem() {
        byte[] doubles = unlimited.serialize(new double[LARGE / 8]);
        byte[] json = unlimited.serialize(largeList());

        assertThat(allocatedWhileRejecting(() -> limited.deserialize(doubles))).isLessThan(SMALL_ALLOCATION);
        assertThat(allocatedWhileRejecting(() -> limited.deserialize(json))).isLessThan(SMALL_ALLOCATION);
        assertThatThrownBy(() -> limited.deserialize(doubles)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("maximum payload size of " + LIMIT);
        assertThatThrownBy(() -> limited.serialize(new double[LARGE / 8])).isInstanceOf(SerializationException.class)
                .hasMessageContaining("maximum payload size");
    }

    @Test
    void aStoreWithASmallLimitRefusesOversizedObjectsAndLosesNothing() {
        LocalConnector connector = new LocalConnector();
        try (Store store = Store.builder("limited-local", connector).serializer(limited).register(true).build()) {
            Key<List<String>> small = store.put(new ArrayList<>(List.of("fits")));
            Key<List<String>> large = new Key<>(connector.put(unlimited.serialize(largeList())));

            assertThatThrownBy(() -> store.get(large)).isInstanceOf(SerializationException.class)
                    .hasMessageContaining("maximum payload size");
            assertThatThrownBy(() -> store.put(largeList())).isInstanceOf(SerializationException.class)
                    .hasMessageContaining("maximum payload size");
            List<String> proxy = store.proxyFromKey(large, List.class, ProxyOptions.defaults());
            assertThatThrownBy(() -> Proxies.resolve(proxy)).isInstanceOf(SerializationException.class)
                    .hasMessageContaining("maximum payload size");

            assertThat(store.isCached(large)).isFalse();
            assertThat(store.exists(large)).as("a refused read deletes nothing").isTrue();
            assertThat(connector.size()).as("the refused put wrote nothing").isEqualTo(2);
            assertThat(store.get(small)).contains(List.of("fits"));
            store.evict(small);
            store.evict(large);
        }
    }

    @Test
    void aStoreWithASmallLimitDoesNotLoadOversizedObjectsIntoMemory(@TempDir Path directory) {
        byte[] payload = unlimited.serialize(new double[LARGE / 8]);
        LocalConnector local = new LocalConnector();
        FileConnector file = new FileConnector(directory);
        try (Store localStore = Store.builder("limited-local", local).serializer(limited).cacheSize(0).build();
                Store fileStore = Store.builder("limited-file", file).serializer(limited).cacheSize(0).build()) {
            Key<Object> inMemory = new Key<>(local.put(payload));
            Key<Object> onDisk = new Key<>(file.put(payload));

            assertThat(allocatedWhileRejecting(() -> localStore.get(inMemory)))
                    .as("bytes allocated reading %d bytes from memory with a limit of %d", payload.length, LIMIT)
                    .isLessThan(SMALL_ALLOCATION);
            assertThat(allocatedWhileRejecting(() -> fileStore.get(onDisk)))
                    .as("bytes allocated reading %d bytes from a file with a limit of %d", payload.length, LIMIT)
                    .isLessThan(SMALL_ALLOCATION);
            assertThat(localStore.exists(inMemory)).isTrue();
            assertThat(fileStore.exists(onDisk)).isTrue();
        }
    }

    @Test
    void aFileTooLargeForAnArrayIsRefusedWithAnExceptionNotAnError(@TempDir Path directory) throws Exception {
        String key = UUID.randomUUID().toString();
        Path huge = directory.resolve(key);
        try (RandomAccessFile sparse = new RandomAccessFile(huge.toFile(), "rw")) {
            sparse.setLength(3L << 30); // 3 GiB without using the disk: a hostile writer's cheapest attack
        }
        try {
            FileConnector connector = new FileConnector(directory);
            try (Store store = Store.builder("huge-file", connector).build()) {
                assertThat(store.exists(new Key<>(key))).isTrue();

                assertThatThrownBy(() -> connector.get(key))
                        .isInstanceOf(ConnectorException.class)
                        .hasMessageContaining(Long.toString(3L << 30));
                assertThatThrownBy(() -> store.get(new Key<>(key)))
                        .isInstanceOf(RuntimeException.class)
                        .hasMessageContaining(Long.toString(3L << 30));
            }
        } finally {
            Files.deleteIfExists(huge);
        }
    }

    private static List<String> largeList() {
        List<String> list = new ArrayList<>();
        String chunk = "x".repeat(1000);
        for (int i = 0; i < LARGE / 1000; i++) {
            list.add(chunk);
        }
        return list;
    }

    /** Bytes this thread allocated while {@code action} failed; warms the failure path up first. */
    private static long allocatedWhileRejecting(Runnable action) {
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(action::run).isInstanceOf(RuntimeException.class);
        }
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        try {
            action.run();
        } catch (SerializationException expected) {
            return threads.getThreadAllocatedBytes(thread) - before;
        }
        throw new AssertionError("expected a SerializationException");
    }
}
