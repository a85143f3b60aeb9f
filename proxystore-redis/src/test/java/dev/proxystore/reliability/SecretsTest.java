package dev.proxystore.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proxystore.connector.ConnectorException;
import dev.proxystore.connector.redis.RedisConnector;
import dev.proxystore.proxy.ProxyLocker;
import dev.proxystore.proxy.ProxyResolveException;
import dev.proxystore.ref.Refs;
import dev.proxystore.store.ProxyOptions;
import dev.proxystore.store.Store;
import dev.proxystore.store.StoreFactory;
import dev.proxystore.store.TrustPolicy;
import dev.proxystore.testing.JavaSerialization;
import dev.proxystore.testing.Receiver;
import dev.proxystore.testing.RedisServerExtension;
import dev.proxystore.testing.RedisServerProcess;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.json.JsonMapper;

/**
 * A store over a password-protected redis-server ({@code --requirepass}): nothing that leaves the process carries the
 * password. Proxies of every kind, their factories and the store's config are serialized (Java serialization; JSON
 * for the config records, and for proxies where the build has {@code ProxyStoreJacksonModule}) and searched byte by
 * byte for the password in UTF-8, UTF-16, Base64 and hex, as are {@code toString()}s and the messages of connection
 * failures. The receiving side supplies the password itself.
 */
class SecretsTest {

    static final String PASSWORD = "Pw-" + UUID.randomUUID().toString().replace("-", "");

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension("--requirepass", PASSWORD);

    @BeforeEach
    @AfterEach
    void clearPasswordProperty() {
        System.clearProperty(RedisConnector.PASSWORD_PROPERTY);
    }

    static RedisConnector.Builder connector(String prefix) {
        return RedisConnector.builder(prefix).host(RedisServerProcess.HOST).port(REDIS.port());
    }

    @Test
    void nothingSerializedFromAPasswordProtectedStoreCarriesThePassword() {
        Map<String, byte[]> artifacts = new LinkedHashMap<>();
        try (Store store = Store.builder("secret-store", connector("secrets:").password(PASSWORD).build())
                .referencesCarryConfig(true).register(true).build()) {
            List<String> value = new ArrayList<>(List.of("classified"));
            List<String> plain = store.proxy(value);
            List<String> ephemeral = store.proxy(value, ProxyOptions.defaults().withEvict(true));
            List<String> owned = store.ownedProxy(value);
            List<String> movedOwner = store.ownedProxy(value);
            List<String> borrowed = Refs.borrow(store.ownedProxy(value));
            ProxyLocker<List<String>> locker = store.lockedProxy(value, ProxyOptions.defaults());
            assertThat(plain).containsExactly("classified");

            artifacts.put("proxy", JavaSerialization.serialize(plain));
            artifacts.put("ephemeral proxy", JavaSerialization.serialize(ephemeral));
            artifacts.put("borrowed proxy", JavaSerialization.serialize(borrowed));
            artifacts.put("owned proxy", JavaSerialization.serialize(movedOwner));
            artifacts.put("proxy locker", JavaSerialization.serialize(locker));
            artifacts.put("store factory", JavaSerialization.serialize(StoreFactory.of(plain)));
            artifacts.put("store config", JavaSerialization.serialize(store.config()));
            artifacts.put("connector config", JavaSerialization.serialize(store.connector().config()));
            JsonMapper json = jsonMapper();
            artifacts.put("store config as JSON", json.writeValueAsBytes(store.config()));
            artifacts.put("connector config as JSON", json.writeValueAsBytes(store.connector().config()));
            if (jacksonModule().isPresent()) {
                byte[] reference = json.writeValueAsBytes(plain);
                assertThat(new String(reference, StandardCharsets.UTF_8)).contains("secret-store");
                artifacts.put("proxy as a JSON reference", reference);
                artifacts.put("ephemeral proxy as a JSON reference", json.writeValueAsBytes(ephemeral));
            }
            artifacts.put("toString of store, connector, config, factory, proxy and locker", utf8(store + " "
                    + store.connector() + " " + store.config() + " " + StoreFactory.of(plain) + " " + plain + " "
                    + locker));

            Refs.drop(owned);
        }

        // the receiving side (here after the store closed) re-creates the store with its own password, and cannot
        // without one
        TrustPolicy.Builder receiving = TrustPolicy.builder().recreateStores("redis")
                .allowServers(RedisServerProcess.HOST + ":" + REDIS.port());
        System.setProperty(RedisConnector.PASSWORD_PROPERTY, PASSWORD);
        try (Receiver receiver = Receiver.under(receiving.build())) {
            List<String> received = JavaSerialization.deserialize(artifacts.get("proxy"));
            assertThat(received).containsExactly("classified");
        }
        System.clearProperty(RedisConnector.PASSWORD_PROPERTY);
        try (Receiver receiver = Receiver.under(receiving.build())) {
            List<String> withoutPassword = JavaSerialization.deserialize(artifacts.get("proxy"));
            assertThatThrownBy(withoutPassword::size).isInstanceOf(ProxyResolveException.class)
                    .hasCauseInstanceOf(ConnectorException.class)
                    .satisfies(e -> artifacts.put("failure without a password", utf8(stackTrace(e))));
        }

        try (RedisConnector wrong = connector("secrets:").password(PASSWORD + "-wrong").build()) {
            assertThatThrownBy(() -> wrong.put(new byte[] {1})).isInstanceOf(ConnectorException.class)
                    .satisfies(e -> artifacts.put("failure with a wrong password", utf8(stackTrace(e))));
        }

        artifacts.forEach((name, bytes) -> assertNoPassword(name, bytes));
        Figures.record("secrets", "artifactsSearched=" + artifacts.size() + " encodingsPerArtifact="
                + encodings().size() + " jsonReferences=" + jacksonModule().isPresent() + " passwordFound=0 "
                + artifacts.keySet());
    }

