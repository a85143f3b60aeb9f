package dev.proxystore.connector.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxystore.connector.FileConnector;
import dev.proxystore.connector.multi.MultiConnector;
import dev.proxystore.connector.multi.Policy;
import dev.proxystore.serialize.DefaultSerializer;
import dev.proxystore.serialize.Payload;
import dev.proxystore.store.Key;
import dev.proxystore.store.Store;
import dev.proxystore.testing.RedisServerExtension;
import dev.proxystore.testing.RedisServerProcess;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * A multi connector with a Redis route offers what Redis can do: objects go to the network without intermediate
 * arrays (on the connector's own connections and through Lettuce's buffers) and come out of Lettuce's buffers, and it
 * expires and defers keys only when every route can.
 */
class MultiOverRedisTest {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    static RedisConnector redis(String prefix) {
        return RedisConnector.builder(prefix).host(RedisServerProcess.HOST).port(REDIS.port()).build();
    }

    /** A payload that fails if anything copies it into an array of its own. */
    static Payload unCopyable(Payload payload) {
        return new Payload() {
            @Override
            public int size() {
                return payload.size();
            }

            @Override
            public void writeTo(ByteBuffer target) {
                payload.writeTo(target);
            }

            @Override
            public void writeTo(WritableByteChannel channel, ByteBuffer buffer) throws IOException {
                payload.writeTo(channel, buffer);
            }

            @Override
            public byte[] toBytes() {
                throw new AssertionError("the payload was copied into an array");
            }
        };
    }

    @Test
    void aRedisRouteWritesAndReadsThroughLettucesBuffers(@TempDir Path directory) {
        DefaultSerializer serializer = DefaultSerializer.create();
        double[] values = new Random(7).doubles(100_000).toArray();
        LettuceConnectionFactory lettuce = new LettuceConnectionFactory(
                new RedisStandaloneConfiguration(RedisServerProcess.HOST, REDIS.port()));
        lettuce.start();
        try (MultiConnector multi = MultiConnector.builder()
                .route("redis", new RedisConnector(lettuce, "multi-zero-copy:"),
                        Policy.any().withMaxSize(4 * 1024 * 1024))
                .route("files", new FileConnector(directory), Policy.any().withMinSize(4 * 1024 * 1024 + 1))
                .build()) {
            String key = multi.put(unCopyable(serializer.payload(values)));
            AtomicBoolean inPlace = new AtomicBoolean();
            double[] read = (double[]) multi.get(key, Long.MAX_VALUE, buffer -> {
                inPlace.set(!buffer.hasArray());
                return serializer.deserializeFrom(buffer);
            });

            assertThat(multi.labelOf(key)).isEqualTo("redis");
            assertThat(read).containsExactly(values);
            assertThat(inPlace).as("decoded where Lettuce holds the reply").isTrue();
            assertThat(multi.buffered()).containsSame(multi);
            assertThat(multi.deferrable()).isPresent();
            assertThat(multi.expiring()).as("the file route cannot expire keys").isEmpty();
            multi.evict(key);
        } finally {
            lettuce.destroy();
        }
    }

    @Test
    void aStoreOverAMultiConnectorOfRedisRoutesExpiresAndStaysZeroCopy() {
        DefaultSerializer serializer = DefaultSerializer.create();
        byte[] bytes = new byte[200_000];
        new Random(3).nextBytes(bytes);
        MultiConnector multi = MultiConnector.builder()
                .route("small", redis("multi-small:"), Policy.any().withMaxSize(1000))
                .route("large", redis("multi-large:"), Policy.any().withMinSize(1001))
                .build();
        try (Store store = Store.builder("multi-redis", multi).cacheSize(0).serializer(new DefaultSerializerProbe(
                serializer)).build()) {
            Key<byte[]> key = store.put(bytes);

            assertThat(store.get(key)).hasValueSatisfying(read -> assertThat(read).isEqualTo(bytes));
            assertThat(store.expires()).isTrue();
            store.expire(java.time.Duration.ZERO, key);
            assertThat(store.exists(key)).isFalse();
        }
    }

    /** The default serializer, with payloads that must never be copied into arrays. */
    private static final class DefaultSerializerProbe implements dev.proxystore.serialize.Serializer {

        private final DefaultSerializer delegate;

        DefaultSerializerProbe(DefaultSerializer delegate) {
            this.delegate = delegate;
        }

        @Override
        public byte[] serialize(Object obj) {
            return delegate.serialize(obj);
        }

        @Override
        public Object deserialize(byte[] data) {
            return delegate.deserialize(data);
        }

        @Override
        public Payload payload(Object obj) {
            return unCopyable(delegate.payload(obj));
        }

        @Override
        public Object deserializeFrom(ByteBuffer data) {
            return delegate.deserializeFrom(data);
        }

        @Override
        public boolean readsInPlace(ByteBuffer data) {
            return delegate.readsInPlace(data);
        }

        @Override
        public long maxPayloadSize() {
            return delegate.maxPayloadSize();
        }
    }
}
