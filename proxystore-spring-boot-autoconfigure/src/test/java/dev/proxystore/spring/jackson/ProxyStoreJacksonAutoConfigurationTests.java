package dev.proxystore.spring.jackson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.proxystore.connector.LocalConnector;
import dev.proxystore.jackson.ProxyStoreJacksonModule;
import dev.proxystore.proxy.Proxies;
import dev.proxystore.spring.ProxyStoreAutoConfiguration;
import dev.proxystore.store.Store;
import dev.proxystore.store.StoreRegistry;
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
            assertThat(json).contains("\"@proxystore\":1").contains("\"name\":\"default\"").hasSizeLessThan(1024);

            Batch read = mapper.readValue(json, Batch.class);
            assertThat(Proxies.isProxy(read.numbers())).isTrue();
            assertThat(Proxies.isResolved(read.numbers())).isFalse();
            assertThat(read.numbers()).hasSize(100_000).startsWith(0, 1, 2);
            assertThat(StoreRegistry.global().storeOf(read.numbers())).containsSame(store);
        });
    }

    @Test
    void referencesToStoresTheApplicationDoesNotDefineAreRefusedByDefault() {
        try (Store foreign = new Store("foreign", new LocalConnector())) {
            List<Integer> proxy = foreign.proxy(new ArrayList<>(List.of(1, 2, 3)));
            runner.run(context -> {
                JsonMapper mapper = context.getBean(JsonMapper.class);
                String json = mapper.writeValueAsString(new Batch("b", proxy));
                assertThatExceptionOfType(MismatchedInputException.class)
                        .isThrownBy(() -> mapper.readValue(json, Batch.class))
                        .withMessageContaining("foreign");
            });
            runner.withPropertyValues("proxystore.accept-unknown-stores=true").run(context -> {
                JsonMapper mapper = context.getBean(JsonMapper.class);
                Batch read = mapper.readValue(mapper.writeValueAsString(new Batch("b", proxy)), Batch.class);
                assertThat(read.numbers()).containsExactly(1, 2, 3);
                // resolving re-created the store from the reference and registered it globally
                Store recreated = StoreRegistry.global().get("foreign").orElseThrow();
                StoreRegistry.global().unregister(recreated);
                recreated.close();
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
