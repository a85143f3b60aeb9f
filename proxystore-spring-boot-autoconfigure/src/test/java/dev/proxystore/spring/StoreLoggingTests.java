package dev.proxystore.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxystore.store.Key;
import dev.proxystore.store.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/** What the logs say: one INFO line per store at startup, and at DEBUG every read and eviction of an object. */
@ExtendWith(OutputCaptureExtension.class)
class StoreLoggingTests {

    @Test
    void eachStoreIsLoggedAtStartup(CapturedOutput output) {
        try (ConfigurableApplicationContext context = run("--proxystore.stores.small.cache-size=4",
                "--proxystore.stores.small.metrics=false", "--proxystore.stores.small.primary=true",
                "--proxystore.stores.other.connector=local")) {
            assertThat(output).containsPattern("ProxyStore store 'small': local \\{id=[0-9a-f-]+}, cache 4, metrics off")
                    .containsPattern("ProxyStore store 'other': local \\{id=[0-9a-f-]+}, cache 16, metrics on");
        }
    }

    @Test
    void readsAndEvictionsAreLoggedAtDebugWithTheStoreTheKeyAndTheCause(CapturedOutput output) {
        try (ConfigurableApplicationContext context = run("--proxystore.stores.small.cache-size=0",
                "--logging.level.dev.proxystore.store.Store=DEBUG")) {
            Store store = context.getBean(Store.class);
            Key<String> key = store.put("logged");
            store.get(key);
            store.evict(key);
            assertThat(output).containsPattern("Read \\S*" + key.id() + " \\(\\d+ bytes\\) from store 'small'")
                    .contains("Evicted " + key.id() + " from store 'small' (EXPLICIT)");
        }
    }

    @Test
    void readsAreNotLoggedAtTheDefaultLevel(CapturedOutput output) {
        try (ConfigurableApplicationContext context = run("--proxystore.stores.small.cache-size=0")) {
            Store store = context.getBean(Store.class);
            Key<String> key = store.put("quiet");
            store.get(key);
            assertThat(output).doesNotContain("from store 'small'");
        }
    }

    private static ConfigurableApplicationContext run(String... args) {
        SpringApplication application = new SpringApplication(Application.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        return application.run(args);
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(ProxyStoreAutoConfiguration.class)
    static class Application {
    }
}
