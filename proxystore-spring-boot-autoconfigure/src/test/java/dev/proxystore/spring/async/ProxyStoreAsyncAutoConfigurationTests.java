package dev.proxystore.spring.async;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxystore.connector.LocalConnector;
import dev.proxystore.proxy.Proxies;
import dev.proxystore.ref.Refs;
import dev.proxystore.spring.ProxyStoreAutoConfiguration;
import dev.proxystore.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.AsyncConfigurer;
import org.springframework.scheduling.annotation.EnableAsync;

class ProxyStoreAsyncAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ProxyStoreAutoConfiguration.class,
                    ProxyStoreAsyncAutoConfiguration.class, TaskExecutionAutoConfiguration.class))
            .withUserConfiguration(AsyncApplication.class);

    @Test
    void asyncResultsComeBackAsProxiesOfTheNamedStore() {
        runner.withPropertyValues("proxystore.async.store=default").run(context -> {
            Reports reports = context.getBean(Reports.class);
            Store store = context.getBean("default", Store.class);
            LocalConnector connector = (LocalConnector) store.connector();

            List<Integer> completable = reports.numbers(3).get(10, TimeUnit.SECONDS);
            List<Integer> future = reports.legacyNumbers(2).get(10, TimeUnit.SECONDS);

            assertThat(Proxies.isProxy(completable)).isTrue();
            assertThat(completable).containsExactly(0, 1, 2);
            assertThat(Proxies.isProxy(future)).isTrue();
            assertThat(connector.size()).isEqualTo(2);
            assertThat(reports.threads()).hasSize(2).allMatch(name -> !name.equals(Thread.currentThread().getName()));
        });
    }

    @Test
    void minSizeAndOwnershipShapeTheResults() {
        runner.withPropertyValues("proxystore.async.store=default", "proxystore.async.min-size=1KB",
                "proxystore.async.ownership=true").run(context -> {
                    Reports reports = context.getBean(Reports.class);
                    assertThat(Proxies.isProxy(reports.numbers(2).get(10, TimeUnit.SECONDS))).isFalse();
                    List<Integer> large = reports.numbers(2_000).get(10, TimeUnit.SECONDS);
                    assertThat(Refs.isOwned(large)).isTrue();
                    Refs.drop(large);
                    assertThat(((LocalConnector) context.getBean(Store.class).connector()).size()).isZero();
                });
    }

    @Test
    void withoutThePropertyResultsStayPlain() {
        runner.run(context -> {
            assertThat(context).doesNotHaveBean(ProxyStoreAsyncAutoConfiguration.class);
            assertThat(Proxies.isProxy(context.getBean(Reports.class).numbers(3).get(10, TimeUnit.SECONDS)))
                    .isFalse();
        });
    }

    @Test
    void backsOffForTheApplicationsOwnAsyncConfigurer() {
        runner.withPropertyValues("proxystore.async.store=default")
                .withUserConfiguration(OwnAsyncConfigurer.class)
                .run(context -> {
                    assertThat(context.getBeansOfType(AsyncConfigurer.class)).containsOnlyKeys("own");
                    assertThat(Proxies.isProxy(context.getBean(Reports.class).numbers(3).get(10, TimeUnit.SECONDS)))
                            .isFalse();
                });
    }

    @Test
    void anUnknownStoreFailsNamingTheProperty() {
        runner.withPropertyValues("proxystore.async.store=nope").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .hasMessageContaining("proxystore.async.store");
        });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAsync
    static class AsyncApplication {

        @Bean
        Reports reports() {
            return new Reports();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnAsyncConfigurer {

        @Bean
        AsyncConfigurer own() {
            return new AsyncConfigurer() {
            };
        }
    }

    static class Reports {

        private final List<String> threads = new CopyOnWriteArrayList<>();

        public List<String> threads() {
            return threads;
        }

        @Async
        public CompletableFuture<List<Integer>> numbers(int count) {
            threads.add(Thread.currentThread().getName());
            return CompletableFuture.completedFuture(new ArrayList<>(IntStream.range(0, count).boxed().toList()));
        }

        @Async
        public Future<List<Integer>> legacyNumbers(int count) {
            threads.add(Thread.currentThread().getName());
            return CompletableFuture.completedFuture(new ArrayList<>(IntStream.range(0, count).boxed().toList()));
        }
    }
}
