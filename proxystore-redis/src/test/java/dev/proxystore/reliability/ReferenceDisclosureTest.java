package dev.proxystore.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxystore.connector.redis.RedisConnector;
import dev.proxystore.jackson.ProxyStoreJacksonModule;
import dev.proxystore.serialize.DefaultSerializer;
import dev.proxystore.store.ProxyOptions;
import dev.proxystore.store.Store;
import dev.proxystore.testing.JavaSerialization;
import dev.proxystore.testing.RedisServerExtension;
import dev.proxystore.testing.RedisServerProcess;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.json.JsonMapper;

/**
 * A reference handed to a client (a JSON body, a Java-serialized proxy) reveals nothing of where its store lives or
 * what it trusts: no host, port, database, key prefix, timeout or trusted package, unless the store is configured to
 * carry its config.
 */
class ReferenceDisclosureTest {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    final JsonMapper mapper = JsonMapper.builder().addModule(new ProxyStoreJacksonModule()).build();

    Store store(boolean carryConfig) {
        return Store.builder("orders", RedisConnector.builder("orders-private-prefix:").host(RedisServerProcess.HOST)
                        .port(REDIS.port()).database(3).timeout(Duration.ofMillis(7_321)).build())
                .serializer(DefaultSerializer.create().allowPackages("com.example.trusted"))
                .referencesCarryConfig(carryConfig)
                .build();
    }

    static Map<String, String> secrets() {
        return Map.of("host", RedisServerProcess.HOST, "port", String.valueOf(REDIS.port()),
                "key prefix", "orders-private-prefix", "database", "database", "timeout", "7321",
                "trusted package", "com.example.trusted");
    }

    @Test
    void aReferenceNamesItsStoreAndKeyOnly() {
        try (Store store = store(false)) {
            List<String> proxy = store.proxy(new ArrayList<>(List.of("v")));
            List<String> ephemeral = store.proxy(new ArrayList<>(List.of("v")), ProxyOptions.defaults().withEvict(true));
            Map<String, byte[]> forms = Map.of(
                    "JSON reference", mapper.writeValueAsBytes(proxy),
                    "ephemeral JSON reference", mapper.writeValueAsBytes(ephemeral),
                    "Java-serialized proxy", JavaSerialization.serialize(proxy));

            forms.forEach((form, bytes) -> {
                String text = new String(bytes, StandardCharsets.ISO_8859_1);
                assertThat(text).as(form).contains("orders");
                secrets().forEach((what, value) -> assertThat(text).as("%s reveals the %s", form, what)
                        .doesNotContain(value));
            });
            store.evict(dev.proxystore.store.StoreFactory.of(proxy).key());
            store.evict(dev.proxystore.store.StoreFactory.of(ephemeral).key());
        }
    }

    @Test
    void aStoreConfiguredToCarryItsConfigShowsItsServerButNoTrustedPackage() {
        try (Store store = store(true)) {
            List<String> proxy = store.proxy(new ArrayList<>(List.of("v")));
            String json = mapper.writeValueAsString(proxy);

            assertThat(json).contains("\"connector\"").contains(String.valueOf(REDIS.port()))
                    .contains("orders-private-prefix").doesNotContain("com.example.trusted");
            store.evict(dev.proxystore.store.StoreFactory.of(proxy).key());
        }
    }
}
