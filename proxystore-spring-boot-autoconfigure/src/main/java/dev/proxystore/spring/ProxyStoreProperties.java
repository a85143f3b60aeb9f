package dev.proxystore.spring;

import dev.proxystore.store.TrustPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties under {@code proxystore}: the stores to create and the serializer they share.
 *
 * <pre>
 * proxystore:
 *   stores:
 *     small:
 *       connector: redis
 *     large:
 *       connector: file
 *       file:
 *         directory: /scratch/proxystore
 * </pre>
 *
 * <p>Long because it is the whole property tree, each property with the description its metadata shows.
 */
@ConfigurationProperties(prefix = ProxyStoreProperties.PREFIX, ignoreUnknownFields = false)
public class ProxyStoreProperties {

    /** The prefix of every ProxyStore property. */
    public static final String PREFIX = "proxystore";

    /** Whether to auto-configure ProxyStore at all. */
    private boolean enabled = true;

    /**
     * Whether every store keeps its objects in this process, on a local connector, whatever its connector setting
     * says; names, cache sizes and the other settings stay. For tests that run without Redis or shared directories.
     */
    private boolean localStores;

    /**
     * The stores to create, by store name (which is also the bean name). Each store takes: connector (local, file,
     * redis, multi; default local), cache-size (16), populate-target (true), metrics (true), primary (false),
     * redis.key-prefix (proxystore:<name>:), redis.host, redis.port, redis.database, redis.timeout, file.directory,
     * and for multi stores multi.<label>.{connector, min-size, max-size, priority, tags, superset-tags, host-pattern,
     * redis.*, file.*}. When none
     * is declared, one local store named "default" is created. Any other connector type comes from a
     * ConnectorProvider and takes options.<name> settings.
     */
    private Map<String, StoreProperties> stores = new LinkedHashMap<>();

    /** What references (Java-serialized proxies, JSON references) this application reads are granted. */
    private final Security security = new Security();

    /** Settings of the serializer shared by the stores. */
    private final Serializer serializer = new Serializer();

    /** Settings of the JSON support (proxies in JSON bodies travel as references). */
    private final Jackson jackson = new Jackson();

    /** Settings of @Async methods whose results travel as proxies. */
    private final Async async = new Async();

    /** Settings of the stream producer and consumer beans. */
    @NestedConfigurationProperty
    private final StreamProperties stream = new StreamProperties();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public boolean isLocalStores() {
        return localStores;
    }

    public void setLocalStores(boolean localStores) {
        this.localStores = localStores;
    }

    public Security getSecurity() {
        return security;
    }

    public Map<String, StoreProperties> getStores() {
        return stores;
    }

    public void setStores(Map<String, StoreProperties> stores) {
        this.stores = stores;
    }

    public Serializer getSerializer() {
        return serializer;
    }

    public Jackson getJackson() {
        return jackson;
    }

    public StreamProperties getStream() {
        return stream;
    }

    public Async getAsync() {
        return async;
    }

    /** Settings of {@code @Async} methods whose results are returned as proxies. */
    public static class Async {

        /** Name of the store that @Async results (Future, CompletableFuture) are written to; unset: off. */
        private @Nullable String store;

        /** Proxy only results whose serialized form is at least this large; unset: every proxiable result. */
        private @Nullable DataSize minSize;

        /** Whether results are owned proxies (evicted when dropped). */
        private boolean ownership;

        public @Nullable String getStore() {
            return store;
        }

        public void setStore(@Nullable String store) {
            this.store = store;
        }

        public @Nullable DataSize getMinSize() {
            return minSize;
        }

        public void setMinSize(@Nullable DataSize minSize) {
            this.minSize = minSize;
        }

        public boolean isOwnership() {
            return ownership;
        }

        public void setOwnership(boolean ownership) {
            this.ownership = ownership;
        }
    }

    /**
     * The trust model of references: the key that signs this application's references and verifies others', what
     * unsigned references may do, whether a store may be re-created from a reference, and how long futures wait.
     */
    public static class Security {

        /**
         * Secret of at least 32 bytes that signs this application's references (text, or "base64:" and base64).
         * Applications that exchange references set the same key. Default: PROXYSTORE_SIGNING_KEY, else a random key
         * of this process (references then verify within this JVM only).
         */
        private @Nullable String signingKey;

