package dev.proxystore.connector.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proxystore.connector.ConnectorConfig;
import dev.proxystore.connector.ObjectTooLargeException;
import dev.proxystore.serialize.Payload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Behaviour every {@link RedisConnector} setup must show, run against real Redis servers by subclasses. */
abstract class RedisConnectorContract {

    private static final AtomicInteger PREFIXES = new AtomicInteger();

    RedisConnector connector;
    String prefix;

    /** A connector on the server under test, every key under {@code keyPrefix}. */
    abstract RedisConnector newConnector(String keyPrefix);

    /** A raw command about one key, sent to the server (or cluster node) that holds it. */
    /** What every key of a connector looks like. */
    static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    abstract @Nullable Object rawKeyCommand(String command, String key, String... args);

    /** Raw {@code KEYS pattern} over the whole server or cluster. */
    abstract List<String> rawKeys(String pattern);

    @BeforeEach
    void openConnector() {
        prefix = "proxystore:" + getClass().getSimpleName() + "-" + PREFIXES.incrementAndGet() + ":";
        connector = newConnector(prefix);
    }

    @AfterEach
    void closeConnector() {
        connector.close();
    }

    @Test
    void putExistsGetEvict() {
        byte[] data = {1, 2, 3};
        String key = connector.put(data);

        assertThat(key).as("a UUID: the prefix is the connector's own").matches(UUID_PATTERN);
        assertThat(rawKeys(prefix + "*")).containsExactly(prefix + key);
        assertThat(connector.exists(key)).isTrue();
        assertThat(connector.get(key)).containsExactly(1, 2, 3);

        connector.evict(key);
        assertThat(connector.exists(key)).isFalse();
        assertThat(connector.get(key)).isNull();
        assertThat(rawKeys(prefix + "*")).isEmpty();
    }

    @Test
    void missingKeysAreNullAndAbsentAndEvictingThemIsANoOp() {
        String key = connector.newKey();

        assertThat(connector.get(key)).isNull();
        assertThat(connector.exists(key)).isFalse();
        assertThatCode(() -> connector.evict(key)).doesNotThrowAnyException();
        assertThatCode(() -> connector.expire(key, Duration.ofSeconds(1))).doesNotThrowAnyException();
        assertThat(connector.exists(key)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1024, 1024 * 1024})
    void roundTripsPayloadsOfEverySize(int size) {
        byte[] data = randomBytes(size, size);
        String key = connector.put(data);

        assertThat(connector.get(key)).isEqualTo(data);
        assertThat(rawKeyCommand("STRLEN", prefix + key)).isEqualTo((long) size);
    }

    @Test
    void roundTrips64MiB() {
        byte[] data = randomBytes(64 * 1024 * 1024, 64);
        String key = connector.put(data);

        byte[] read = connector.get(key);
        assertThat(read).hasSameSizeAs(data);
        assertThat(Arrays.equals(read, data)).isTrue();
        connector.evict(key);
    }

    @Test
    void isBinarySafe() {
        byte[] data = new byte[512];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        String key = connector.put(data);

        assertThat(connector.get(key)).isEqualTo(data);
    }

    @Test
    void batchesKeepOrderAndGiveNullForMissingKeys() {
        List<byte[]> data = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            data.add(new byte[] {(byte) i, (byte) (i * 7)});
        }
        List<String> keys = connector.putBatch(data);

        assertThat(keys).hasSize(20).doesNotHaveDuplicates().allSatisfy(key -> assertThat(key).matches(UUID_PATTERN));
        connector.evict(keys.get(5));
        List<String> query = new ArrayList<>(keys);
        query.add(2, connector.newKey());

        List<byte @Nullable []> values = connector.getBatch(query);