    @Test
    void aStoreBuiltFromTheEnvironmentPasswordHasNoPasswordInItsConfig() {
        System.setProperty(RedisConnector.PASSWORD_PROPERTY, PASSWORD);
        try (Store store = new Store("env-secret-store", connector("secrets:env:").build())) {
            List<String> proxy = store.proxy(new ArrayList<>(List.of("works")));
            assertThat(store.get(StoreFactory.of(proxy).key())).isPresent();

            assertNoPassword("store config", JavaSerialization.serialize(store.config()));
            assertNoPassword("proxy", JavaSerialization.serialize(proxy));
            store.evict(StoreFactory.of(proxy).key());
        }
    }

    /** A JSON mapper, with ProxyStore's Jackson module where this build has it. */
    private static JsonMapper jsonMapper() {
        JsonMapper.Builder builder = JsonMapper.builder();
        jacksonModule().ifPresent(builder::addModule);
        return builder.build();
    }

    /** {@code dev.proxystore.jackson.ProxyStoreJacksonModule}, looked up by name: not every build has it yet. */
    private static Optional<JacksonModule> jacksonModule() {
        try {
            Class<?> type = Class.forName("dev.proxystore.jackson.ProxyStoreJacksonModule");
            return Optional.of((JacksonModule) type.getConstructor().newInstance());
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertNoPassword(String what, byte[] bytes) {
        String haystack = new String(bytes, StandardCharsets.ISO_8859_1);
        for (Map.Entry<String, String> encoding : encodings().entrySet()) {
            assertThat(haystack).as("%s contains the password (%s)", what, encoding.getKey())
                    .doesNotContain(encoding.getValue());
        }
        // a fragment long enough to be no coincidence
        assertThat(haystack).as("%s contains part of the password", what).doesNotContain(PASSWORD.substring(3, 15));
    }

    /** The password as it could appear in bytes, each as an ISO-8859-1 string for searching. */
    private static Map<String, String> encodings() {
        Map<String, String> encodings = new LinkedHashMap<>();
        encodings.put("UTF-8", PASSWORD);
        encodings.put("UTF-16BE", new String(PASSWORD.getBytes(StandardCharsets.UTF_16BE),
                StandardCharsets.ISO_8859_1));
        encodings.put("UTF-16LE", new String(PASSWORD.getBytes(StandardCharsets.UTF_16LE),
                StandardCharsets.ISO_8859_1));
        encodings.put("Base64", Base64.getEncoder().withoutPadding().encodeToString(utf8(PASSWORD))
                .substring(0, 20));
        encodings.put("hex", HexFormat.of().formatHex(utf8(PASSWORD)));
        encodings.put("HEX", HexFormat.of().formatHex(utf8(PASSWORD)).toUpperCase(Locale.ROOT));
        return encodings;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String stackTrace(Throwable e) {
        java.io.StringWriter out = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }
}
