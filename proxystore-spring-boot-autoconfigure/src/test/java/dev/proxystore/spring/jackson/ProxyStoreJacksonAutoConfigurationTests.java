package dev.proxystore.spring.jackson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.proxystore.connector.LocalConnector;
import dev.proxystore.jackson.ProxyStoreJacksonModule;
import dev.proxystore.proxy.Proxies;
import dev.proxystore.spring.ProxyStoreAutoConfiguration;
import dev.proxystore.store.Store;
import dev.proxystore.store.StoreFactory;
import dev.proxystore.store.StoreRegistry;
import dev.proxystore.store.TrustPolicy;
import dev.proxystore.store.UntrustedReferenceException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;

class ProxyStoreJacksonAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, ProxyStoreAutoConfiguration.class,
                    ProxyStoreJacksonAutoConfiguration.class));

    /** A JSON body holding a proxy. */
    public record Batch(String name, List<Integer> numbers) {
    }

    @Test
    void bootsJsonMapperWritesProxiesAsReferencesAndReadsThemBack() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(ProxyStoreJacksonModule.class);
            JsonMapper mapper = context.getBean(JsonMapper.class);
            Store store = context.getBean(Store.class);
            List<Integer> numbers = new ArrayList<>();
            for (int i = 0; i < 100_000; i++) {
                numbers.add(i);
            }
            String json = mapper.writeValueAsString(new Batch("b", store.proxy(numbers)));
            assertThat(json).contains("\"@proxystore\":2").contains("\"store\":\"default\"").contains("\"tag\"")
                    .hasSizeLessThan(1024);

            Batch read = mapper.readValue(json, Batch.class);
            assertThat(Proxies.isProxy(read.numbers())).isTrue();
            assertThat(Proxies.isResolved(read.numbers())).isFalse();
            assertThat(read.numbers()).hasSize(100_000).startsWith(0, 1, 2);
            assertThat(StoreRegistry.global().storeOf(read.numbers())).containsSame(store);
        });
    }

    @Test
    void referencesToStoresTheApplicationDoesNotDefineAreRefusedUnlessItsPolicyRecreatesThem() {
        try (Store foreign = Store.builder("foreign", new LocalConnector()).referencesCarryConfig(true).build()) {
            List<Integer> proxy = foreign.proxy(new ArrayList<>(List.of(1, 2, 3)));
            String json = JsonMapper.builder().addModule(new ProxyStoreJacksonModule()).build()
                    .writeValueAsString(new Batch("b", proxy));
            foreign.close();
            runner.run(context -> assertThatExceptionOfType(MismatchedInputException.class)
                    .isThrownBy(() -> context.getBean(JsonMapper.class).readValue(json, Batch.class))
                    .withMessageContaining("foreign")
                    .withRootCauseInstanceOf(UntrustedReferenceException.class));
            runner.withPropertyValues("proxystore.security.recreate-stores.connector-types=local").run(context -> {
                Batch read = context.getBean(JsonMapper.class).readValue(json, Batch.class);
                assertThat(StoreFactory.of(read.numbers()).store().name()).isEqualTo("foreign");
                assertThat(context.getBean(TrustPolicy.class).recreatedStores()).isEqualTo(1);
                assertThat(StoreRegistry.global().get("foreign")).as("never registered").isEmpty();
            });
        }
    }

    @Test
    void theModuleBacksOffIsDisabledByPropertyAndNeedsBootsJacksonSupport() {
        runner.withBean("myModule", ProxyStoreJacksonModule.class, ProxyStoreJacksonModule::new)
                .run(context -> assertThat(context).getBeanNames(ProxyStoreJacksonModule.class)
                        .containsExactly("myModule"));
        runner.withPropertyValues("proxystore.jackson.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(ProxyStoreJacksonModule.class)
                        .hasSingleBean(JsonMapper.class));
        runner.withPropertyValues("proxystore.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ProxyStoreJacksonModule.class));
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ProxyStoreAutoConfiguration.class,
                        ProxyStoreJacksonAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader(JacksonAutoConfiguration.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ProxyStoreJacksonModule.class)
                        .hasSingleBean(Store.class));
    }
}
