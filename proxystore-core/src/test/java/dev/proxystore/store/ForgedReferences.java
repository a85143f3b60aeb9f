package dev.proxystore.store;

import dev.proxystore.connector.ConnectorConfig;
import dev.proxystore.jackson.ProxyStoreJacksonModule;
import dev.proxystore.proxy.Proxies;
import dev.proxystore.proxy.SerializableSupplier;
import dev.proxystore.serialize.SerializerConfig;
import dev.proxystore.testing.JavaSerialization;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * References as an attacker writes them: any claims, unsigned or signed with a key the receiver does not hold, in the
 * Java-serialized form of a proxy or as JSON.
 */
public final class ForgedReferences {

    private static final JsonMapper MAPPER = JsonMapper.builder().addModule(new ProxyStoreJacksonModule()).build();

    /** A signing key no receiver in the tests holds. */
    public static final String ATTACKER_KEY = "an attacker's own key, 32 bytes or more";

    private ForgedReferences() {
    }

    /** A plain reference to {@code key} in the store named {@code store}. */
    public static Forgery reference(String store, String key) {
        return new Forgery(store, key);
    }

    /** The claims of a forged reference, set one by one. */
    public static final class Forgery {

        private final String store;
        private final String key;
        private Reference.Kind kind = Reference.Kind.PLAIN;
        private boolean evict;
        private @Nullable ConnectorConfig connector;
        private @Nullable UUID instance;
        private long timeoutMillis;
        private Claims.@Nullable Backoff backoff;
        private @Nullable String serializer;
        private long expiresMillis;
        private String type = "";

        private Forgery(String store, String key) {
            this.store = store;
            this.key = key;
        }

        public Forgery evict(boolean evict) {
            this.evict = evict;
            return this;
        }

        public Forgery connector(String type, Map<String, String> options) {
            this.connector = new ConnectorConfig(type, options);
            return this;
        }

        public Forgery instance(UUID instance) {
            this.instance = instance;
            return this;
        }

        public Forgery future(Duration timeout) {
            this.kind = Reference.Kind.FUTURE;
            this.timeoutMillis = timeout.toMillis();
            return this;
        }

        /** A future polling as {@code polling} says, in the format that carries polling settings. */
        public Forgery future(Polling polling) {
            future(polling.timeout());
            this.backoff = Claims.Backoff.of(polling);
            return this;
        }

        public Forgery serializer(SerializerConfig config) {
            this.serializer = SerializerClaims.of(config);
            return this;
        }

        public Forgery expires(Instant at) {
            this.expiresMillis = at.toEpochMilli();
            return this;
        }

        public Forgery type(String type) {
            this.type = type;
            return this;
        }

        /** A Java-serialized proxy of {@code proxiedType} carrying these claims without a tag. */
        public byte[] javaUnsigned(Class<?> proxiedType) {
            return JavaSerialization.serialize(proxy(proxiedType, null));
        }

        /** A Java-serialized proxy of {@code proxiedType} carrying these claims, tagged with {@code key}. */
        public byte[] javaSignedWith(String signingKey, Class<?> proxiedType) {
            return JavaSerialization.serialize(proxy(proxiedType, signingKey));
        }

        /** The JSON reference of these claims without a tag. */
        public String jsonUnsigned() {
            return json(null);
        }

        /** The JSON reference of these claims, tagged with {@code key}. */
        public String jsonSignedWith(String signingKey) {
            return json(signingKey);
        }

        private String json(@Nullable String signingKey) {
            return MAPPER.writeValueAsString(proxy(java.util.List.class, signingKey));
        }

        private Object proxy(Class<?> proxiedType, @Nullable String signingKey) {
            String claimedType = type.isEmpty() ? proxiedType.getName() : type;
            Claims claims = new Claims(kind, store, instance, key, claimedType, evict, timeoutMillis, null, serializer,
                    connector, expiresMillis, backoff).validated();
            byte[] tag = signingKey == null ? null : SigningKey.parse(signingKey, "a test key").tag(claims.encode());
            StoreConfig config = new StoreConfig(store, connector != null ? connector : ConnectorConfig.unspecified(),
                    0, false, true, false, SerializerConfig.defaults());
            StoreFactory<Object> factory = new StoreFactory<>(new Key<>(key), config, evict)
                    .received(claims, tag, true, StoreRegistry.create(), null);
            Polling polling = claims.polling();
            SerializableSupplier<Object> supplier = polling != null
                    ? new PollingStoreFactory<>(factory, polling, claimedType) : factory;
            @SuppressWarnings("unchecked")
            Class<Object> type = (Class<Object>) proxiedType;
            return Proxies.create(type, supplier);
        }
    }
}
