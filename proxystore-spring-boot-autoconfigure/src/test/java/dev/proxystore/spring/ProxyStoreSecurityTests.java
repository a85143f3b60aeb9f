package dev.proxystore.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.proxystore.jackson.ProxyStoreJacksonModule;
import dev.proxystore.proxy.ProxyResolveException;
import dev.proxystore.proxy.ProxyResolveMissingKeyException;
import dev.proxystore.spring.actuate.ProxyStoreEndpoint;
import dev.proxystore.spring.actuate.ProxyStoreEndpointAutoConfiguration;
import dev.proxystore.spring.jackson.ProxyStoreJacksonAutoConfiguration;
import dev.proxystore.store.ForgedReferences;
import dev.proxystore.store.Store;
import dev.proxystore.store.StoreFuture;
import dev.proxystore.store.StoreRegistry;
import dev.proxystore.store.StoreTimeoutException;
import dev.proxystore.store.TrustPolicy;
import dev.proxystore.store.UntrustedReferenceException;
import dev.proxystore.testing.JavaSerialization;
import dev.proxystore.testing.Listener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code proxystore.security.*}: the application's trust policy applies to every reference it reads, also after the
 * context closes, and its keys never show.
 */
@ExtendWith(OutputCaptureExtension.class)
class ProxyStoreSecurityTests {

