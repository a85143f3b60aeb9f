package dev.proxystore.benchmarks.compare;

import dev.proxystore.benchmarks.redis.RespClient;
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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.redisson.Redisson;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisClientConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.ValueOperations;
import org.springframework.data.redis.serializer.RedisSerializer;
import redis.clients.jedis.ConnectionPoolConfig;

/** The systems compared over Redis. Each writes a payload under a fresh key, reads it back and deletes it. */
final class RedisSystems {

    /** The name of the {@link FloorSystem}, the baseline of every ratio. */
    static final String FLOOR = "floor";

    /**
     * Generous, so that 100 MiB transfers on a loaded machine never time out; the same for every system (the floor:
     * for the connect only).
     */
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private RedisSystems() {
    }

    /** One system under test. Handles are whatever the system needs to find the value again. */
    interface RedisSystem extends AutoCloseable {

        String name();

        /** Writes the payload under a new key. */
        Object put(Payload payload);

        /** Reads the value back: an object for systems that deserialize, the stored bytes for the raw clients. */
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

    /**
     * A Jedis connection factory as Spring Boot builds it for {@code spring.data.redis.client-type=jedis}: pooled
     * ({@code spring.data.redis.jedis.pool} defaults: at most 8 connections), with the same timeouts as the others.
     */
    static JedisConnectionFactory jedisFactory(String host, int port) {
        JedisClientConfiguration client = JedisClientConfiguration.builder()
                .connectTimeout(TIMEOUT)
                .readTimeout(TIMEOUT)
                .usePooling().poolConfig(new ConnectionPoolConfig())
                .build();
        JedisConnectionFactory factory = new JedisConnectionFactory(new RedisStandaloneConfiguration(host, port),
                client);
        factory.start();
        return factory;
    }

    /** Releases a Lettuce or Jedis connection factory. */
    private static void destroy(RedisConnectionFactory factory) {
        try {
            ((DisposableBean) factory).destroy();
        } catch (Exception e) {
            throw new IllegalStateException("cannot close " + factory, e);
        }
    }

    /** {@link Store} over {@link RedisConnector} on a given factory: serializes, SET; GET, deserializes. Cache off. */
    static final class ProxyStoreSystem implements RedisSystem {

        private final String name;
        private final @Nullable RedisConnectionFactory factory;
        private final Store store;

        /** {@code storeName} goes into every serialized proxy, so it counts in the proxy-size measurement. */
        ProxyStoreSystem(String name, String storeName, RedisConnectionFactory factory) {
            this(name, storeName, new RedisConnector(factory, "bench:" + name + ":"), factory);
        }

        /**
         * On the connector's own connections ({@code RedisConnector.builder}, what a store with its own
         * {@code redis.host}/{@code port} uses).
         */
        ProxyStoreSystem(String name, String storeName, String host, int port) {
            this(name, storeName, RedisConnector.builder("bench:" + name + ":").host(host).port(port).timeout(TIMEOUT)
                    .build(), null);
        }

        private ProxyStoreSystem(String name, String storeName, RedisConnector connector,
                @Nullable RedisConnectionFactory factory) {
            this.name = name;
            this.factory = factory;
            // the model package is trusted only for the proxy-size measurement; arrays take the fast paths
            this.store = Store.builder(storeName, connector)
                    .serializer(DefaultSerializer.create().allowPackages("dev.proxystore.benchmarks.model"))
                    .cacheSize(0)
                    .build();
        }

        Store store() {
            return store;
        }

        @Override
        public String name() {
            return name;
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
            if (factory != null) {
                destroy(factory);
            }
        }
    }

    /** Raw Spring Data Redis on a given factory: {@code RedisTemplate<byte[], byte[]>} SET and GET of the bytes. */
    static final class RedisTemplateSystem implements RedisSystem {

        private final String name;
        private final RedisConnectionFactory factory;
        private final RedisTemplate<byte[], byte[]> template;
        private final ValueOperations<byte[], byte[]> values;

        RedisTemplateSystem(String name, RedisConnectionFactory factory) {
            this.name = name;
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
            return name;
        }

        @Override
        public Object put(Payload payload) {
            byte[] key = ("bench:" + name + ":" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
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
            destroy(factory);
        }
    }

    /**
     * The floor: {@link RespClient}, a minimal blocking RESP client, SET and GET of the bytes serialized beforehand
     * over one connection per thread (opened on the thread's first call, all closed by {@link #close()}).
     */
    static final class FloorSystem implements RedisSystem {

        private final String host;
        private final int port;
        private final List<RespClient> clients = new ArrayList<>();
        private final ThreadLocal<RespClient> client = ThreadLocal.withInitial(this::connect);

        FloorSystem(String host, int port) {
            this.host = host;
            this.port = port;
        }

        private RespClient connect() {
            RespClient connection = new RespClient(host, port, TIMEOUT);
            synchronized (clients) {
                clients.add(connection);
            }
            return connection;
        }

        @Override
        public String name() {
            return FLOOR;
        }

        @Override
        public Object put(Payload payload) {
            byte[] key = ("bench:floor:" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
            client.get().set(key, payload.serialized());
            return key;
        }

        @Override
        public Object get(Object handle) {
            byte[] value = client.get().get((byte[]) handle);
            if (value == null) {
                throw new IllegalStateException("missing value");
            }
            return value;
        }

        @Override
        public void delete(Object handle) {
            client.get().del((byte[]) handle);
        }

        @Override
        public void close() {
            synchronized (clients) {
                clients.forEach(RespClient::close);
                clients.clear();
            }
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
