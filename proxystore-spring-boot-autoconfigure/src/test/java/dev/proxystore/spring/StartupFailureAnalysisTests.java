package dev.proxystore.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
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

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(ProxyStoreAutoConfiguration.class)
    static class Application {
    }
}
