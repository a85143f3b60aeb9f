package dev.proxystore.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxystore.connector.ConnectorConfig;
import dev.proxystore.connector.LocalConnector;
import dev.proxystore.spring.ProxyStoreAutoConfiguration;
import dev.proxystore.store.Store;
import dev.proxystore.testing.ForwardingConnector;
import dev.proxystore.testing.RedisServerProcess;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

class ProxyStoreHealthTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ProxyStoreAutoConfiguration.class,
                    ProxyStoreHealthContributorAutoConfiguration.class));

    @Test
    void oneIndicatorPerStoreInTheProxystoreComposite() {
        runner.withPropertyValues("proxystore.stores.a.cache-size=1", "proxystore.stores.b.cache-size=1")
                .run(context -> {
                    CompositeHealthContributor composite = composite(context);
                    assertThat(composite.stream().map(c -> c.name())).containsExactlyInAnyOrder("a", "b");
                    Health health = health(context, "a");
                    assertThat(health.getStatus()).isEqualTo(Status.UP);
                    assertThat(health.getDetails()).containsEntry("connector", "local");
                });
    }

    @Test
    void aSingleStoreIsStillAComponentOfTheComposite() {
        runner.run(context -> {
            assertThat(composite(context).stream().map(c -> c.name())).containsExactly("default");
            assertThat(health(context, "default").getStatus()).isEqualTo(Status.UP);
        });
    }

    @Test
    void aClosedStoreIsDown() {
        runner.run(context -> {
            context.getBean(Store.class).close();
            Health health = health(context, "default");
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails().get("error").toString()).contains("closed");
        });
    }

    @Test
    void aConnectorThatCannotMakeKeysIsProbedWithAKeyThatCannotExist() {
        runner.withBean("plain", Store.class, () -> new Store("plain", new PlainConnector())).run(context -> {
            Health health = health(context, "plain");
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("connector", "local");
        });
    }

    @Test
    void aRedisStoreIsDownWhileRedisIsDownAndUpAgainAfterwards() {
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            runner.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
                    .withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port(),
                            "spring.data.redis.timeout=500ms", "spring.data.redis.connect-timeout=500ms",
                            "proxystore.stores.cache.connector=redis")
                    .run(context -> {
                        Health up = health(context, "cache");
                        assertThat(up.getStatus()).isEqualTo(Status.UP);
                        assertThat(up.getDetails()).containsEntry("connector", "redis");

                        redis.kill();
                        Health down = health(context, "cache");
                        assertThat(down.getStatus()).isEqualTo(Status.DOWN);
                        assertThat(down.getDetails()).containsEntry("connector", "redis")
                                .containsKey("error");
                        assertThat(down.getDetails().get("error").toString()).contains(redis.address());

                        redis.restart();
                        long deadline = System.nanoTime() + 20_000_000_000L;
                        Health again = health(context, "cache");
                        while (again.getStatus() != Status.UP && System.nanoTime() < deadline) {
                            Thread.sleep(100);
                            again = health(context, "cache");
                        }
                        assertThat(again.getStatus()).isEqualTo(Status.UP);
                    });
        }
    }

    @Test
    void aBackendThatDoesNotAnswerIsDownWithinTheHealthTimeoutNotTheConnectionTimeout() {
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            runner.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
                    .withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port(),
                            "spring.data.redis.timeout=60s", "management.health.proxystore.timeout=300ms",
                            "proxystore.stores.cache.connector=redis")
                    .run(context -> {
                        context.getBean("cache", Store.class).ping(); // connects, which may take longer than 300 ms
                        assertThat(health(context, "cache").getStatus()).isEqualTo(Status.UP);
                        redis.pause(Duration.ofSeconds(3));
                        long start = System.nanoTime();
                        Health down = health(context, "cache");
                        long millis = (System.nanoTime() - start) / 1_000_000;
                        assertThat(down.getStatus()).isEqualTo(Status.DOWN);
                        assertThat(down.getDetails().get("error").toString())
                                .contains("no answer from the backend within 300 ms");
                        assertThat(millis).as("milliseconds until DOWN").isLessThan(2_500);
                        Health stillWaiting = health(context, "cache");
                        assertThat(stillWaiting.getStatus()).isEqualTo(Status.DOWN);
                        assertThat(stillWaiting.getDetails().get("error").toString())
                                .contains("an earlier check is still waiting for the backend");
                    });
        }
    }

    @Test
    void aHealthTimeoutThatIsNotPositiveFailsNamingTheProperty() {
        runner.withPropertyValues("management.health.proxystore.timeout=0s")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause().hasMessageContaining("management.health.proxystore.timeout"));
    }

    @Test
    void theContributorBacksOffIsDisabledByPropertyAndNeedsStoresAndHealthSupport() {
        runner.withBean("proxystoreHealthContributor", HealthIndicator.class, () -> () -> Health.up().build())
                .run(context -> assertThat(context.getBean("proxystoreHealthContributor"))
                        .isNotInstanceOf(CompositeHealthContributor.class));
        runner.withPropertyValues("management.health.proxystore.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean("proxystoreHealthContributor"));
        runner.withPropertyValues("proxystore.enabled=false")
                .withBean("mine", Store.class, () -> new Store("mine", new LocalConnector()))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("proxystoreHealthContributor"));
        runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("proxystoreHealthContributor"));
    }

    private static CompositeHealthContributor composite(ApplicationContext context) {
        HealthContributor contributor = context.getBean("proxystoreHealthContributor", HealthContributor.class);
        assertThat(contributor).isInstanceOf(CompositeHealthContributor.class);
        return (CompositeHealthContributor) contributor;
    }

    private static Health health(ApplicationContext context, String store) {
        HealthContributor indicator = composite(context).getContributor(store);
        assertThat(indicator).isInstanceOf(StoreHealthIndicator.class);
        return ((HealthIndicator) indicator).health(true);
    }

    /** A connector that cannot hand out keys. */
    static final class PlainConnector extends ForwardingConnector {

        PlainConnector() {
            super(new LocalConnector());
        }

        @Override
        public ConnectorConfig config() {
            return new ConnectorConfig("local", Map.of());
        }
    }
}