        /** Keys that no longer sign but still verify, for key rotation: remove one once its references are gone. */
        private List<String> previousSigningKeys = new ArrayList<>();

        /** What a reference without a tag (hand-written JSON, an older sender) may do. */
        private TrustPolicy.UnsignedReferences unsignedReferences = TrustPolicy.UnsignedReferences.READ_ONLY;

        /** The longest a future proxy read by this application waits for its result, whatever it says. */
        private Duration maxFutureWait = Duration.ofMinutes(5);

        /** Re-creating stores this application does not define from the config a reference carries. */
        private final RecreateStores recreateStores = new RecreateStores();

        public @Nullable String getSigningKey() {
            return signingKey;
        }

        public void setSigningKey(@Nullable String signingKey) {
            this.signingKey = signingKey;
        }

        public List<String> getPreviousSigningKeys() {
            return previousSigningKeys;
        }

        public void setPreviousSigningKeys(List<String> previousSigningKeys) {
            this.previousSigningKeys = previousSigningKeys;
        }

        public TrustPolicy.UnsignedReferences getUnsignedReferences() {
            return unsignedReferences;
        }

        public void setUnsignedReferences(TrustPolicy.UnsignedReferences unsignedReferences) {
            this.unsignedReferences = unsignedReferences;
        }

        public Duration getMaxFutureWait() {
            return maxFutureWait;
        }

        public void setMaxFutureWait(Duration maxFutureWait) {
            this.maxFutureWait = maxFutureWait;
        }

        public RecreateStores getRecreateStores() {
            return recreateStores;
        }

        @Override
        public String toString() {
            return "Security[signingKey=" + (signingKey == null ? "default" : "(hidden)") + ", previousSigningKeys="
                    + previousSigningKeys.size() + ", unsignedReferences=" + unsignedReferences + "]";
        }
    }

    /**
     * Re-creating a store the application does not define from the config a signed reference carries (only stores
     * with references-carry-config do). Off unless connector types are listed.
     */
    public static class RecreateStores {

        /** Connector types a store may be re-created with (local, file, redis, multi); empty: never. */
        private List<String> connectorTypes = new ArrayList<>();

        /** Servers (host:port) a re-created redis store may connect to; the only ones it sends a password to. */
        private List<String> servers = new ArrayList<>();

        /** Directories below which a re-created file store may open an existing directory (never created). */
        private List<Path> directories = new ArrayList<>();

        /** The most re-created stores open at once; the least used one is closed beyond it. */
        private int maxStores = 16;

        /** How long a re-created store stays open unused. */
        private Duration idleTimeout = Duration.ofMinutes(10);

        /** The longest command or connect timeout of a re-created connector, whatever its config says. */
        private Duration maxTimeout = Duration.ofSeconds(10);

        public List<String> getConnectorTypes() {
            return connectorTypes;
        }

        public void setConnectorTypes(List<String> connectorTypes) {
            this.connectorTypes = connectorTypes;
        }

        public List<String> getServers() {
            return servers;
        }

        public void setServers(List<String> servers) {
            this.servers = servers;
        }

        public List<Path> getDirectories() {
            return directories;
        }

        public void setDirectories(List<Path> directories) {
            this.directories = directories;
        }

        public int getMaxStores() {
            return maxStores;
        }

        public void setMaxStores(int maxStores) {
            this.maxStores = maxStores;
        }

        public Duration getIdleTimeout() {
            return idleTimeout;
        }

        public void setIdleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
        }

        public Duration getMaxTimeout() {
            return maxTimeout;
        }

