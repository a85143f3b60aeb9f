package dev.proxystore.connector.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proxystore.connector.ConnectorException;
import dev.proxystore.connector.PartReader;
import dev.proxystore.serialize.DefaultSerializer;
import dev.proxystore.serialize.PartialDecoder;
import dev.proxystore.serialize.SerializationException;
import dev.proxystore.store.Key;
import dev.proxystore.store.Store;
import dev.proxystore.testing.RedisServerExtension;
import dev.proxystore.testing.RedisServerProcess;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A connector built with {@link RedisConnector#builder} for a standalone server talks on connections of its own: the
 * calling thread writes each command and reads its reply.
 */
class DirectConnectionTest {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    static RedisConnector connector(String prefix) {
        return RedisConnector.builder(prefix).host(RedisServerProcess.HOST).port(REDIS.port()).build();
    }

    @Test
    void aSmallReplyIsDecodedInTheReceiveBufferALargeOneInAPooledBufferAHugeOneFromItsOwnArray() {
        DefaultSerializer serializer = DefaultSerializer.create();
        double[] small = new Random(1).doubles(1_000).toArray();
        double[] large = new Random(2).doubles(1_000_000).toArray();
        double[] other = new Random(3).doubles(1_000_000).toArray();
        double[] huge = new Random(4).doubles(3_000_000).toArray();
        try (RedisConnector connector = connector("direct-read:")) {
            String smallKey = connector.put(serializer.payload(small));
            String largeKey = connector.put(serializer.payload(large));
            String otherKey = connector.put(serializer.payload(other));
            String hugeKey = connector.put(serializer.payload(huge));
            List<ByteBuffer> seen = new ArrayList<>();
            Function<ByteBuffer, Object> reader = buffer -> {
                seen.add(buffer);
                return serializer.deserializeFrom(buffer);
            };

            double[] readSmall = (double[]) connector.get(smallKey, Long.MAX_VALUE, reader);
            double[] readLarge = (double[]) connector.get(largeKey, Long.MAX_VALUE, reader);
            double[] readOther = (double[]) connector.get(otherKey, Long.MAX_VALUE, reader);
            double[] readHuge = (double[]) connector.get(hugeKey, Long.MAX_VALUE, reader);

            assertThat(seen.subList(0, 3)).as("the connection's memory, lent during the call")
                    .allSatisfy(buffer -> assertThat(buffer.isReadOnly()).isTrue());
            assertThat(seen.get(0).isDirect()).as("in the receive buffer").isTrue();
            assertThat(seen.get(0).capacity()).isLessThanOrEqualTo(128 * 1024);
            assertThat(seen.get(1).isDirect()).as("in a pooled buffer").isTrue();
            assertThat(seen.get(1).capacity()).isGreaterThanOrEqualTo(8_000_000);
            assertThat(seen.get(1).duplicate().position(0)).as("the first view now shows the next reply: one buffer")
                    .isEqualTo(seen.get(2).duplicate().position(0));
            assertThat(seen.get(3).isDirect()).as("over 16 MiB: an array of its own").isFalse();
            assertThat(readSmall).containsExactly(small);
            assertThat(Arrays.equals(readLarge, large)).as("the large array read back equal").isTrue();
            assertThat(Arrays.equals(readOther, other)).as("the other large array read back equal").isTrue();
            assertThat(Arrays.equals(readHuge, huge)).as("the huge array read back equal").isTrue();
            assertThat(REDIS.server().call("STRLEN", "direct-read:" + largeKey))
                    .isEqualTo((long) serializer.payload(large).size());
        }
    }

    @Test
    void aLargeReplyGoesToAPartReaderPartByPartFromTheReceiveBuffer() {
        DefaultSerializer serializer = DefaultSerializer.create();
        double[] large = new Random(5).doubles(1_000_000).toArray();
        try (RedisConnector connector = connector("direct-parts:")) {
            String key = connector.put(serializer.payload(large));
            List<Integer> parts = new ArrayList<>();
            PartReader<Object> reader = new PartReader<>() {
                private PartialDecoder decoder;

                @Override
                public boolean start(ByteBuffer start, int size) {
                    assertThat(start.remaining()).isGreaterThanOrEqualTo(64);
                    decoder = serializer.partialDecoder(start, size).orElseThrow();
                    return true;
                }

                @Override
                public void accept(ByteBuffer part) {
                    parts.add(part.remaining());
                    decoder.accept(part);
                }

                @Override
                public Object finish() {
                    return decoder.finish();
                }

                @Override
                public Object apply(ByteBuffer whole) {
                    throw new AssertionError("read whole");
                }
            };

            double[] read = (double[]) connector.get(key, Long.MAX_VALUE, reader);

            assertThat(Arrays.equals(read, large)).isTrue();
            assertThat(parts).hasSizeGreaterThan(8)
                    .allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(128 * 1024));
            assertThat(parts.stream().mapToLong(Integer::longValue).sum()).isEqualTo(serializer.payload(large).size());
        }
    }

    @Test
    void aStoreReadsALargeArrayInPartsAndACorruptOneFailsWithoutSpoilingTheConnection() {
        DefaultSerializer serializer = DefaultSerializer.create();
        double[] large = new Random(6).doubles(500_000).toArray();
        byte[] payload = serializer.payload(large).toBytes();
        try (RedisConnector connector = connector("direct-store:");
                Store store = Store.builder("direct-store-" + UUID.randomUUID(), connector).cacheSize(0).build()) {
            Key<double[]> key = store.put(large);
            assertThat(Arrays.equals(store.get(key).orElseThrow(), large)).isTrue();

            String corrupt = UUID.randomUUID().toString();
            connector.set(corrupt, Arrays.copyOf(payload, payload.length - 3));
            Key<double[]> corruptKey = new Key<>(corrupt);
            assertThatThrownBy(() -> store.get(corruptKey)).isInstanceOf(SerializationException.class)
                    .hasMessageContaining("body length");

            assertThat(store.get(key).orElseThrow()).hasSize(large.length);
            assertThat(store.exists(corruptKey)).isTrue();
        }
    }

    @Test
    void anErrorReplyFailsTheCommandAndTheConnectionServesTheNext() {
        try (RedisConnector connector = connector("direct-error:")) {
            String key = connector.put(new byte[] {1});
            REDIS.server().call("DEL", "direct-error:" + key);
            REDIS.server().call("RPUSH", "direct-error:" + key, "a list, not a string");

            assertThatThrownBy(() -> connector.get(key)).isInstanceOf(ConnectorException.class)
                    .hasMessageContaining("GET " + key).hasMessageContaining("WRONGTYPE");
            assertThat(connector.exists(key)).isTrue();
            String other = connector.put(new byte[] {2, 3});
            assertThat(connector.get(other)).containsExactly(2, 3);
        }
    }

    @Test
    void aReadersOwnExceptionComesOutAsItIs() {
        try (RedisConnector connector = connector("direct-reader:")) {
            String key = connector.put(new byte[] {1, 2, 3});
            IllegalStateException refused = new IllegalStateException("refused by the reader");

            assertThatThrownBy(() -> connector.get(key, Long.MAX_VALUE, buffer -> {
                throw refused;
            })).isSameAs(refused);
            assertThat(connector.get(key)).containsExactly(1, 2, 3);
        }
    }

    @Test
    void aBatchAsksEveryLengthInOneRoundTripAndReadsWithOneMget() {
        try (RedisConnector connector = connector("direct-batch:")) {
            List<String> keys = connector.putBatch(List.of(new byte[] {1}, new byte[] {2, 2}, new byte[0]));
            REDIS.server().call("CONFIG", "RESETSTAT");

            String missing = UUID.randomUUID().toString();
            List<byte[]> values = connector.getBatch(List.of(keys.get(0), missing, keys.get(1), keys.get(2)), 10);

            assertThat(values.get(0)).containsExactly(1);
            assertThat(values.get(1)).isNull();
            assertThat(values.get(2)).containsExactly(2, 2);
            assertThat(values.get(3)).isEmpty();
            String stats = (String) REDIS.server().call("INFO", "commandstats");
            assertThat(stats).contains("cmdstat_strlen:calls=4").contains("cmdstat_mget:calls=1");
        }
    }

    @Test
    void atMostSixtyFourConnectionsAreOpenAtOnceAndFurtherCallersWaitForOne() throws Exception {
        try (RedisConnector connector = connector("direct-limit:")) {
            String key = connector.put(new byte[] {1});
            long before = connectionsReceived();
            REDIS.server().pause(Duration.ofMillis(700));
            ExecutorService callers = Executors.newFixedThreadPool(100);
            try {
                List<Future<Boolean>> calls = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    calls.add(callers.submit(() -> connector.exists(key)));
                }
                for (Future<Boolean> call : calls) {
                    assertThat(call.get(10, TimeUnit.SECONDS)).isTrue();
                }
            } finally {
                callers.shutdownNow();
            }
            // besides the connector's: the pause, its probe and this INFO
            assertThat(connectionsReceived() - before).isBetween(40L, 64L + 4L);
        }
    }

    private static long connectionsReceived() {
        String stats = (String) REDIS.server().call("INFO", "stats");
        Matcher matcher = Pattern.compile("total_connections_received:(\\d+)").matcher(stats);
        assertThat(matcher.find()).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    @Test
    void aSelectedDatabaseHoldsTheKeys() {
        try (RedisConnector connector = RedisConnector.builder("direct-db:").host(RedisServerProcess.HOST)
                .port(REDIS.port()).database(3).build()) {
            String key = connector.put(new byte[] {7});

            assertThat(REDIS.server().call("EXISTS", "direct-db:" + key)).as("database 0").isEqualTo(0L);
            assertThat(connector.get(key)).containsExactly(7);
            assertThat(connector.config().options()).containsEntry("database", "3");
        }
    }
}
