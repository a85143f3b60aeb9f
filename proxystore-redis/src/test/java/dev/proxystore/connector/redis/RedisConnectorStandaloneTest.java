package dev.proxystore.connector.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proxystore.connector.Connector;
import dev.proxystore.connector.ConnectorConfig;
import dev.proxystore.connector.ConnectorException;
import dev.proxystore.connector.ObjectTooLargeException;
import dev.proxystore.lifetime.LeaseLifetime;
import dev.proxystore.store.Key;
import dev.proxystore.store.Store;
import dev.proxystore.testing.RedisServerExtension;
import dev.proxystore.testing.RedisServerProcess;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** {@link RedisConnector} on one standalone redis-server. */
class RedisConnectorStandaloneTest {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    static LettuceConnectionFactory appFactory;

    @BeforeAll
    static void startApplicationFactory() {
        appFactory = applicationFactory(REDIS.port(), 0);
    }

    @AfterAll
    static void destroyApplicationFactory() {
        appFactory.destroy();
    }

    /** What a Spring Boot application would have: a plain, started Lettuce factory. */
    static LettuceConnectionFactory applicationFactory(int port, int database) {
        RedisStandaloneConfiguration configuration = new RedisStandaloneConfiguration(RedisServerProcess.HOST, port);
        configuration.setDatabase(database);
        LettuceConnectionFactory factory = new LettuceConnectionFactory(configuration,
                LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(5)).build());
        factory.start();
        return factory;
    }

    static RedisServerProcess server() {
        return REDIS.server();
    }

    abstract static class OnThisServer extends RedisConnectorContract {

        @Override
        @Nullable Object rawKeyCommand(String command, String key, String... args) {
            String[] all = new String[args.length + 2];
            all[0] = command;
            all[1] = key;
            System.arraycopy(args, 0, all, 2, args.length);
            return server().call(all);
        }

        @Override
        @SuppressWarnings("unchecked")
        List<String> rawKeys(String pattern) {
            return (List<String>) server().call("KEYS", pattern);
        }
    }

    @Nested
    class OnApplicationFactory extends OnThisServer {

        @Override
        RedisConnector newConnector(String keyPrefix) {
            return new RedisConnector(appFactory, keyPrefix);
        }

        @Test
        void closeLeavesTheApplicationsFactoryRunning() {
            connector.close();

            assertThat(appFactory.isRunning()).isTrue();
            try (var connection = appFactory.getConnection()) {
                assertThat(connection.ping()).isEqualTo("PONG");
            }
        }
    }

    @Nested
    class OnOwnFactory extends OnThisServer {

        @Override
        RedisConnector newConnector(String keyPrefix) {
            return RedisConnector.builder(keyPrefix).host(RedisServerProcess.HOST).port(REDIS.port()).build();
        }
    }

    /** Another driver's factory: the connector works through Spring Data's connection alone. */
    @Nested
    class OnAnotherDriversFactory extends OnThisServer {

        @Override
        RedisConnector newConnector(String keyPrefix) {
            return new RedisConnector(new OtherDriverFactory(appFactory), keyPrefix);
        }

        @Test
        void configNamesOnlyThePrefix() {
            assertThat(connector.config().options()).containsOnlyKeys("key-prefix");
        }
    }

    @Test
    void anObjectPutUnderALeaseIsWrittenWithItsExpiryInOneCommand() {
        try (RedisConnector connector = new RedisConnector(appFactory, "proxystore:leased:");
                Store store = new Store("leased", connector);
                LeaseLifetime lease = new LeaseLifetime(store, Duration.ofSeconds(30))) {
            server().call("CONFIG", "RESETSTAT");

            Key<String> key = store.put("leased", lease);

            String stats = (String) server().call("INFO", "commandstats");
            assertThat(stats).contains("cmdstat_psetex:calls=1,").doesNotContain("cmdstat_set:");
            assertThat((Long) server().call("PTTL", "proxystore:leased:" + key.id())).isBetween(1L, 30_000L);
        }
    }

    @Test
    void aSizeLimitedBatchAsksEveryLengthAndReadsNothingWhenOneIsOverTheLimit() {
        try (RedisConnector connector = new RedisConnector(appFactory, "proxystore:limit:")) {
            List<String> keys = connector.putBatch(List.of(new byte[100], new byte[5_000], new byte[100]));
            server().call("CONFIG", "RESETSTAT");

            assertThatThrownBy(() -> connector.getBatch(keys, 1_000))
                    .isInstanceOf(ObjectTooLargeException.class)
                    .hasMessageContaining(keys.get(1));
            assertThat(calls("strlen")).isEqualTo(3);
            assertThat(calls("mget")).isZero();
            assertThat(calls("get")).isZero();

            assertThat(connector.getBatch(keys, 5_000)).hasSize(3);
            assertThat(calls("strlen")).isEqualTo(6);
            assertThat(calls("mget")).isEqualTo(1);
            assertThat(connector.getBatch(keys)).as("no limit, no STRLEN").hasSize(3);
            assertThat(calls("strlen")).isEqualTo(6);
            keys.forEach(connector::evict);
        }
    }

    /** How often the server ran {@code command} since the last {@code CONFIG RESETSTAT}. */
    private static long calls(String command) {
        String stats = (String) server().call("INFO", "commandstats");
        String prefix = "cmdstat_" + command + ":calls=";
        return stats.lines().filter(line -> line.startsWith(prefix))
                .mapToLong(line -> Long.parseLong(line.substring(prefix.length(), line.indexOf(',', prefix.length()))))
                .findFirst().orElse(0);
    }

    @Test
    void ownedConnectorUsesTheClientResourcesItIsGivenAndLeavesThemRunning() {
        ClientResources resources = DefaultClientResources.create();
        try {
            try (RedisConnector connector = RedisConnector.builder("proxystore:resources:")
                    .host(RedisServerProcess.HOST).port(REDIS.port()).clientResources(resources).build()) {
                String key = connector.put(new byte[] {1});
                assertThat(connector.get(key)).containsExactly(1);
                connector.evict(key);
            }
            assertThat(resources.eventExecutorGroup().isShuttingDown()).isFalse();
        } finally {
            resources.shutdown();
        }
    }

    @Test
    void configDescribesTheApplicationsFactoryWithoutSecrets() {
        try (RedisConnector connector = new RedisConnector(appFactory, "proxystore:cfg:")) {
            assertThat(connector.config()).isEqualTo(new ConnectorConfig("redis", Map.of(
                    "host", RedisServerProcess.HOST,
                    "port", Integer.toString(REDIS.port()),
                    "database", "0",
                    "timeout-ms", "5000",
                    "key-prefix", "proxystore:cfg:")));
        }
    }

    @Test
    void recreatedFromConfigSeesTheSameData() {
        try (RedisConnector original = new RedisConnector(appFactory, "proxystore:recreate:");
                Connector copy = new RedisConnectorProvider().create(original.config())) {
            String key = original.put(new byte[] {4, 5});

            assertThat(copy).isInstanceOf(RedisConnector.class);
            assertThat(copy.get(key)).containsExactly(4, 5);
            assertThat(copy.config()).isEqualTo(original.config());
            copy.evict(key);
            assertThat(original.exists(key)).isFalse();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void prefixesIsolateConnectorsAndCloseLeavesOthersData() {
        server().call("SET", "foreign:key", "untouched");
        long before = (Long) server().call("DBSIZE");
        RedisConnector a = new RedisConnector(appFactory, "proxystore:a:");
        RedisConnector b = RedisConnector.builder("proxystore:b:").host(RedisServerProcess.HOST).port(REDIS.port())
                .build();
        try {
            String keyA = a.put(new byte[] {1});
            List<String> keysB = b.putBatch(List.of(new byte[] {2}, new byte[] {3}));

            assertThat(a.get(keysB.get(0))).as("b's key under a's prefix").isNull();
            b.evict(keyA);
            assertThat(a.exists(keyA)).isTrue();
            assertThat(server().call("KEYS", "proxystore:a:*")).isEqualTo(List.of("proxystore:a:" + keyA));
            assertThat((List<Object>) server().call("KEYS", "proxystore:b:*"))
                    .containsExactlyInAnyOrderElementsOf(keysB.stream().map(key -> "proxystore:b:" + key).toList());

            a.close();
            b.close();

            assertThat(server().call("DBSIZE")).isEqualTo(before + 3);
            assertThat(server().call("GET", "foreign:key")).isEqualTo("untouched");
            try (RedisConnector reopened = new RedisConnector(appFactory, "proxystore:b:")) {
                assertThat(reopened.getBatch(keysB)).containsExactly(new byte[] {2}, new byte[] {3});
                keysB.forEach(reopened::evict);
            }
            try (RedisConnector reopened = new RedisConnector(appFactory, "proxystore:a:")) {
                reopened.evict(keyA);
            }
        } finally {
            a.close();
            b.close();
            server().call("DEL", "foreign:key");
        }
    }

    @Test
    void anOwnedConnectorOpensAConnectionPerConcurrentCallerAndKeepsThem() throws Exception {
        long before = connectedClients();
        try (RedisConnector connector = RedisConnector.builder("proxystore:conn:").host(RedisServerProcess.HOST)
                .port(REDIS.port()).build()) {
            runConcurrently(connector, 8);
            long afterFirst = connectedClients();
            runConcurrently(connector, 8);

            assertThat(afterFirst - before).as("at most one per thread").isBetween(1L, 8L);
            assertThat(connectedClients()).as("the second round reuses them").isEqualTo(afterFirst);
        }
        assertThat(connectedClients()).as("close() closes them").isEqualTo(before);
    }

    @Test
    void connectorsOnALettuceFactoryShareItsOneConnection() throws Exception {
        LettuceConnectionFactory factory = new LettuceConnectionFactory(
                new RedisStandaloneConfiguration(RedisServerProcess.HOST, REDIS.port()));
        factory.start();
        try {
            long before = connectedClients();
            try (RedisConnector connector = new RedisConnector(factory, "proxystore:conn:")) {
                runConcurrently(connector, 8);
                assertThat(connectedClients()).isEqualTo(before + 1);
            }
        } finally {
            factory.destroy();
        }
    }

    private static void runConcurrently(RedisConnector connector, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 100; i++) {
                        String key = connector.put(new byte[] {(byte) i});
                        connector.getBatch(List.of(key, key));
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
    }

    private static long connectedClients() {
        String info = (String) server().call("INFO", "clients");
        return info.lines().filter(line -> line.startsWith("connected_clients:"))
                .mapToLong(line -> Long.parseLong(line.substring(line.indexOf(':') + 1).trim()))
                .findFirst().orElseThrow();
    }

    @Test
    void databasesAreSeparate() {
        LettuceConnectionFactory db3 = applicationFactory(REDIS.port(), 3);
        try (RedisConnector inDb3 = new RedisConnector(db3, "proxystore:db:");
                RedisConnector inDb0 = new RedisConnector(appFactory, "proxystore:db:")) {
            String key = inDb3.put(new byte[] {3});

            assertThat(inDb0.exists(key)).isFalse();
            assertThat(inDb3.config().option("database", "")).isEqualTo("3");
            try (Connector copy = new RedisConnectorProvider().create(inDb3.config())) {
                assertThat(copy.get(key)).containsExactly(3);
            }
            inDb3.evict(key);
        } finally {
            db3.destroy();
        }
    }

    @Test
    void refusedWritesAreConnectorExceptionsAndBatchesAllOrNothing() {
        try (RedisConnector connector = new RedisConnector(appFactory, "proxystore:oom:")) {
            String existing = connector.put(new byte[] {1});
            server().call("CONFIG", "SET", "maxmemory", "1");
            try {
                assertThatThrownBy(() -> connector.put(new byte[] {2}))
                        .isInstanceOf(ConnectorException.class)
                        .hasMessageContaining(RedisServerProcess.HOST + ":" + REDIS.port())
                        .hasMessageContaining("SET")
                        .hasMessageContaining("OOM");
                assertThatThrownBy(() -> connector.putBatch(List.of(new byte[] {3}, new byte[] {4})))
                        .isInstanceOf(ConnectorException.class)
                        .hasMessageContaining("MSET");
                assertThat(connector.get(existing)).containsExactly(1);
            } finally {
                server().call("CONFIG", "SET", "maxmemory", "0");
            }
            assertThat(server().call("KEYS", "proxystore:oom:*")).isEqualTo(List.of("proxystore:oom:" + existing));
            connector.evict(existing);
        }
    }
}
