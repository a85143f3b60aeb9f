package dev.proxystore.connector.redis;

import dev.proxystore.connector.BufferConnector;
import dev.proxystore.connector.ConnectorConfig;
import dev.proxystore.connector.ConnectorException;
import dev.proxystore.connector.DeferrableConnector;
import dev.proxystore.connector.ExpiringConnector;
import dev.proxystore.connector.ObjectTooLargeException;
import dev.proxystore.serialize.Payload;
import io.lettuce.core.resource.ClientResources;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Stores bytes in Redis (standalone, Sentinel or Cluster) under the Redis keys {@code <prefix><key>}, where every key
 * the connector hands out and accepts is a UUID.
 *
 * <p>Either wraps an application's {@link RedisConnectionFactory}, which it does not own, or builds and owns a
 * Lettuce factory from {@link #builder(String) settings}. Every call borrows a connection from the factory; on a
 * Lettuce factory it uses Lettuce's own asynchronous API (the payload written into the network buffer and read where
 * Lettuce holds it), on others Spring Data's raw {@code byte[]} commands (no serializers). With Lettuce's default shared native
 * connection that is one multiplexed connection per factory: concurrent calls pipeline on it and no call opens a
 * connection (a factory with {@code shareNativeConnection=false} and no pool would open one per call).
 *
 * <p>Keys never carry the prefix: the connector applies its own to every key, and accepts only UUIDs
 * ({@link IllegalArgumentException} otherwise), so a key from a reference cannot read or delete anything outside this
 * connector's prefix, and a reference does not reveal it. {@link #putBatch} is one {@code MSET}, all or nothing on
 * standalone Redis; on a cluster Lettuce sends one {@code MSET} per hash slot. If it fails, the batch's keys are
 * deleted on a best-effort basis (slots that succeeded, or an {@code MSET} that timed out but still ran) before the
 * {@link ConnectorException} is thrown. {@link #getBatch} is one {@code MGET}, split by slot on a cluster.
 *
 * <p>A Redis that is down, refuses or times out surfaces as a {@link ConnectorException} naming the server and the
 * command. An owned factory fails at once while disconnected and otherwise within its command timeout; on an
 * application's factory every command waits at most the timeout given to the
 * {@link #RedisConnector(RedisConnectionFactory, String, Duration) constructor} (else the factory's command timeout),
 * and a command Lettuce still queues while disconnected is cancelled when it runs out; a failed batch takes up to
 * twice that. Lettuce reconnects in the background, so the
 * connector works again once Redis is back. A {@link #put} whose reply timed out may still have been stored, under a
 * key no one was given. {@link #close()} releases only an owned factory and deletes nothing.
 *
 * <p>{@link #config()} carries addresses, database, TLS flag, timeout and key prefix, never credentials. A connector
 * re-created from it ({@link RedisConnectorProvider}) takes its password from the receiving side's environment: system
 * property {@value #PASSWORD_PROPERTY} or environment variable {@value #PASSWORD_ENV} (and an ACL user name from
 * {@value #USERNAME_PROPERTY} / {@value #USERNAME_ENV}).
 */
public class RedisConnector implements DeferrableConnector, ExpiringConnector, BufferConnector {

    /** The connector type in {@link ConnectorConfig#type()}. */
    public static final String TYPE = "redis";
    /** System property holding the password for connectors built without an explicit one. */
    public static final String PASSWORD_PROPERTY = "proxystore.redis.password";
    /** Environment variable holding the password, used when the system property is not set. */
    public static final String PASSWORD_ENV = "PROXYSTORE_REDIS_PASSWORD";
    /** System property holding the ACL user name for connectors built without an explicit one. */
    public static final String USERNAME_PROPERTY = "proxystore.redis.username";
    /** Environment variable holding the ACL user name, used when the system property is not set. */
    public static final String USERNAME_ENV = "PROXYSTORE_REDIS_USERNAME";

    private final RedisKeys keys;
    private final RedisCommands commands;
    private final SizeGuard sizeGuard;
    private final RedisBatches batches;
    private final @Nullable LettuceConnectionFactory ownedFactory;
    private final String location;
    private final ConnectorConfig config;

    /**
     * A connector on an application's connection factory (standalone, Sentinel or Cluster), which must be started and
     * which {@link #close()} leaves open.
     *
     * @param connectionFactory the factory to borrow connections from
     * @param keyPrefix prefix of every key, for example {@code proxystore:<store>:}; not empty
     */
    public RedisConnector(RedisConnectionFactory connectionFactory, String keyPrefix) {
        this(Objects.requireNonNull(connectionFactory, "connectionFactory"), new RedisKeys(keyPrefix), null, null);
    }

    /**
     * A connector on an application's Lettuce connection factory whose every command waits at most {@code timeout}
     * for its reply, whatever the factory's command timeout (a command still queued while Redis is unreachable is
     * then cancelled). The factory must be started; {@link #close()} leaves it open.
     *
     * @param connectionFactory the factory to borrow connections from
     * @param keyPrefix prefix of every key, for example {@code proxystore:<store>:}; not empty
     * @param timeout the longest wait for a reply; positive
     * @throws IllegalArgumentException if the factory is not a {@link LettuceConnectionFactory} (set another driver's
     *     timeout on its factory), or the timeout is not positive
     */
    public RedisConnector(RedisConnectionFactory connectionFactory, String keyPrefix, Duration timeout) {
        this(Objects.requireNonNull(connectionFactory, "connectionFactory"), new RedisKeys(keyPrefix),
                positive(timeout), null);
    }

    private RedisConnector(RedisConnectionFactory factory, RedisKeys keys, @Nullable Duration timeout,
            @Nullable LettuceConnectionFactory ownedFactory) {
        this(keys, RedisLocation.of(factory), timeout, ownedFactory,
                (location, owner) -> RedisCommands.of(factory, timeout, location, owner));
    }

    private RedisConnector(RedisKeys keys, RedisLocation redisLocation, @Nullable Duration timeout,
            @Nullable LettuceConnectionFactory ownedFactory, BiFunction<String, String, RedisCommands> commands) {
        this.keys = keys;
        this.ownedFactory = ownedFactory;
        this.location = redisLocation.toString();
        Map<String, String> options = new LinkedHashMap<>(redisLocation.options());
        if (timeout != null) {
            options.put(RedisLocation.TIMEOUT_MS, Long.toString(timeout.toMillis()));
        }
        options.put(RedisLocation.KEY_PREFIX, keys.prefix());
        this.config = new ConnectorConfig(TYPE, options);
        this.commands = commands.apply(location, toString());
        this.sizeGuard = new SizeGuard(this.commands);
        this.batches = new RedisBatches(keys, this.commands, sizeGuard, location);
    }

    private static Duration positive(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        return timeout;
    }

    /** Settings for a connector that owns its connection factory; every key starts with {@code keyPrefix}. */
    public static Builder builder(String keyPrefix) {
        return new Builder(keyPrefix);
    }

    /** The prefix of every key this connector hands out or accepts. */
    public String keyPrefix() {
        return keys.prefix();
    }

    /** {@inheritDoc} A UUID: the key prefix is this connector's own and never part of a key it hands out. */
    @Override
    public String newKey() {
        return keys.newKey();
    }

    @Override
    public String put(byte[] data) {
        Objects.requireNonNull(data, "data");
        String key = newKey();
        commands.set(key, keys.raw(key), data);
        return key;
    }

    /**
     * {@inheritDoc} On a Lettuce connection factory the payload is written straight into the network buffer (one copy
     * from the object's array); on others it goes through an array.
     */
    @Override
    public String put(Payload payload) {
        Objects.requireNonNull(payload, "payload");
        String key = newKey();
        commands.set(key, keys.raw(key), payload);
        return key;
    }

    /**
     * {@inheritDoc} One {@code PSETEX}: value and expiry (rounded up to whole milliseconds, at least one) are written
     * together, so the object never lives without its expiry, and a failure is the write's own.
     */
    @Override
    public String put(Payload payload, Duration ttl) {
        Objects.requireNonNull(payload, "payload");
        long millis = Math.max(1, ceilMillis(Objects.requireNonNull(ttl, "ttl")));
        String key = newKey();
        commands.set(key, keys.raw(key), payload, millis);
        return key;
    }

    /**
     * {@inheritDoc} On a Lettuce connection factory the reader gets the reply where Lettuce holds it; on others, an
     * array.
     */
    @Override
    public <T> @Nullable T get(String key, long maxBytes, Function<ByteBuffer, T> reader) {
        Objects.requireNonNull(reader, "reader");
        byte[] rawKey = keys.raw(key);
        sizeGuard.checkBefore(key, rawKey, maxBytes);
        return commands.get(key, rawKey, reader);
    }

    @Override
    public void set(String key, byte[] data) {
        byte[] rawKey = keys.raw(key);
        Objects.requireNonNull(data, "data");
        commands.set(key, rawKey, data);
    }

    /** {@inheritDoc} See the class comment for what a failed batch leaves behind. */
    @Override
    public List<String> putBatch(List<byte[]> data) {
        return batches.put(data);
    }

    @Override
    public byte @Nullable [] get(String key) {
        return commands.get(key, keys.raw(key));
    }

    /**
     * {@inheritDoc} With a limit below Redis' own 512 MB, the length is asked first ({@code STRLEN}), so an oversized
     * value is never transferred; without one, a single {@code GET}.
     */
    @Override
    public byte @Nullable [] get(String key, long maxBytes) {
        if (!SizeGuard.limits(maxBytes)) {
            return get(key);
        }
        sizeGuard.checkBefore(key, keys.raw(key), maxBytes);
        byte[] data = get(key);
        if (data != null) {
            SizeGuard.checkRead(key, data.length, maxBytes);
        }
        return data;
    }

    @Override
    public List<byte @Nullable []> getBatch(List<String> keys) {
        return getBatch(keys, Long.MAX_VALUE);
    }

    /**
     * The values of {@code keys} in order, {@code null} for missing ones; {@link ObjectTooLargeException} naming the
     * first key whose value has more than {@code maxBytes}, before any value is loaded. With a limit below Redis' own
     * 512 MB, the lengths are asked first: on a Lettuce factory one pipelined {@code STRLEN} per key (one round trip;
     * on a cluster, to each key's node), on others one {@code STRLEN} after the other. Then one {@code MGET}, split by
     * slot on a cluster; a value that grew in between is caught after it is read.
     */
    @Override
    public List<byte @Nullable []> getBatch(List<String> keys, long maxBytes) {
        return batches.get(keys, maxBytes);
    }

    @Override
    public boolean exists(String key) {
        return commands.exists(key, keys.raw(key));
    }

    @Override
    public void evict(String key) {
        evictIfPresent(key);
    }

    /** {@inheritDoc} One {@code DEL}: atomic on the server. */
    @Override
    public boolean evictIfPresent(String key) {
        return commands.delete(key, keys.raw(key)) > 0;
    }

    /**
     * Sets a server-side time to live ({@code PEXPIRE}, rounded up to whole milliseconds), replacing any earlier one; a
     * missing key is a no-op. A zero or negative {@code ttl} deletes the key at once, as Redis does.
     */
    @Override
    public void expire(String key, Duration ttl) {
        byte[] rawKey = keys.raw(key);
        commands.expire(key, rawKey, ceilMillis(Objects.requireNonNull(ttl, "ttl")));
    }

    /**
     * Type {@value #TYPE}; options {@code host}, {@code port}, {@code database} (or {@code cluster-nodes}, or
     * {@code sentinel-master} and {@code sentinel-nodes}), {@code ssl} when enabled, {@code timeout-ms} and
     * {@code key-prefix}. Only Lettuce factories reveal where they connect; for others only {@code key-prefix} is
     * known, and re-creating such a connector from this config fails.
     */
    @Override
    public ConnectorConfig config() {
        return config;
    }

    /**
     * Closes the connections this connector opened, or the connection factory it built. Deletes nothing. Idempotent.
     */
    @Override
    public void close() {
        if (commands.close() && ownedFactory != null) {
            ownedFactory.destroy();
        }
    }

    @Override
    public String toString() {
        return "RedisConnector[" + location + ", prefix " + keys.prefix() + "]";
    }

    private static long ceilMillis(Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            return 0;
        }
        try {
            long millis = ttl.toMillis();
            return ttl.compareTo(Duration.ofMillis(millis)) > 0 ? millis + 1 : millis;
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * Settings for a {@link RedisConnector} that owns its connections. To a standalone server without TLS it talks on
     * blocking connections of its own, one per concurrent caller (up to 64), each command written and its reply read
     * by the calling thread (no event loop between: on a local server a 1 KiB put+get takes about what the bare socket
     * round trips take); to Cluster, Sentinel, with TLS or with {@link #clientResources} it builds and owns a Lettuce
     * connection factory. Defaults: standalone {@code localhost:6379}, database 0, no TLS, command timeout 5 s,
     * Lettuce client resources shared by all such connectors in the JVM. Without an explicit {@link #password}, the
     * password comes from system property {@value RedisConnector#PASSWORD_PROPERTY} or environment variable
     * {@value RedisConnector#PASSWORD_ENV}, if set (likewise the ACL user name), unless
     * {@link #credentialsFromEnvironment} turns that off. Not thread-safe.
     */
    public static final class Builder {

        /** The command timeout used unless {@link #timeout} sets another. */
        public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

        private final String keyPrefix;
        private final OwnedFactoryBuilder factory = new OwnedFactoryBuilder();

        private Builder(String keyPrefix) {
            this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
        }

        /** Standalone server host; default {@code localhost}. */
        public Builder host(String host) {
            factory.host(host);
            return this;
        }

        /** Standalone server port; default 6379. */
        public Builder port(int port) {
            factory.port(port);
            return this;
        }

        /** Database index on a standalone server or Sentinel-managed master; default 0. */
        public Builder database(int database) {
            factory.database(database);
            return this;
        }

        /** Connects to a Redis Cluster through these seed nodes, {@code host:port} each. */
        public Builder clusterNodes(Collection<String> hostAndPorts) {
            factory.clusterNodes(hostAndPorts);
            return this;
        }

        /** Connects to the master {@code master} found through these Sentinels, {@code host[:port]} each. */
        public Builder sentinel(String master, Collection<String> sentinelHostAndPorts) {
            factory.sentinel(master, sentinelHostAndPorts);
            return this;
        }

        /** Command timeout, also used as connect timeout; default {@link #DEFAULT_TIMEOUT}. */
        public Builder timeout(Duration timeout) {
            factory.timeout(timeout);
            return this;
        }

        /** Whether to connect with TLS; default {@code false}. */
        public Builder ssl(boolean ssl) {
            factory.ssl(ssl);
            return this;
        }

        /** ACL user name; kept out of {@link RedisConnector#config()}. */
        public Builder username(@Nullable String username) {
            factory.username(username);
            return this;
        }

        /** Password ({@code AUTH}); kept out of {@link RedisConnector#config()}. */
        public Builder password(@Nullable String password) {
            factory.password(password);
            return this;
        }

        /**
         * Whether a username or password not given here is read from {@link RedisConnector#USERNAME_PROPERTY} /
         * {@link RedisConnector#USERNAME_ENV} and {@link RedisConnector#PASSWORD_PROPERTY} /
         * {@link RedisConnector#PASSWORD_ENV}; default {@code true}. Turn it off when the credentials given are the
         * whole truth (copied from another client's configuration, for example).
         */
        public Builder credentialsFromEnvironment(boolean fromEnvironment) {
            factory.environmentCredentials(fromEnvironment);
            return this;
        }

        /**
         * Lettuce's event loops, timers and reconnect delay for the connector's factory, which the caller owns and
         * shuts down after closing the connector. By default, resources shared by every connector built without
         * them, whose reconnect attempts back off exponentially up to one second.
         */
        public Builder clientResources(ClientResources clientResources) {
            factory.clientResources(clientResources);
            return this;
        }

        /**
         * A connector owning its connections (see the class comment), or a new, started Lettuce connection factory.
         * Does not connect yet: an unreachable server shows as {@link ConnectorException}s on use.
         *
         * @throws IllegalStateException if both cluster nodes and Sentinels, or either and a host or port, were set
         */
        public RedisConnector build() {
            RedisKeys keys = new RedisKeys(keyPrefix);
            if (factory.direct()) {
                return new RedisConnector(keys, factory.directLocation(), null, null, factory::directCommands);
            }
            LettuceConnectionFactory owned = factory.build();
            try {
                return new RedisConnector(owned, keys, null, owned);
            } catch (RuntimeException e) {
                owned.destroy();
                throw e;
            }
        }
    }
}
