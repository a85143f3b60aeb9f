package dev.proxystore.connector.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proxystore.connector.Connector;
import dev.proxystore.connector.ConnectorConfig;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.Test;

/** Option parsing; creating a connector does not connect, so no server is needed. */
class RedisConnectorProviderTest {

    final RedisConnectorProvider provider = new RedisConnectorProvider();

    @Test
    void typeIsRedis() {
        assertThat(provider.type()).isEqualTo("redis");
    }

    @Test
    void roundTripsStandaloneOptions() {
        ConnectorConfig config = config(Map.of("host", "redis.internal", "port", "6380", "database", "2",
                "timeout-ms", "750", "key-prefix", "proxystore:s:"));

        try (Connector connector = provider.create(config)) {
            assertThat(connector.config()).isEqualTo(config);
        }
    }

    @Test
    void roundTripsClusterAndSentinelOptions() {
        ConnectorConfig cluster = config(Map.of("cluster-nodes", "10.0.0.1:7000,10.0.0.2:7001",
                "timeout-ms", "5000", "key-prefix", "p:"));
        ConnectorConfig sentinel = config(Map.of("sentinel-master", "main", "sentinel-nodes", "s1:26379,s2:26380",
                "database", "1", "ssl", "true", "timeout-ms", "5000", "key-prefix", "p:"));

        try (Connector a = provider.create(cluster); Connector b = provider.create(sentinel)) {
            assertThat(a.config()).isEqualTo(cluster);
            assertThat(b.config()).isEqualTo(sentinel);
        }
    }

    @Test
    void fillsDefaultsForPortDatabaseAndTimeout() {
        try (Connector connector = provider.create(config(Map.of("host", "h", "key-prefix", "p:")))) {
            assertThat(connector.config().options())
                    .containsEntry("port", "6379")
                    .containsEntry("database", "0")
                    .containsEntry("timeout-ms", "5000");
        }
    }

    @Test
    void rejectsBadConfigs() {
        Map<String, String> valid = Map.of("host", "h", "key-prefix", "p:");

        assertThatIllegalArgumentException().isThrownBy(() -> provider.create(new ConnectorConfig("file", valid)));
        assertThatIllegalArgumentException().isThrownBy(() -> provider.create(config(with(valid, "password", "x"))))
                .withMessageContaining("password");
        assertThatIllegalArgumentException().isThrownBy(() -> provider.create(config(Map.of("host", "h"))))
                .withMessageContaining("key-prefix");
        assertThatIllegalArgumentException().isThrownBy(() -> provider.create(config(Map.of("key-prefix", "p:"))))
                .withMessageContaining("host");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> provider.create(config(with(valid, "cluster-nodes", "h:1"))));
        assertThatIllegalArgumentException().isThrownBy(() -> provider.create(config(with(valid, "port", "x"))));
        assertThatIllegalArgumentException().isThrownBy(() -> provider.create(config(with(valid, "port", "70000"))));
        assertThatIllegalArgumentException().isThrownBy(() -> provider.create(config(with(valid, "timeout-ms", "0"))));
        assertThatIllegalArgumentException().isThrownBy(() -> provider.create(config(with(valid, "ssl", "yes"))));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> provider.create(config(Map.of("sentinel-master", "m", "key-prefix", "p:"))));
        assertThatIllegalArgumentException().isThrownBy(() -> provider.create(
                config(Map.of("cluster-nodes", "h:1", "database", "1", "key-prefix", "p:"))));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> provider.create(config(Map.of("cluster-nodes", " , ", "key-prefix", "p:"))));
    }

    @Test
    void loadsWithoutTheOptionalRedisDependenciesAndSaysWhatIsMissing() throws Exception {
        URL mainClasses = RedisConnectorProvider.class.getProtectionDomain().getCodeSource().getLocation();
        URL core = dev.proxystore.connector.ConnectorProvider.class.getProtectionDomain().getCodeSource()
                .getLocation();
        URL jspecify = NullMarked.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {mainClasses, core, jspecify},
                ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> loader.loadClass("org.springframework.data.redis.connection.RedisNode"))
                    .isInstanceOf(ClassNotFoundException.class);
            Class<?> providerClass = loader.loadClass(RedisConnectorProvider.class.getName());
            Object isolated = providerClass.getConstructor().newInstance();
            assertThat(providerClass.getMethod("type").invoke(isolated)).isEqualTo("redis");

            Class<?> configClass = loader.loadClass(ConnectorConfig.class.getName());
            Object isolatedConfig = configClass.getConstructor(String.class, Map.class)
                    .newInstance("redis", Map.of("host", "h", "key-prefix", "p:"));
            assertThatThrownBy(() -> providerClass.getMethod("create", configClass).invoke(isolated, isolatedConfig))
                    .isInstanceOf(InvocationTargetException.class)
                    .cause()
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("spring-data-redis");
        }
    }

    private static ConnectorConfig config(Map<String, String> options) {
        return new ConnectorConfig("redis", options);
    }

    private static Map<String, String> with(Map<String, String> options, String name, String value) {
        Map<String, String> copy = new HashMap<>(options);
        copy.put(name, value);
        return copy;
    }
}
