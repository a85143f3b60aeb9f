package dev.proxystore.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

import dev.proxystore.store.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What a user sees when a store is misconfigured: Boot's failure analysis naming the property. */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureAnalysisTests {

    @Test
    void anInvalidStoreSettingIsReportedWithThePropertyItsValueAndTheReason(CapturedOutput output) {
        SpringApplication application = new SpringApplication(Application.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        assertThatException().isThrownBy(() -> application.run("--proxystore.stores.fast.connector=memcached"));
        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("Invalid value 'memcached' for configuration property 'proxystore.stores.fast.connector'")
                .contains("Unknown connector type. Use one of: file, labelled, local, multi, redis (other types come from a"
                        + " ConnectorProvider on the class path).");
    }

    @Test
    void aFileStoreWithoutDirectoryIsReportedWithTheMissingProperty(CapturedOutput output) {
        SpringApplication application = new SpringApplication(Application.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        assertThatException().isThrownBy(() -> application.run("--proxystore.stores.large.connector=file"));
        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("'proxystore.stores.large.file.directory'")
                .contains("A file store needs a directory");
    }

    @Test
    void aStoreInjectedByTypeAmongSeveralWithoutAPrimaryIsReportedWithThePrimaryProperty(CapturedOutput output) {
        SpringApplication application = new SpringApplication(Application.class, NeedsAStore.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        assertThatException().isThrownBy(() -> application.run("--proxystore.stores.small.connector=local",
                "--proxystore.stores.large.connector=local"));
        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("A ProxyStore Store is injected by type, but 2 stores exist (small, large) and none is"
                        + " primary.")
                .contains("proxystore.stores.small.primary=true");
    }

    @Test
    void twoPrimaryStoresAreReportedWithThePrimaryProperty(CapturedOutput output) {
        SpringApplication application = new SpringApplication(Application.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        assertThatException().isThrownBy(() -> application.run("--proxystore.stores.small.primary=true",
                "--proxystore.stores.large.primary=true"));
        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("'proxystore.stores.large.primary'")
                .contains("Only one store can be primary, and [small, large] all set");
    }

    @Test
    void aStoreNameThatIsNoBeanNameMetricTagOrPathIsReportedBeforeAnythingElseFails(CapturedOutput output) {
        SpringApplication application = new SpringApplication(Application.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        assertThatException().isThrownBy(() -> application.run("--proxystore.stores[a/b].connector=local"));
        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("'proxystore.stores[a/b].connector'")
                .contains("The store name 'a/b' is not usable: store names use letters, digits, '-' and '_' only");
    }

    @Test
    void aStoreNameThatBootWouldShortenIsRefusedInsteadOfRenamed(CapturedOutput output) {
        SpringApplication application = new SpringApplication(Application.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        assertThatException().isThrownBy(() -> application.run("--proxystore.stores.café.connector=local"));
        assertThat(output).contains("'proxystore.stores.café.connector'").contains("The store name 'café' is not usable");
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(ProxyStoreAutoConfiguration.class)
    static class Application {
    }

    @Configuration(proxyBeanMethods = false)
    static class NeedsAStore {

        @Bean
        String usesTheStore(Store store) {
            return store.name();
        }
    }
}
