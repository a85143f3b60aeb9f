package dev.proxystore.starter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxystore.store.Store;
import dev.proxystore.store.StoreRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/** {@link StarterApplication}, configured by two lines of YAML (src/test/resources/application.yml). */
class StarterApplicationTests {

    @Test
    void aStoreFromTwoLinesOfYamlIsInjected() {
        SpringApplication application = new SpringApplication(StarterApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        Store store;
        try (ConfigurableApplicationContext context = application.run()) {
            store = context.getBean(Store.class);
            assertThat(store.name()).isEqualTo("main");
            assertThat(store.config().cacheSize()).isEqualTo(32);
            assertThat(store.config().connector().type()).isEqualTo("local");
            assertThat(context.getBean(StarterApplication.Reports.class).publish(List.of(1, 2, 3))).containsExactly(1, 2, 3);
            assertThat(StoreRegistry.global().get("main")).containsSame(store);
        }
        assertThat(store.isClosed()).isTrue();
        assertThat(StoreRegistry.global().stores()).isEmpty();
    }
}