        assertThat(values).hasSize(21);
        assertThat(values.get(0)).isEqualTo(data.get(0));
        assertThat(values.get(1)).isEqualTo(data.get(1));
        assertThat(values.get(2)).isNull();
        assertThat(values.get(6)).isNull();
        for (int i = 0; i < keys.size(); i++) {
            if (i != 5) {
                assertThat(values.get(i < 2 ? i : i + 1)).as("value of key %d", i).isEqualTo(data.get(i));
            }
        }
    }

    @Test
    void emptyBatchesNeedNoServerCall() {
        assertThat(connector.putBatch(List.of())).isEmpty();
        assertThat(connector.getBatch(List.of())).isEmpty();
    }

    @Test
    void batchOfOneAndRepeatedKeys() {
        List<String> keys = connector.putBatch(List.of(new byte[] {42}));
        assertThat(keys).hasSize(1);

        assertThat(connector.getBatch(List.of(keys.get(0), keys.get(0))))
                .containsExactly(new byte[] {42}, new byte[] {42});
    }

    @Test
    void newKeySetAndOverwrite() {
        String key = connector.newKey();
        assertThat(key).matches(UUID_PATTERN);
        assertThat(connector.newKey()).isNotEqualTo(key);
        assertThat(connector.exists(key)).isFalse();

        connector.set(key, new byte[] {1});
        assertThat(connector.get(key)).containsExactly(1);

        connector.set(key, new byte[] {2, 2});
        assertThat(connector.get(key)).containsExactly(2, 2);
    }

    @Test
    void payloadsAreWrittenAndReadThroughLettucesOwnBuffers() {
        dev.proxystore.serialize.DefaultSerializer serializer = dev.proxystore.serialize.DefaultSerializer.create();
        double[] values = new java.util.Random(3).doubles(200_000).toArray();
        String big = connector.put(serializer.payload(values));
        String small = connector.put(serializer.payload("text"));

        double[] read = (double[]) connector.get(big, Long.MAX_VALUE, serializer::deserializeFrom);
        assertThat(read).containsExactly(values);
        Object text = connector.get(small, Long.MAX_VALUE, serializer::deserializeFrom);
        assertThat(text).isEqualTo("text");
        assertThat(serializer.deserialize(connector.get(big))).isInstanceOf(double[].class);
        Object missing = connector.get(connector.newKey(), Long.MAX_VALUE, serializer::deserializeFrom);
        assertThat(missing).isNull();
        assertThatThrownBy(() -> connector.get(big, 1_000, serializer::deserializeFrom))
                .isInstanceOf(dev.proxystore.connector.ObjectTooLargeException.class);
        assertThatThrownBy(() -> connector.get(small, Long.MAX_VALUE, buffer -> {
            throw new IllegalStateException("reader failed");
        })).isInstanceOf(IllegalStateException.class).hasMessage("reader failed");
        connector.evict(big);
        connector.evict(small);
    }

    @Test
    void aSizeLimitIsCheckedBeforeTheValueIsRead() {
        String key = connector.put(new byte[10_000]);
        assertThatThrownBy(() -> connector.get(key, 1_000))
                .isInstanceOf(dev.proxystore.connector.ObjectTooLargeException.class);
        assertThat(connector.get(key, 10_000)).hasSize(10_000);
        assertThat(connector.get(connector.newKey(), 1_000)).isNull();
        connector.evict(key);
    }

    @Test
    void aBatchSizeLimitIsCheckedBeforeAnyValueIsRead() {
        List<String> keys = connector.putBatch(List.of(new byte[10], new byte[2_000], new byte[3_000]));
        List<String> query = new ArrayList<>(keys);
        query.add(1, connector.newKey());

        List<byte @Nullable []> values = connector.getBatch(query, 3_000);
        assertThat(values).hasSize(4);
        assertThat(values.get(0)).hasSize(10);
        assertThat(values.get(1)).isNull();
        assertThat(values.get(2)).hasSize(2_000);
        assertThat(values.get(3)).hasSize(3_000);
        assertThatThrownBy(() -> connector.getBatch(query, 2_500))
                .isInstanceOfSatisfying(ObjectTooLargeException.class, e -> {
                    assertThat(e.size()).isEqualTo(3_000);
                    assertThat(e.limit()).isEqualTo(2_500);
                })
                .hasMessageContaining(keys.get(2));
        assertThatThrownBy(() -> connector.getBatch(query, 1_000))
                .as("the first key over the limit")
                .isInstanceOf(ObjectTooLargeException.class)
                .hasMessageContaining(keys.get(1))
                .hasMessageNotContaining(keys.get(2));
        assertThat(connector.getBatch(List.of(connector.newKey(), connector.newKey()), 0)).containsOnlyNulls();
        assertThat(connector.getBatch(List.of(), 0)).isEmpty();
        assertThat(connector.getBatch(keys, Long.MAX_VALUE)).containsExactlyElementsOf(connector.getBatch(keys));
        keys.forEach(connector::evict);
    }

    @Test
    void aSizeLimitedBatchAcceptsOnlyKeysOfThisConnector() {
        String foreign = prefix + java.util.UUID.randomUUID();
        assertThatIllegalArgumentException()
                .isThrownBy(() -> connector.getBatch(List.of(connector.newKey(), foreign), 1_000));
    }

    @Test
    void neverTouchesKeysOutsideItsPrefix() {
        String uuid = java.util.UUID.randomUUID().toString();
        String foreign = "other:" + uuid;
        rawKeyCommand("SET", foreign, "keep");
        String nested = prefix + "private:" + uuid;
        rawKeyCommand("SET", nested, "keep");

        for (String key : List.of(foreign, prefix + uuid, nested, prefix, "", "private:" + uuid, uuid + "x")) {
            assertThatIllegalArgumentException().isThrownBy(() -> connector.get(key));
            assertThatIllegalArgumentException().isThrownBy(() -> connector.exists(key));
            assertThatIllegalArgumentException().isThrownBy(() -> connector.evict(key));
            assertThatIllegalArgumentException().isThrownBy(() -> connector.set(key, new byte[1]));
            assertThatIllegalArgumentException().isThrownBy(() -> connector.expire(key, Duration.ofMillis(1)));
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> connector.getBatch(List.of(connector.newKey(), key)));
        }
        assertThat(connector.get(uuid)).as("the same UUID under this connector's prefix").isNull();
        connector.evict(uuid);
        connector.expire(uuid, Duration.ofMillis(1));

        assertThat(rawKeyCommand("GET", foreign)).isEqualTo("keep");
        assertThat(rawKeyCommand("GET", nested)).as("a key of a store under a longer prefix").isEqualTo("keep");
        assertThat(rawKeyCommand("PTTL", foreign)).isEqualTo(-1L);
        rawKeyCommand("DEL", nested);
        rawKeyCommand("DEL", foreign);
    }

    @Test
    void expireSetsAServerSideTtl() {
        String key = connector.put(new byte[] {1});
        assertThat(rawKeyCommand("PTTL", prefix + key)).isEqualTo(-1L);

        connector.expire(key, Duration.ofSeconds(60));
        assertThat((Long) rawKeyCommand("PTTL", prefix + key)).isBetween(1L, 60_000L);

        connector.expire(key, Duration.ofHours(1));
        assertThat((Long) rawKeyCommand("PTTL", prefix + key)).isGreaterThan(60_000L);
    }

    @Test
    void aPutWithAnExpiryWritesTheValueAndItsExpiryTogether() {
        String key = connector.put(Payload.of(new byte[] {1, 2, 3}), Duration.ofSeconds(60));

        assertThat(connector.get(key)).containsExactly(1, 2, 3);
        assertThat((Long) rawKeyCommand("PTTL", prefix + key)).isBetween(1L, 60_000L);
    }

    @Test
    void expiredKeysAreGone() throws InterruptedException {
        String key = connector.put(new byte[] {1});
        connector.expire(key, Duration.ofMillis(150));

        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (connector.exists(key) && System.nanoTime() < deadline) {
            Thread.sleep(25);
        }
        assertThat(connector.exists(key)).isFalse();
        assertThat(connector.get(key)).isNull();
    }

    @Test
    void zeroTtlDeletesAtOnce() {
        String key = connector.put(new byte[] {1});
        connector.expire(key, Duration.ZERO);
        assertThat(connector.exists(key)).isFalse();
    }

    @Test
    void configNamesTheTypeAndPrefix() {
        ConnectorConfig config = connector.config();

        assertThat(config.type()).isEqualTo("redis");
        assertThat(config.option("key-prefix", "")).isEqualTo(prefix);
        assertThat(connector.keyPrefix()).isEqualTo(prefix);
        assertThat(config.options().keySet()).noneMatch(name -> name.contains("password") || name.contains("user"));
    }

    @Test
    void closeDeletesNothingAndIsIdempotent() {
        String key = connector.put(new byte[] {9});

        connector.close();
        connector.close();

        assertThat(rawKeyCommand("EXISTS", prefix + key)).isEqualTo(1L);
        assertThatIllegalStateException().isThrownBy(() -> connector.get(key));
        assertThatIllegalStateException().isThrownBy(() -> connector.put(new byte[1]));
        try (RedisConnector other = newConnector(prefix)) {
            assertThat(other.get(key)).containsExactly(9);
        }
    }

    @Test
    void sharesItsConnectionAcrossThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        byte[] data = randomBytes(100 + i, thread * 1000L + i);
                        String key = connector.put(data);
                        assertThat(connector.get(key)).isEqualTo(data);
                        connector.evict(key);
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(new HashSet<>(rawKeys(prefix + "*"))).isEmpty();
    }

    static byte[] randomBytes(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }
}
