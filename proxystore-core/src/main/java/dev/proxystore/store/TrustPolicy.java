package dev.proxystore.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Scheduler;
import dev.proxystore.connector.ConnectorConfig;
import dev.proxystore.connector.ConnectorLimits;
import dev.proxystore.connector.Connectors;
import dev.proxystore.serialize.DefaultSerializer;
import dev.proxystore.serialize.Serializer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a process grants the references it reads (Java-serialized proxies, JSON references, stream events): the keys
 * their tags must verify under, what unsigned references may do, whether and where a store may be re-created from a
 * reference's config, and how long a future proxy may wait. The receiver decides: nothing a reference says widens
 * this.
 *
 * <p>Every reference a store writes carries an HMAC-SHA-256 tag, made with the {@linkplain Builder#signingKey signing
 * key}, over everything it asserts. A reference whose tag verifies under the signing key or a
 * {@linkplain Builder#previousSigningKeys previous key} is honoured as written; one whose tag verifies under none is
 * refused with an {@link UntrustedReferenceException}; one without a tag follows {@link UnsignedReferences}.
 *
 * <p>The {@linkplain #defaults() default policy} signs with the key in system property {@value #SIGNING_KEY_PROPERTY}
 * or environment variable {@value #SIGNING_KEY_ENV}, or else with a random key made for this process: references then
 * verify within this JVM only, and processes that exchange references set the same key. Unsigned references are
 * read-only, no store is re-created, and futures wait at most five minutes.
 *
 * <pre>{@code
 * TrustPolicy policy = TrustPolicy.builder()
 *         .signingKey(System.getenv("ORDERS_SIGNING_KEY"))
 *         .recreateStores("redis").allowServers("redis.internal:6379")
 *         .build();
 * StoreRegistry.attachToGlobal(StoreRegistry.create(policy));   // Java-deserialized references follow it
 * }</pre>
 *
 * <p>A policy that re-creates stores keeps them (at most {@link Builder#maxRecreatedStores}, closed when unused for
 * {@link Builder#recreatedStoreIdleTimeout}); {@link #close()} closes them. Thread-safe.
 *
 * <p>Longer than most classes because of its builder: every setting is checked at its setter, with its Javadoc.
 */
public final class TrustPolicy implements AutoCloseable {

    /** System property with the default signing key (text, or {@code base64:} and base64). */
    public static final String SIGNING_KEY_PROPERTY = "proxystore.signing-key";
    /** Environment variable with the default signing key, read when the system property is not set. */
    public static final String SIGNING_KEY_ENV = "PROXYSTORE_SIGNING_KEY";

    /** What an unsigned reference (hand-written JSON, an older sender) may do. */
    public enum UnsignedReferences {
        /** Refuse every unsigned reference. */
        REJECT,
        /**
         * Read an object of a store this process has; never evict, own, wait on a future or re-create a store. The
         * default.
         */
        READ_ONLY,
        /** Honour unsigned references like signed ones: only where every sender is trusted. */
        ACCEPT
    }

    private static final Duration DEFAULT_MAX_FUTURE_WAIT = Duration.ofMinutes(5);
    private static final int DEFAULT_MAX_RECREATED_STORES = 16;
    private static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration DEFAULT_MAX_CONNECTOR_TIMEOUT = Duration.ofSeconds(10);

    private final SigningKey signingKey;
    private final List<SigningKey> verificationKeys;
    private final UnsignedReferences unsignedReferences;
    private final Duration maxFutureWait;
    private final ConnectorLimits limits;
    private final int maxRecreatedStores;
    private final Duration idleTimeout;
    private final Serializer serializer;
    private final Clock clock;
    private final Object lock = new Object();
    private @Nullable Cache<Recreated, Store> recreated;
    private boolean closed;

    private TrustPolicy(Builder builder) {
        this.signingKey = builder.signingKey != null ? builder.signingKey : DefaultKey.KEY;
        Set<SigningKey> keys = new LinkedHashSet<>();
        keys.add(signingKey);
        keys.addAll(builder.previousKeys);
        this.verificationKeys = List.copyOf(keys);
        this.unsignedReferences = builder.unsignedReferences;
        this.maxFutureWait = builder.maxFutureWait;
        this.limits = ConnectorLimits.of(builder.recreatedTypes, builder.servers, builder.roots,
                builder.maxConnectorTimeout);
        this.maxRecreatedStores = builder.maxRecreatedStores;
        this.idleTimeout = builder.idleTimeout;
        this.serializer = builder.serializer != null ? builder.serializer : DefaultSerializer.create();
        this.clock = builder.clock;
    }

    /** The process's default policy (see the class description). */
    public static TrustPolicy defaults() {
        return DefaultPolicy.POLICY;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** What unsigned references may do. */
    public UnsignedReferences unsignedReferences() {
        return unsignedReferences;
    }

    /** The longest a future proxy read by this process waits for its result, whatever the reference says. */
    public Duration maxFutureWait() {
        return maxFutureWait;
    }

    /** The connector types a store may be re-created with; empty when stores are never re-created. */
    public Set<String> recreatedConnectorTypes() {
        return limits.types();
    }

    /** How many stores this policy has re-created and keeps open now. */
    public int recreatedStores() {
        Cache<Recreated, Store> cache;
        synchronized (lock) {
            cache = recreated;
        }
        if (cache == null) {
            return 0;
        }
        cache.cleanUp();
        return (int) cache.estimatedSize();
    }

    /** Closes the stores this policy re-created; later re-creations are refused. Idempotent. */
    @Override
    public void close() {
        Cache<Recreated, Store> cache;
        synchronized (lock) {
            closed = true;
            cache = recreated;
            recreated = null;
        }
        if (cache != null) {
            cache.invalidateAll();
            cache.cleanUp();
        }
    }

    @Override
    public String toString() {
        return "TrustPolicy[unsignedReferences=" + unsignedReferences + ", verificationKeys=" + verificationKeys.size()
                + ", recreate=" + limits + ", maxFutureWait=" + maxFutureWait + "]";
    }

    SigningKey signingKey() {
        return signingKey;
    }

    /** Whether {@code tag} is the tag of {@code data} under one of this policy's keys. */
    boolean verifies(byte[] data, byte[] tag) {
        for (SigningKey key : verificationKeys) {
            if (key.verifies(data, tag)) {
                return true;
            }
        }
        return false;
    }

    Clock clock() {
        return clock;
    }

    /**
     * Checks, opening nothing, that a store named {@code name} may be re-created from {@code connector}.
     *
     * @throws UntrustedReferenceException naming what the config asks for that this policy does not allow
     */
    void checkRecreation(String name, ConnectorConfig connector) {
        if (limits.types().isEmpty()) {
            throw new UntrustedReferenceException(name, "this process has no store of that name and re-creates no"
                    + " store from a reference (TrustPolicy.Builder.recreateStores, or in Spring"
                    + " proxystore.security.recreate-stores.connector-types)");
        }
        try {
            Connectors.check(connector, limits);
        } catch (IllegalArgumentException e) {
            throw new UntrustedReferenceException(name, "this process has no store of that name and may not"
                    + " re-create it from the reference's config: " + e.getMessage());
        }
    }

    /**
     * The store this policy re-created for {@code name} and {@code connector}, creating it within the limits if
     * needed. Never registered: it can never replace or shadow a store the application has.
     *
     * @throws UntrustedReferenceException if the config asks for more than this policy allows
     */
    Store recreate(String name, ConnectorConfig connector) {
        checkRecreation(name, connector);
        Cache<Recreated, Store> cache = recreatedCache(name);
        Store store = cache.get(new Recreated(name, connector), key -> Store.builder(name,
                        Connectors.create(connector, limits))
                .serializer(serializer)
                .trustPolicy(this)
                .build());
        if (store.isClosed()) {
            cache.asMap().remove(new Recreated(name, connector), store);
            return recreate(name, connector);
        }
        return store;
    }

    private Cache<Recreated, Store> recreatedCache(String name) {
        synchronized (lock) {
            if (closed) {
                throw new UntrustedReferenceException(name, "the trust policy that would re-create it is closed");
            }
            Cache<Recreated, Store> cache = recreated;
            if (cache == null) {
                cache = Caffeine.newBuilder()
                        .maximumSize(maxRecreatedStores)
                        .expireAfterAccess(idleTimeout)
                        .scheduler(Scheduler.systemScheduler())
                        .executor(Runnable::run)
                        .<Recreated, Store>removalListener((key, store, cause) -> {
                            if (store != null) {
                                store.close();
                            }
                        })
                        .build();
                recreated = cache;
            }
            return cache;
        }
    }

    private record Recreated(String name, ConnectorConfig connector) {}

    /** Builds a {@link TrustPolicy}; every setting has a default, and each may be set once. */
    public static final class Builder {

        private @Nullable SigningKey signingKey;
        private final List<SigningKey> previousKeys = new ArrayList<>();
        private boolean previousKeysSet;
        private UnsignedReferences unsignedReferences = UnsignedReferences.READ_ONLY;
        private boolean unsignedReferencesSet;
        private Duration maxFutureWait = DEFAULT_MAX_FUTURE_WAIT;
        private boolean maxFutureWaitSet;
        private final Set<String> recreatedTypes = new LinkedHashSet<>();
        private final Set<String> servers = new LinkedHashSet<>();
        private final List<Path> roots = new ArrayList<>();
        private int maxRecreatedStores = DEFAULT_MAX_RECREATED_STORES;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private Duration maxConnectorTimeout = DEFAULT_MAX_CONNECTOR_TIMEOUT;
        private @Nullable Serializer serializer;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * The key that signs this process's references and verifies others'; default the process's default key. Text
         * is used as its UTF-8 bytes; a {@code base64:} prefix means base64. At least 32 bytes.
         *
         * @throws IllegalArgumentException if it is shorter than 32 bytes or not valid base64
         * @throws IllegalStateException if a signing key was already set
         */
        public Builder signingKey(String key) {
            requireUnset(signingKey == null, "signing key");
            this.signingKey = SigningKey.parse(Objects.requireNonNull(key, "key"), "the signing key");
            return this;
        }

        /** The signing key as bytes; see {@link #signingKey(String)}. */
        public Builder signingKey(byte[] key) {
            requireUnset(signingKey == null, "signing key");
            this.signingKey = SigningKey.of(Objects.requireNonNull(key, "key"), "the signing key");
            return this;
        }

        /**
         * Keys that no longer sign but still verify, so references signed before a key rotation stay readable until
         * the key is removed from this list. Same format as {@link #signingKey(String)}.
         */
        public Builder previousSigningKeys(Collection<String> keys) {
            requireUnset(!previousKeysSet, "previous signing keys");
            previousKeysSet = true;
            int index = 0;
            for (String key : keys) {
                previousKeys.add(SigningKey.parse(Objects.requireNonNull(key, "key"),
                        "previous signing key [" + index++ + "]"));
            }
            return this;
        }

        /** See {@link #previousSigningKeys(Collection)}. */
        public Builder previousSigningKeys(String... keys) {
            return previousSigningKeys(Arrays.asList(keys));
        }

        /** What unsigned references may do; default {@link UnsignedReferences#READ_ONLY}. */
        public Builder unsignedReferences(UnsignedReferences policy) {
            requireUnset(!unsignedReferencesSet, "unsigned references policy");
            unsignedReferencesSet = true;
            this.unsignedReferences = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** The longest a future proxy read by this process waits; default five minutes. */
        public Builder maxFutureWait(Duration wait) {
            requireUnset(!maxFutureWaitSet, "maximum future wait");
            maxFutureWaitSet = true;
            this.maxFutureWait = positive(wait, "maximum future wait");
            return this;
        }

        /**
         * Lets references of stores this process does not have re-create them, from the config such a reference
         * carries (only stores configured to carry their config in references do), for these connector types only
         * (for example {@code "redis"}), and only within the servers, directories and timeouts allowed here. Default:
         * no store is ever re-created.
         */
        public Builder recreateStores(String... connectorTypes) {
            for (String type : connectorTypes) {
                recreatedTypes.add(Objects.requireNonNull(type, "connectorType"));
            }
            return this;
        }

        /**
         * Servers ({@code host:port}) a re-created connector may connect to; the only ones it ever gets secrets for.
         *
         * @throws IllegalArgumentException if one is not {@code host:port}
         */
        public Builder allowServers(String... hostAndPorts) {
            List<String> checked = List.of(hostAndPorts);
            ConnectorLimits.of(List.of(), checked, List.of(), DEFAULT_MAX_CONNECTOR_TIMEOUT);
            servers.addAll(checked);
            return this;
        }

        /** Directories below which a re-created file connector may open an existing directory; none is created. */
        public Builder allowDirectories(Path... roots) {
            for (Path root : roots) {
                this.roots.add(Objects.requireNonNull(root, "root"));
            }
            return this;
        }

        /** The most stores re-created at once; the least used is closed beyond it. Default 16. */
        public Builder maxRecreatedStores(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("the maximum number of re-created stores must be positive, was "
                        + max);
            }
            this.maxRecreatedStores = max;
            return this;
        }

        /** How long a re-created store stays open unused; default ten minutes. */
        public Builder recreatedStoreIdleTimeout(Duration timeout) {
            this.idleTimeout = positive(timeout, "idle timeout");
            return this;
        }

        /** The longest command or connect timeout a re-created connector uses, whatever its config says; 10 s. */
        public Builder maxConnectorTimeout(Duration timeout) {
            this.maxConnectorTimeout = positive(timeout, "maximum connector timeout");
            return this;
        }

        /**
         * The serializer re-created stores read with (the reference never chooses it); default
         * {@link DefaultSerializer#create()}.
         */
        public Builder serializer(Serializer serializer) {
            this.serializer = Objects.requireNonNull(serializer, "serializer");
            return this;
        }

        /** The clock reference expiries are checked against; default the system clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The policy. */
        public TrustPolicy build() {
            return new TrustPolicy(this);
        }

        private static void requireUnset(boolean unset, String what) {
            if (!unset) {
                throw new IllegalStateException("the " + what + " was already set");
            }
        }

        private static Duration positive(Duration duration, String what) {
            Objects.requireNonNull(duration, what);
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("the " + what + " must be positive, was " + duration);
            }
            return duration;
        }
    }

    /** The process's default key, read once: system property, environment variable, or random. */
    private static final class DefaultKey {

        static final SigningKey KEY = load();

        private static SigningKey load() {
            String property = System.getProperty(SIGNING_KEY_PROPERTY);
            if (property != null && !property.isBlank()) {
                return SigningKey.parse(property, "system property " + SIGNING_KEY_PROPERTY);
            }
            String env = System.getenv(SIGNING_KEY_ENV);
            if (env != null && !env.isBlank()) {
                return SigningKey.parse(env, "environment variable " + SIGNING_KEY_ENV);
            }
            byte[] random = new byte[SigningKey.MIN_BYTES];
            new SecureRandom().nextBytes(random);
            return SigningKey.of(random, "a random key");
        }
    }

    private static final class DefaultPolicy {

        static final TrustPolicy POLICY = builder().build();
    }
}
