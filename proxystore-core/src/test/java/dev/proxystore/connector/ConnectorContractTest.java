package dev.proxystore.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Connector} must do. A connector's test extends this class and supplies {@link #newConnector()};
 * connectors created through {@link #track} are closed after each test.
 */
public abstract class ConnectorContractTest<C extends Connector> {

    /** A fresh connector for the current test. */
    protected C connector;

    private final List<Connector> opened = new ArrayList<>();

    /** A new open connector. */
    protected abstract C newConnector();

    /** The type {@link Connector#config()} names. */
    protected abstract String expectedType();

    @BeforeEach
    void openConnector() {
        connector = track(newConnector());
    }

    @AfterEach
    void closeConnectors() {
        opened.forEach(Connector::close);
        opened.clear();
    }

    /** Closes {@code opened} after the test. */
    protected <T extends Connector> T track(T opened) {
        this.opened.add(opened);
        return opened;
    }

    /** A key of this connector's format with nothing stored under it. */
    protected String missingKey() {
        String key = connector.put(bytes(3, 1));
        connector.evict(key);
        return key;
    }

    /** {@code length} pseudo-random bytes determined by {@code seed}. */
    protected static byte[] bytes(int length, long seed) {
        byte[] data = new byte[length];
        new java.util.Random(seed).nextBytes(data);
        return data;
    }

    @Test
    void putGetExistsEvictRoundTrip() {
        byte[] data = bytes(100, 1);

        String key = connector.put(data);

        assertThat(connector.exists(key)).isTrue();
        assertThat(connector.get(key)).isEqualTo(data);
        connector.evict(key);
        assertThat(connector.exists(key)).isFalse();
        assertThat(connector.get(key)).isNull();
    }

    @Test
    void storesEmptyPayload() {
        String key = connector.put(new byte[0]);

        assertThat(connector.exists(key)).isTrue();
        assertThat(connector.get(key)).isNotNull().isEmpty();
    }

    @Test
    void storesOneMebibytePayload() {
        byte[] data = bytes(1 << 20, 2);

        String key = connector.put(data);

        assertThat(connector.get(key)).isEqualTo(data);
    }

    @Test
    void missingKeyIsNullAndAbsent() {
        String key = missingKey();

        assertThat(connector.get(key)).isNull();
        assertThat(connector.exists(key)).isFalse();
    }

    @Test
    void evictingMissingKeyIsNoOp() {
        String key = connector.put(bytes(3, 3));
        connector.evict(key);

        connector.evict(key);
        connector.evict(missingKey());

        assertThat(connector.exists(key)).isFalse();
    }

    @Test
    void equalDataGetsDistinctKeys() {
        byte[] data = bytes(10, 4);

        String first = connector.put(data);
        String second = connector.put(data);
        connector.evict(first);

        assertThat(second).isNotEqualTo(first);
        assertThat(connector.get(second)).isEqualTo(data);
    }

    @Test
    void changingReturnedArrayDoesNotChangeStoredData() {
        byte[] data = bytes(10, 5);
        String key = connector.put(data.clone());

        byte[] read = connector.get(key);
        Arrays.fill(read, (byte) 0);

        assertThat(connector.get(key)).isEqualTo(data);
    }

    @Test
    void batchesKeepOrderAndMissingKeysGiveNull() {
        List<byte[]> data = List.of(bytes(1, 6), bytes(0, 7), bytes(1000, 8));

        List<String> keys = connector.putBatch(data);

        assertThat(keys).hasSize(3).doesNotHaveDuplicates();
        for (int i = 0; i < keys.size(); i++) {
            assertThat(connector.get(keys.get(i))).isEqualTo(data.get(i));
        }
        List<String> withMissing = List.of(keys.get(2), missingKey(), keys.get(0));
        List<byte[]> read = connector.getBatch(withMissing);
        assertThat(read).hasSize(3);
        assertThat(read.get(0)).isEqualTo(data.get(2));
        assertThat(read.get(1)).isNull();
        assertThat(read.get(2)).isEqualTo(data.get(0));
    }

    @Test
    void emptyBatches() {
        assertThat(connector.putBatch(List.of())).isEmpty();
        assertThat(connector.getBatch(List.of())).isEmpty();
    }

    @Test
    void newKeyThenSetAndOverwrite() {
        DeferrableConnector deferrable = connector.deferrable()
                .orElseThrow(() -> new AssertionError(connector + " offers no deferred writes"));

        String key = deferrable.newKey();
        assertThat(deferrable.newKey()).isNotEqualTo(key);
        assertThat(deferrable.exists(key)).isFalse();
        assertThat(deferrable.get(key)).isNull();

        deferrable.set(key, bytes(10, 9));
        assertThat(deferrable.get(key)).isEqualTo(bytes(10, 9));

        deferrable.set(key, bytes(5, 10));
        assertThat(deferrable.get(key)).isEqualTo(bytes(5, 10));
        deferrable.evict(key);
        assertThat(deferrable.exists(key)).isFalse();
    }

    @Test
    void connectorCreatedFromConfigSharesData() {
        ConnectorConfig config = connector.config();
        assertThat(config.type()).isEqualTo(expectedType());
        String first = connector.put(bytes(10, 11));

        Connector other = track(Connectors.create(config));

        assertThat(other.config()).isEqualTo(config);
        assertThat(other.get(first)).isEqualTo(bytes(10, 11));
        String second = other.put(bytes(10, 12));
        assertThat(connector.get(second)).isEqualTo(bytes(10, 12));
        other.evict(first);
        assertThat(connector.exists(first)).isFalse();
    }

    @Test
    void configCarriesNoData() throws IOException {
        ConnectorConfig before = connector.config();
        connector.put(bytes(1 << 20, 13));

        ConnectorConfig after = connector.config();

        assertThat(after).isEqualTo(before);
        ByteArrayOutputStream serialized = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(serialized)) {
            out.writeObject(after);
        }
        assertThat(serialized.size()).isLessThan(1024);
    }

    @Test
    void closeDeletesNothing() {
        Connector other = track(Connectors.create(connector.config()));
        String key = connector.put(bytes(10, 14));

        connector.close();
        connector.close();

        assertThat(other.get(key)).isEqualTo(bytes(10, 14));
    }

    @Test
    void concurrentPutsAndGets() throws Exception {
        int threads = 8;
        int rounds = 200;
        CyclicBarrier start = new CyclicBarrier(threads);
        Map<String, byte[]> kept = new ConcurrentHashMap<>();
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            tasks.add(() -> {
                start.await(30, TimeUnit.SECONDS);
                for (int round = 0; round < rounds; round++) {
                    byte[] data = bytes(ThreadLocalRandom.current().nextInt(0, 8192), thread * 100_000L + round);
                    String key = connector.put(data);
                    assertThat(kept.put(key, data)).as("key %s handed out twice", key).isNull();
                    assertThat(connector.exists(key)).isTrue();
                    assertThat(connector.get(key)).isEqualTo(data);
                    if (round % 2 == 0) {
                        connector.evict(key);
                        kept.remove(key);
                        assertThat(connector.get(key)).isNull();
                    }
                }
                return null;
            });
        }
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            for (Future<Void> done : executor.invokeAll(tasks)) {
                done.get();
            }
        } finally {
            executor.shutdownNow();
        }

        assertThat(kept).hasSize(threads * rounds / 2);
        List<String> keys = new ArrayList<>(kept.keySet());
        List<byte[]> read = connector.getBatch(keys);
        for (int i = 0; i < keys.size(); i++) {
            assertThat(read.get(i)).isEqualTo(kept.get(keys.get(i)));
        }
    }
}
