package dev.proxystore.benchmarks.compare;

import dev.proxystore.connector.redis.RedisConnector;
import dev.proxystore.serialize.DefaultSerializer;
import dev.proxystore.store.Key;
import dev.proxystore.store.Store;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.ClientOptions.DisconnectedBehavior;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.resource.ClientResources;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.redisson.Redisson;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.ValueOperations;
import org.springframework.data.redis.serializer.RedisSerializer;

/** The systems compared over Redis. Each writes a payload under a fresh key, reads it back and deletes it. */
final class RedisSystems {

    /** Generous, so that 100 MiB transfers on a loaded machine never time out; the same for every system. */
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private RedisSystems() {
    }

    /** One system under test. Handles are whatever the system needs to find the value again. */
    interface RedisSystem extends AutoCloseable {

        String name();

        /** Writes the payload under a new key. */
        Object put(Payload payload);

        /** Reads the value back: an object for systems that deserialize, the stored bytes for the floor. */
        Object get(Object handle);

        void delete(Object handle);

        @Override
        void close();
    }

    /**
     * A Lettuce connection factory with the settings {@code RedisConnector.builder(...).build()} uses (one shared
     * native connection, connect and command timeout, commands rejected while disconnected), on shared client
     * resources.
     */
    static LettuceConnectionFactory lettuceFactory(String host, int port, ClientResources resources) {
        ClientOptions options = ClientOptions.builder()
                .socketOptions(SocketOptions.builder().connectTimeout(TIMEOUT).build())
                .disconnectedBehavior(DisconnectedBehavior.REJECT_COMMANDS)
                .build();
        LettuceClientConfiguration client = LettuceClientConfiguration.builder()
                .clientResources(resources)
                .clientOptions(options)
                .commandTimeout(TIMEOUT)
                .build();
        LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(host, port),
                client);
        factory.start();
        return factory;
    }

    /** {@link Store} over {@link RedisConnector}: serializes, SET; GET, deserializes. Cache off. */
    static final class ProxyStoreSystem implements RedisSystem {

        private final LettuceConnectionFactory factory;
        private final Store store;

        ProxyStoreSystem(LettuceConnectionFactory factory) {
            this.factory = factory;
            // the model package is trusted only for the proxy-size measurement; arrays take the fast paths
            this.store = Store.builder("bench-redis", new RedisConnector(factory, "bench:proxystore:"))
                    .serializer(DefaultSerializer.create().allowPackages("dev.proxystore.benchmarks.model"))
                    .cacheSize(0)
                    .build();
        }

        Store store() {
            return store;
        }

        @Override
        public String name() {
            return "proxystore";
        }

        @Override
        public Object put(Payload payload) {
            return store.put(payload.value());
        }

        @Override
        public Object get(Object handle) {
            return store.get((Key<?>) handle).orElseThrow();
        }

        @Override
        public void delete(Object handle) {
            store.evict((Key<?>) handle);
        }

        @Override
        public void close() {
            store.close();
            factory.destroy();
        }
    }

    /** The floor: {@code RedisTemplate<byte[], byte[]>} SET and GET of bytes serialized beforehand. */
    static final class RedisTemplateSystem implements RedisSystem {

        private final LettuceConnectionFactory factory;
        private final RedisTemplate<byte[], byte[]> template;
        private final ValueOperations<byte[], byte[]> values;

        RedisTemplateSystem(LettuceConnectionFactory factory) {
            this.factory = factory;
            this.template = new RedisTemplate<>();
            template.setConnectionFactory(factory);
            template.setEnableDefaultSerializer(false);
            template.setKeySerializer(RedisSerializer.byteArray());
            template.setValueSerializer(RedisSerializer.byteArray());
            template.afterPropertiesSet();
            this.values = template.opsForValue();
        }

        @Override
        public String name() {
            return "redistemplate";
        }

        @Override
        public Object put(Payload payload) {
            byte[] key = ("bench:template:" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
            values.set(key, payload.serialized());
            return key;
        }

        @Override
        public Object get(Object handle) {
            byte[] value = values.get((byte[]) handle);
            if (value == null) {
                throw new IllegalStateException("missing value");
            }
            return value;
        }

        @Override
        public void delete(Object handle) {
            template.delete((byte[]) handle);
        }

        @Override
        public void close() {
            factory.destroy();
        }
    }

    /** Redisson {@code RBucket} with Redisson's default codec. */
    static final class RedissonSystem implements RedisSystem {

        private final RedissonClient client;

        RedissonSystem(String host, int port) {
            Config config = new Config();
            config.useSingleServer()
                    .setAddress("redis://" + host + ":" + port)
                    .setTimeout((int) TIMEOUT.toMillis())
                    .setConnectTimeout((int) TIMEOUT.toMillis());
            this.client = Redisson.create(config);
        }

        /** The class name of the codec in use, for the report. */
        String codec() {
            return client.getConfig().getCodec().getClass().getSimpleName();
        }

        @Override
        public String name() {
            return "redisson";
        }

        @Override
        public Object put(Payload payload) {
            RBucket<Object> bucket = client.getBucket("bench:redisson:" + UUID.randomUUID());
            bucket.set(payload.value());
            return bucket;
        }

        @Override
        public Object get(Object handle) {
            @SuppressWarnings("unchecked")
            Object value = ((RBucket<Object>) handle).get();
            if (value == null) {
                throw new IllegalStateException("missing value");
            }
            return value;
        }

        @Override
        public void delete(Object handle) {
            ((RBucket<?>) handle).delete();
        }

        @Override
        public void close() {
            client.shutdown();
        }
    }
}