        public void setMaxTimeout(Duration maxTimeout) {
            this.maxTimeout = maxTimeout;
        }
    }

    /** Settings of the Jackson module registered with the application's JSON mapper. */
    public static class Jackson {

        /** Whether to register the ProxyStore Jackson module with the application's JSON mapper. */
        private boolean enabled = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

    }

    /** Settings of the default serializer. */
    public static class Serializer {

        /**
         * Packages (and their subpackages) whose classes may be read back from a store, in addition to the
         * application's own packages (those of @SpringBootApplication) and JDK value types.
         */
        private List<String> trustedPackages = new ArrayList<>();

        /** Whether the application's packages (those of @SpringBootApplication) are trusted as well. */
        private boolean trustApplicationPackages = true;

        public List<String> getTrustedPackages() {
            return trustedPackages;
        }

        public void setTrustedPackages(List<String> trustedPackages) {
            this.trustedPackages = trustedPackages;
        }

        public boolean isTrustApplicationPackages() {
            return trustApplicationPackages;
        }

        public void setTrustApplicationPackages(boolean trustApplicationPackages) {
            this.trustApplicationPackages = trustApplicationPackages;
        }
    }

    /** Where a store (or one route of a multi store) keeps its objects: the connector and its settings. */
    public static class ConnectorProperties {

        /**
         * The connector type: local, file or redis (and multi for a store), or the type of a ConnectorProvider on the
         * class path.
         */
        private String connector = ConnectorType.LOCAL;

        /** Options of a connector type from a ConnectorProvider (the built-in types take typed settings instead). */
        private Map<String, String> options = new LinkedHashMap<>();

        /** Settings of a redis connector. */
        private final Redis redis = new Redis();

        /** Settings of a file connector. */
        private final File file = new File();

        public String getConnector() {
            return connector;
        }

        public void setConnector(String connector) {
            this.connector = connector;
        }

        public Map<String, String> getOptions() {
            return options;
        }

        public void setOptions(Map<String, String> options) {
            this.options = options;
        }

        public Redis getRedis() {
            return redis;
        }

        public File getFile() {
            return file;
        }
    }

    /** The settings of one store, under {@code proxystore.stores.<name>}. */
    public static class StoreProperties extends ConnectorProperties {

        /** How many deserialized objects the store keeps in its local cache; 0 disables the cache. */
        private int cacheSize = 16;

        /** Whether proxies created in this process start resolved, so local use never reads the store. */
        private boolean populateTarget = true;

        /** Whether the store records metrics (into the application's MeterRegistry). */
        private boolean metrics = true;

        /** Whether this store is the @Primary Store bean. */
        private boolean primary;

        /**
         * Whether references to this store's objects carry its connector config (servers, directory, key prefix), so
         * that a receiver without the store may re-create it where it allows. Off: references name the store only.
         */
        private boolean referencesCarryConfig;

        /**
         * The routes of a multi store, by label: each object goes to the highest-priority route whose size bounds
         * (and tags) accept it.
         */
        private Map<String, Route> multi = new LinkedHashMap<>();

        public int getCacheSize() {
            return cacheSize;
        }

        public void setCacheSize(int cacheSize) {
            this.cacheSize = cacheSize;
        }

        public boolean isPopulateTarget() {
            return populateTarget;
        }

        public void setPopulateTarget(boolean populateTarget) {
            this.populateTarget = populateTarget;
        }

        public boolean isMetrics() {
            return metrics;
        }

        public void setMetrics(boolean metrics) {
            this.metrics = metrics;
        }

        public boolean isPrimary() {
            return primary;
        }

        public void setPrimary(boolean primary) {
            this.primary = primary;
        }

        public boolean isReferencesCarryConfig() {
            return referencesCarryConfig;
        }

        public void setReferencesCarryConfig(boolean referencesCarryConfig) {
            this.referencesCarryConfig = referencesCarryConfig;
        }

        public Map<String, Route> getMulti() {
            return multi;
        }

        public void setMulti(Map<String, Route> multi) {
            this.multi = multi;
        }
    }

    /** One route of a multi store, under {@code proxystore.stores.<name>.multi.<label>}. */
    public static class Route extends ConnectorProperties {

        /** Smallest serialized object this route takes (inclusive). */
        private DataSize minSize = DataSize.ofBytes(0);

        /** Largest serialized object this route takes (inclusive); unbounded when not set. */
        private @Nullable DataSize maxSize;

        /** Routes with a higher priority are tried first; ties go to the route declared first. */
        private int priority;

        /** Tags of the route: a write that asks for tags goes only to routes listing all of them. */
        private List<String> tags = new ArrayList<>();

        /** Superset tags of the route: it takes only writes whose superset tags include all of them. */
        private List<String> supersetTags = new ArrayList<>();

        /**
         * Regular expression the host name must match in full for the route to be used (several hosts: a|b); on other
         * hosts the route is dormant: its connector is not created, and keys naming it fail. Unset: every host.
         */
        private @Nullable String hostPattern;

        public DataSize getMinSize() {
            return minSize;
        }

        public void setMinSize(DataSize minSize) {
            this.minSize = minSize;
        }

        public @Nullable DataSize getMaxSize() {
            return maxSize;
        }

        public void setMaxSize(@Nullable DataSize maxSize) {
            this.maxSize = maxSize;
        }

        public int getPriority() {
            return priority;
        }

        public void setPriority(int priority) {
            this.priority = priority;
        }

        public List<String> getTags() {
            return tags;
        }

        public void setTags(List<String> tags) {
            this.tags = tags;
        }

        public List<String> getSupersetTags() {
            return supersetTags;
        }

        public void setSupersetTags(List<String> supersetTags) {
            this.supersetTags = supersetTags;
        }

        public @Nullable String getHostPattern() {
            return hostPattern;
        }

        public void setHostPattern(@Nullable String hostPattern) {
            this.hostPattern = hostPattern;
        }
    }

    /**
     * Settings of a redis store. With a host or port the store opens connections of its own to that server. Without,
     * it talks to the server of the application's RedisConnectionFactory (configured by {@code spring.data.redis.*}):
     * as {@link #getConnection() connection} says, on blocking connections of its own or through the factory.
     */
    public static class Redis {

        /** How a redis store without a host or port reaches the server of the application's RedisConnectionFactory. */
        public enum Connection {

            /**
             * {@link #OWN} when the application's factory connects to one standalone server without TLS (Spring
             * Boot's default), {@link #APPLICATION} otherwise (Sentinel, Cluster, TLS, a Unix socket, replicas).
             */
            AUTO,

            /**
             * Blocking connections of the store's own to the factory's server, with its database and credentials:
             * the calling thread writes each command and reads its reply (the fastest path; no event loop between).
             */
            OWN,

            /** Every command through the application's RedisConnectionFactory (its pool, client options, TLS). */
            APPLICATION
        }

        /**
         * How the store reaches the server of the application's RedisConnectionFactory when it sets no host or port.
         */
        private Connection connection = Connection.AUTO;

        /** Prefix of every key the store writes; default "proxystore:<store name>:". */
        private @Nullable String keyPrefix;

        /** Host of the store's own Redis connection (default: the application's RedisConnectionFactory). */
        private @Nullable String host;

        /** Port of the store's own Redis connection (default: the application's RedisConnectionFactory). */
        private @Nullable Integer port;

        /** Database index of the store's own Redis connection; needs host or port. */
        private @Nullable Integer database;

        /**
         * Longest wait for each Redis reply (and for connecting, on the store's own connection). Default: 5s on the
         * store's own connection; on the application's Lettuce connection, the shorter of spring.data.redis.timeout
         * and 5s.
         */
        private @Nullable Duration timeout;

        public @Nullable String getKeyPrefix() {
            return keyPrefix;
        }

        public void setKeyPrefix(@Nullable String keyPrefix) {
            this.keyPrefix = keyPrefix;
        }

        public @Nullable String getHost() {
            return host;
        }

        public void setHost(@Nullable String host) {
            this.host = host;
        }

        public @Nullable Integer getPort() {
            return port;
        }

        public void setPort(@Nullable Integer port) {
            this.port = port;
        }

        public @Nullable Integer getDatabase() {
            return database;
        }

        public void setDatabase(@Nullable Integer database) {
            this.database = database;
        }

        public @Nullable Duration getTimeout() {
            return timeout;
        }

        public Connection getConnection() {
            return connection;
        }

        public void setConnection(Connection connection) {
            this.connection = connection;
        }

        public void setTimeout(@Nullable Duration timeout) {
            this.timeout = timeout;
        }

        /** Whether the store connects to a server of its own choosing instead of the application's. */
        boolean ownServer() {
            return host != null || port != null;
        }
    }

    /** Settings of a file store. */
    public static class File {

        /** Directory holding one file per stored object; created if missing. Required for file stores. */
        private @Nullable Path directory;

        public @Nullable Path getDirectory() {
            return directory;
        }

        public void setDirectory(@Nullable Path directory) {
            this.directory = directory;
        }
    }

    /** The connector types accepted by {@code proxystore.stores.<name>.connector}. */
    static final class ConnectorType {

        static final String LOCAL = "local";
        static final String FILE = "file";
        static final String REDIS = "redis";
        static final String MULTI = "multi";
        static final Set<String> BUILT_IN = Set.of(LOCAL, FILE, REDIS, MULTI);

        private ConnectorType() {
        }
    }
}
