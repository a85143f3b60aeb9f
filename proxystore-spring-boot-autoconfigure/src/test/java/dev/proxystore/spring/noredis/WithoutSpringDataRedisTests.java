package dev.proxystore.spring.noredis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxystore.spring.ProxyStoreAutoConfiguration;
import dev.proxystore.spring.actuate.ProxyStoreEndpoint;
import dev.proxystore.spring.actuate.ProxyStoreEndpointAutoConfiguration;
import dev.proxystore.spring.actuate.ProxyStoreHealthContributorAutoConfiguration;
import dev.proxystore.spring.actuate.ProxyStoreMetricsAutoConfiguration;
import dev.proxystore.spring.jackson.ProxyStoreJacksonAutoConfiguration;
import dev.proxystore.store.Store;
import dev.proxystore.testing.JavaSerialization;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.ClassUtils;

/**
 * Runs in its own surefire execution whose classpath lacks Spring Data Redis, Boot's Redis module and Lettuce
 * (see the module's pom): the starter must work without them.
 */
class WithoutSpringDataRedisTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, ProxyStoreAutoConfiguration.class,
                    ProxyStoreEndpointAutoConfiguration.class, ProxyStoreHealthContributorAutoConfiguration.class,
                    ProxyStoreMetricsAutoConfiguration.class, ProxyStoreJacksonAutoConfiguration.class))
            .withPropertyValues("management.endpoints.web.exposure.include=proxystore");

    @Test
    void theClasspathReallyLacksSpringDataRedis() {
        assertThat(ClassUtils.isPresent("org.springframework.data.redis.connection.RedisConnectionFactory", null))
                .isFalse();
        assertThat(ClassUtils.isPresent("io.lettuce.core.RedisClient", null)).isFalse();
    }

    @Test
    void localAndFileStoresWork(@TempDir Path directory) {
        runner.withPropertyValues("proxystore.stores.memory.primary=true",
                        "proxystore.stores.disk.connector=file",
                        "proxystore.stores.disk.file.directory=" + directory)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBeansOfType(Store.class)).containsOnlyKeys("memory", "disk");
                    for (Store store : context.getBeansOfType(Store.class).values()) {
                        List<String> proxy = store.proxy(new ArrayList<>(List.of("a", "b")));
                        assertThat(JavaSerialization.roundTrip(proxy)).containsExactly("a", "b");
                    }
                    assertThat(context).hasSingleBean(ProxyStoreEndpoint.class)
                            .hasBean("proxystoreHealthContributor");
                    assertThat(context.getBean("proxystoreHealthContributor")).isInstanceOf(HealthContributor.class);
                    assertThat(context.getBean(ProxyStoreEndpoint.class).proxystore().stores())
                            .containsOnlyKeys("memory", "disk");
                });
    }

    @Test
    void aRedisStoreFailsNamingThePropertyAndWhatToAdd() {
        runner.withPropertyValues("proxystore.stores.cache.connector=redis").run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            while (!(failure instanceof InvalidConfigurationPropertyValueException) && failure.getCause() != null) {
                failure = failure.getCause();
            }
            assertThat(failure).isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .hasMessageContaining("proxystore.stores.cache.connector")
                    .hasMessageContaining("spring-boot-starter-data-redis");
        });
    }
}
