package dev.proxystore.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxystore.lifetime.StaticLifetime;
import dev.proxystore.store.Key;
import dev.proxystore.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class StaticLifetimeEvictionTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ProxyStoreAutoConfiguration.class));

    @Test
    void evictsTheStaticObjectsOfTheContextsStoresBeforeTheStoresClose() {
        RecordingConnector connector = new RecordingConnector();
        String[] key = new String[1];
        runner.withBean("recorded", Store.class, () -> new Store("recorded", connector)).run(context -> {
            Store store = context.getBean(Store.class);
            Key<String> stored = store.put("static", StaticLifetime.instance());
            key[0] = stored.id();
            assertThat(store.exists(stored)).isTrue();
        });
        assertThat(connector.events).containsExactly("evict " + key[0], "close");
        assertThat(StaticLifetime.instance().done()).isFalse();
    }

    @Test
    void evictsStaticObjectsOfDeclaredStoresAndLeavesOtherStoresAlone(@TempDir Path directory) throws Exception {
        try (Store outside = new Store("outside", new RecordingConnector())) {
            Key<String> kept = outside.put("kept", StaticLifetime.instance());
            runner.withPropertyValues("proxystore.stores.files.connector=file",
                            "proxystore.stores.files.file.directory=" + directory)
                    .run(context -> {
                        Store store = context.getBean(Store.class);
                        store.put("static", StaticLifetime.instance());
                        assertThat(files(directory)).hasSize(1);
                    });
            assertThat(files(directory)).as("evicted at shutdown").isEmpty();
            assertThat(outside.exists(kept)).as("another store's static object").isTrue();
            assertThat(StaticLifetime.instance().evictKeysOf(outside)).isEqualTo(1);
        }
    }

    @Test
    void aLaterContextCanStillUseTheStaticLifetime() {
        RecordingConnector first = new RecordingConnector();
        RecordingConnector second = new RecordingConnector();
        runner.withBean("s", Store.class, () -> new Store("s", first))
                .run(context -> context.getBean(Store.class).put("one", StaticLifetime.instance()));
        String[] key = new String[1];
        runner.withBean("s", Store.class, () -> new Store("s", second)).run(context -> {
            Store store = context.getBean(Store.class);
            Key<String> stored = store.put("two", StaticLifetime.instance());
            key[0] = stored.id();
            assertThat(store.get(stored)).contains("two");
        });
        assertThat(first.events).hasSize(2).endsWith("close");
        assertThat(second.events).containsExactly("evict " + key[0], "close");
    }

    @Test
    void runsAfterTheWebServersGracefulShutdownAndBeforeConnectionFactoriesStop() {
        assertThat(StaticLifetimeEviction.PHASE)
                .isLessThan(WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE)
                .isLessThan(WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE)
                .isLessThan(SmartLifecycle.DEFAULT_PHASE)
                .isGreaterThan(0);
        Map<String, Boolean> seen = new ConcurrentHashMap<>();
        runner.withUserConfiguration(ShutdownObserversConfiguration.class).run(context -> {
            Store store = context.getBean(Store.class);
            ShutdownObserversConfiguration.key = store.put("static", StaticLifetime.instance());
            ShutdownObserversConfiguration.seen = seen;
        });
        assertThat(seen).containsEntry("graceful shutdown", true).containsEntry("connection factory", false);
    }

    @Test
    void evictsWhenTheContextFailsToStart() {
        RecordingConnector connector = new RecordingConnector();
        runner.withBean("recorded", Store.class, () -> new Store("recorded", connector))
                .withUserConfiguration(FailingConfiguration.class)
                .run(context -> assertThat(context).hasFailed());
        assertThat(connector.events).hasSize(2);
        assertThat(connector.events.get(0)).startsWith("evict ");
        assertThat(connector.events.get(1)).isEqualTo("close");
    }

    private static List<Path> files(Path directory) throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ShutdownObserversConfiguration {

        static volatile Key<String> key;
        static volatile Map<String, Boolean> seen;

        @Bean
        SmartLifecycle gracefulShutdownObserver(Store store) {
            return new Observer("graceful shutdown", WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE, store);
        }

        @Bean
        SmartLifecycle connectionFactoryObserver(Store store) {
            return new Observer("connection factory", 0, store);
        }

        record Observer(String name, int phase, Store store, List<Boolean> running) implements SmartLifecycle {

            Observer(String name, int phase, Store store) {
                this(name, phase, store, new CopyOnWriteArrayList<>());
            }

            @Override
            public void start() {
                running.add(true);
            }

            @Override
            public void stop() {
                seen.put(name, store.exists(key));
                running.clear();
            }

            @Override
            public boolean isRunning() {
                return !running.isEmpty();
            }

            @Override
            public int getPhase() {
                return phase;
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class FailingConfiguration {

        @Bean
        InitializingBean staticWriter(Store store) {
            return () -> store.put("static", StaticLifetime.instance());
        }

        @Bean
        InitializingBean failing(InitializingBean staticWriter) {
            return () -> {
                throw new IllegalStateException("startup failed");
            };
        }
    }
}