    static final String KEY = "this application's signing key, long enough";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, ProxyStoreAutoConfiguration.class,
                    ProxyStoreJacksonAutoConfiguration.class, ProxyStoreEndpointAutoConfiguration.class))
            .withPropertyValues("proxystore.stores.orders.cache-size=0", "proxystore.security.signing-key=" + KEY,
                    "management.endpoints.web.exposure.include=proxystore");

    @Test
    void theTrustPolicyComesFromTheSecurityProperties() {
        runner.withPropertyValues("proxystore.security.unsigned-references=reject",
                        "proxystore.security.max-future-wait=90s",
                        "proxystore.security.recreate-stores.connector-types=redis,file",
                        "proxystore.security.recreate-stores.servers=redis.internal:6379")
                .run(context -> {
                    TrustPolicy policy = context.getBean(TrustPolicy.class);
                    assertThat(policy.unsignedReferences()).isEqualTo(TrustPolicy.UnsignedReferences.REJECT);
                    assertThat(policy.maxFutureWait()).isEqualTo(Duration.ofSeconds(90));
                    assertThat(policy.recreatedConnectorTypes()).containsExactlyInAnyOrder("redis", "file");
                    assertThat(context.getBean(StoreRegistry.class).trustPolicy()).isSameAs(policy);
                    assertThat(context.getBean(Store.class).trustPolicy()).isSameAs(policy);
                });
        runner.withBean("myPolicy", TrustPolicy.class, () -> TrustPolicy.builder().build())
                .run(context -> assertThat(context).getBeanNames(TrustPolicy.class).containsExactly("myPolicy"));
    }

    @Test
    void aShortKeyFailsStartupNamingThePropertyWithoutShowingTheKey(CapturedOutput output) {
        SpringApplication application = new SpringApplication(Application.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        assertThatException().isThrownBy(() -> application.run("--proxystore.security.signing-key=hunter2-short"));
        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("The value of configuration property 'proxystore.security.signing-key' (not shown")
                .contains("at least 32 bytes, was 13 bytes")
                .contains("openssl rand -base64 32")
                .doesNotContain("hunter2");
    }

    @Test
    void theKeysNeverShowInTheEndpointOrInToString() {
        runner.withPropertyValues("proxystore.security.previous-signing-keys=an older key of this application!!")
                .run(context -> {
                    String shown = context.getBean(ProxyStoreEndpoint.class).proxystore().toString()
                            + context.getBean(ProxyStoreProperties.class).getSecurity()
                            + context.getBean(TrustPolicy.class);
                    assertThat(shown).doesNotContain(KEY).doesNotContain("older key");
                });
    }

    @Test
    void afterTheContextClosesALateResolveFailsAndConnectsNowhere() throws Exception {
        AtomicReference<List<String>> admitted = new AtomicReference<>();
        try (Listener sender = new Listener()) {
            runner.run(context -> {
                Store orders = context.getBean(Store.class);
                String json = ForgedReferences.reference("orders", UUID.randomUUID().toString())
                        .instance(UUID.randomUUID())
                        .connector("redis", Map.of("host", "127.0.0.1", "port", String.valueOf(sender.port()),
                                "key-prefix", "orders:"))
                        .jsonSignedWith(KEY);
                admitted.set(context.getBean(JsonMapper.class).readValue(json, new TypeReference<>() {}));
                assertThat(orders.name()).isEqualTo("orders");
            });

            assertThatThrownBy(() -> admitted.get().size()).isInstanceOf(ProxyResolveException.class)
                    .hasMessageContaining("re-creates no store");
            assertThatThrownBy(() -> JavaSerialization.deserialize(JavaSerialization.serialize(admitted.get())))
                    .isInstanceOf(UntrustedReferenceException.class);
            assertThat(sender.connections()).isZero();
            assertThat(StoreRegistry.global().get("orders")).isEmpty();
        }
    }

    @Test
    void forgedReferencesInARequestBodyNeverConnectCreateOrEvict(@TempDir Path root) throws Exception {
        Path neverCreated = root.resolve("never-created");
        Path otherApplication = Files.createDirectories(root.resolve("other-application"));
        String theirKey = UUID.randomUUID().toString();
        Files.write(otherApplication.resolve(theirKey), new byte[] {1});
        try (Listener sender = new Listener()) {
            List<ForgedReferences.Forgery> forgeries = List.of(
                    ForgedReferences.reference("elsewhere", UUID.randomUUID().toString()).connector("redis",
                            Map.of("host", "127.0.0.1", "port", String.valueOf(sender.port()), "key-prefix", "x:")),
                    ForgedReferences.reference("orders", UUID.randomUUID().toString()).evict(true),
                    ForgedReferences.reference("files", UUID.randomUUID().toString())
                            .connector("file", Map.of("directory", neverCreated.toString())),
                    ForgedReferences.reference("files", theirKey).evict(true)
                            .connector("file", Map.of("directory", otherApplication.toString())));
            runner.withPropertyValues("proxystore.security.recreate-stores.connector-types=local").run(context -> {
                JsonMapper mapper = context.getBean(JsonMapper.class);
                for (ForgedReferences.Forgery forgery : forgeries) {
                    for (String json : List.of(forgery.jsonUnsigned(),
                            forgery.jsonSignedWith(ForgedReferences.ATTACKER_KEY))) {
                        assertThatThrownBy(() -> mapper.readValue("{\"name\":\"b\",\"numbers\":" + json + "}",
                                Batch.class)).hasRootCauseInstanceOf(UntrustedReferenceException.class);
                    }
                }
                assertThat(context.getBean(TrustPolicy.class).recreatedStores()).isZero();
            });
            assertThat(sender.connections()).isZero();
        }
        assertThat(neverCreated).doesNotExist();
        assertThat(otherApplication.resolve(theirKey)).exists();
        assertThat(StoreRegistry.global().stores()).isEmpty();
    }

    /** A request body that knows nothing of ProxyStore. */
    record Batch(String name, List<Integer> numbers) {
    }

    @Test
    void aFutureWaitsNoLongerThanTheApplicationAllows() {
        runner.withPropertyValues("proxystore.security.max-future-wait=300ms").run(context -> {
            StoreFuture<List<String>> future = context.getBean(Store.class).future(List.class, Duration.ofDays(1));
            JsonMapper plain = JsonMapper.builder().addModule(new ProxyStoreJacksonModule()).build();
            List<String> proxy = JavaSerialization.roundTrip(future.proxy());

            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatThrownBy(proxy::size)
                    .isInstanceOf(ProxyResolveMissingKeyException.class).hasCauseInstanceOf(StoreTimeoutException.class)
                    .hasMessageContaining("PT0.3S"));
            assertThat(plain).isNotNull();
        });
    }

    @Test
    void anUnsignedReferenceIsReadOnly() {
        runner.run(context -> {
            Store orders = context.getBean(Store.class);
            List<String> proxy = orders.proxy(new ArrayList<>(List.of("kept")));
            JsonMapper mapper = context.getBean(JsonMapper.class);
            tools.jackson.databind.node.ObjectNode json = (tools.jackson.databind.node.ObjectNode) mapper
                    .readTree(mapper.writeValueAsString(proxy));
            json.remove("tag");

            List<String> readOnly = mapper.readValue(json.toString(), new TypeReference<>() {});
            assertThat(readOnly).containsExactly("kept");
            assertThatThrownBy(() -> mapper.readValue(json.put("evict", true).toString(),
                    new TypeReference<List<String>>() {}))
                    .hasRootCauseInstanceOf(UntrustedReferenceException.class);
        });
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(ProxyStoreAutoConfiguration.class)
    static class Application {
    }
}
