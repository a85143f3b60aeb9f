package dev.proxystore.spring.lifetime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.proxystore.lifetime.ContextLifetime;
import dev.proxystore.lifetime.LeaseLifetime;
import dev.proxystore.lifetime.Lifetime;
import dev.proxystore.lifetime.StaticLifetime;
import dev.proxystore.spring.ProxyStoreAutoConfiguration;
import dev.proxystore.store.Key;
import dev.proxystore.store.ProxyOptions;
import dev.proxystore.store.Store;
import dev.proxystore.testing.ManualScheduler;
import dev.proxystore.testing.MutableClock;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.lang.reflect.UndeclaredThrowableException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.ScopeNotActiveException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.ScopedProxyMode;

class ProxyLifetimeScopeTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ProxyStoreAutoConfiguration.class))
            .withUserConfiguration(ScopedBeansConfiguration.class);

    @BeforeEach
    void reset() {
        JobState.created.set(0);
        JobState.destroyed.clear();
        JobContext.finished.clear();
    }

    @Test
    void registersTheScopeBean() {
        runner.run(context -> assertThat(context.getBeanFactory().getRegisteredScope(ProxyLifetimeScope.SCOPE_NAME))
                .isSameAs(context.getBean(ProxyLifetimeScope.class).beanScope()));
        assertThat(org.springframework.beans.factory.config.Scope.class.isAssignableFrom(ProxyLifetimeScope.class))
                .as("the public class is the user API only").isFalse();
    }

    @Test
    void oneInstancePerLifetimeDestroyedWhenTheLifetimeCloses() {
        runner.run(context -> {
            ProxyLifetimeScope scope = context.getBean(ProxyLifetimeScope.class);
            Store store = context.getBean(Store.class);
            JobState job = context.getBean(JobState.class);

            int first = scope.call(store, () -> {
                assertThat(job.id()).isEqualTo(job.id());
                assertThat(JobState.destroyed).isEmpty();
                return job.id();
            });
            assertThat(JobState.destroyed).containsExactly(first);
            int second = scope.call(store, job::id);
            assertThat(second).isNotEqualTo(first);
            assertThat(JobState.destroyed).containsExactly(first, second);
            assertThat(JobState.created).hasValue(2);
            assertThat(scope.activeLifetimes()).isZero();
        });
    }

    @Test
    void theLifetimeOfCallEvictsItsObjects() {
        runner.run(context -> {
            ProxyLifetimeScope scope = context.getBean(ProxyLifetimeScope.class);
            Store store = context.getBean(Store.class);
            Key<String> key = scope.call(store, () -> {
                Lifetime lifetime = scope.current().orElseThrow();
                assertThat(lifetime).isInstanceOf(ContextLifetime.class);
                assertThat(((ContextLifetime) lifetime).store()).isSameAs(store);
                return store.put("temporary", lifetime);
            });
            assertThat(store.exists(key)).isFalse();
            assertThat(scope.current()).isEmpty();
        });
    }

    @Test
    void aFailingBodyStillClosesTheLifetimeAndItsExceptionPassesThrough() {
        runner.run(context -> {
            ProxyLifetimeScope scope = context.getBean(ProxyLifetimeScope.class);
            Store store = context.getBean(Store.class);
            JobState job = context.getBean(JobState.class);
            Key<?>[] key = new Key<?>[1];
            IllegalArgumentException failure = new IllegalArgumentException("boom");
            assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> scope.call(store, () -> {
                job.id();
                key[0] = store.put("x", scope.current().orElseThrow());
                throw failure;
            })).isSameAs(failure);
            assertThat(JobState.destroyed).hasSize(1);
            assertThat(store.exists(key[0])).isFalse();
            assertThat(scope.current()).isEmpty();

            IOException checked = new IOException("disk");
            assertThatExceptionOfType(UndeclaredThrowableException.class)
                    .isThrownBy(() -> scope.call(store, () -> {
                        job.id();
                        throw checked;
                    }))
                    .satisfies(e -> assertThat(e.getCause()).isSameAs(checked))
                    .withMessageContaining("disk");
            assertThat(JobState.destroyed).hasSize(2);
        });
    }

    @Test
    void anExistingLifetimeKeepsItsBeansUntilItIsClosed() {
        runner.run(context -> {
            ProxyLifetimeScope scope = context.getBean(ProxyLifetimeScope.class);
            Store store = context.getBean(Store.class);
            JobState job = context.getBean(JobState.class);
            try (ContextLifetime lifetime = new ContextLifetime(store, "job-1")) {
                int first = scope.call(lifetime, job::id);
                assertThat(scope.call(lifetime, job::id)).as("the same lifetime, the same instance").isEqualTo(first);
                assertThat(JobState.destroyed).isEmpty();
                assertThat(scope.activeLifetimes()).isOne();
                lifetime.close();
                assertThat(JobState.destroyed).containsExactly(first);
                assertThat(scope.activeLifetimes()).isZero();
                assertThatIllegalStateException().isThrownBy(() -> scope.call(lifetime, job::id))
                        .withMessageContaining("'job-1' has ended");
            }
        });
    }

    @Test
    void aLeaseDestroysItsBeansWhenItExpires() {
        runner.run(context -> {
            ProxyLifetimeScope scope = context.getBean(ProxyLifetimeScope.class);
            Store store = context.getBean(Store.class);
            JobState job = context.getBean(JobState.class);
            MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
            ManualScheduler scheduler = new ManualScheduler(clock);
            LeaseLifetime lease = new LeaseLifetime(store, clock.instant().plusSeconds(2), "job", clock, scheduler);
            int id = scope.call(lease, job::id);

            scheduler.advance(Duration.ofMillis(1_999));
            assertThat(JobState.destroyed).isEmpty();
            assertThat(scope.activeLifetimes()).isOne();
            scheduler.advance(Duration.ofMillis(1));
            assertThat(JobState.destroyed).containsExactly(id);
            assertThat(scope.activeLifetimes()).isZero();
            assertThat(lease.done()).isTrue();
        });
    }

    @Test
    void nestedCallsRestoreTheOuterLifetime() {
        runner.run(context -> {
            ProxyLifetimeScope scope = context.getBean(ProxyLifetimeScope.class);
            Store store = context.getBean(Store.class);
            JobState job = context.getBean(JobState.class);
            scope.call(store, () -> {
                Lifetime outer = scope.current().orElseThrow();
                int outerId = job.id();
                int innerId = scope.call(store, () -> {
                    assertThat(scope.current()).get().isNotSameAs(outer);
                    return job.id();
                });
                assertThat(innerId).isNotEqualTo(outerId);
                assertThat(JobState.destroyed).containsExactly(innerId);
                assertThat(scope.current()).containsSame(outer);
                assertThat(job.id()).isEqualTo(outerId);
                return null;
            });
            assertThat(scope.current()).isEmpty();
            assertThat(JobState.destroyed).hasSize(2);
        });
    }

    @Test
    void usingAScopedBeanWithoutALifetimeFails() {
        runner.run(context -> {
            JobState job = context.getBean(JobState.class);
            // Spring reports a scope's IllegalStateException as ScopeNotActiveException, with it as the cause
            assertThatExceptionOfType(ScopeNotActiveException.class).isThrownBy(job::id)
                    .withCauseInstanceOf(IllegalStateException.class)
                    .havingCause()
                    .withMessageContaining("'scopedTarget.jobState' is @ProxyLifetime-scoped")
                    .withMessageContaining("no ProxyStore lifetime is active")
                    .withMessageContaining("ProxyLifetimeScope.call");
            ProxyLifetimeScope scope = context.getBean(ProxyLifetimeScope.class);
            assertThatIllegalStateException().isThrownBy(() -> scope.beanScope().get("jobState", JobState::new))
                    .withMessageContaining("no ProxyStore lifetime is active");
        });
    }

    @Test
    void threadsBindingTheSameLifetimeShareTheInstances() {
        runner.run(context -> {
            ProxyLifetimeScope scope = context.getBean(ProxyLifetimeScope.class);
            Store store = context.getBean(Store.class);
            JobState job = context.getBean(JobState.class);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try (ContextLifetime lifetime = new ContextLifetime(store)) {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Integer>> ids = new CopyOnWriteArrayList<>();
                for (int i = 0; i < 8; i++) {
                    ids.add(pool.submit(() -> {
                        start.await();
                        return scope.call(lifetime, job::id);
                    }));
                }
                start.countDown();
                int first = ids.get(0).get(10, TimeUnit.SECONDS);
                for (Future<Integer> id : ids) {
                    assertThat(id.get(10, TimeUnit.SECONDS)).isEqualTo(first);
                }
                assertThat(JobState.created).hasValue(1);
            } finally {
                pool.shutdownNow();
            }
            assertThat(JobState.destroyed).hasSize(1);
        });
    }

    @Test
    void beansOfLifetimesThatCannotReportTheirEndAreDestroyedWithTheContext() {
        int[] id = new int[1];
        runner.run(context -> {
            ProxyLifetimeScope scope = context.getBean(ProxyLifetimeScope.class);
            JobState job = context.getBean(JobState.class);
            id[0] = scope.call(StaticLifetime.instance(), job::id);
            assertThat(scope.call(StaticLifetime.instance(), job::id)).isEqualTo(id[0]);
            assertThat(JobState.destroyed).isEmpty();
        });
        assertThat(JobState.destroyed).containsExactly(id[0]);
        assertThat(StaticLifetime.instance().done()).isFalse();
    }

    @Test
    void aLifetimeStillOpenWhenTheContextClosesHasItsBeansDestroyed() {
        int[] id = new int[1];
        ContextLifetime[] lifetime = new ContextLifetime[1];
        runner.run(context -> {
            ProxyLifetimeScope scope = context.getBean(ProxyLifetimeScope.class);
            lifetime[0] = new ContextLifetime(context.getBean(Store.class));
            id[0] = scope.call(lifetime[0], context.getBean(JobState.class)::id);
        });
        assertThat(JobState.destroyed).containsExactly(id[0]);
        lifetime[0].close();
        assertThat(JobState.destroyed).as("not destroyed twice").containsExactly(id[0]);
    }

    @Test
    void worksWithoutTheApplicationContextToo() {
        ProxyLifetimeScope scope = new ProxyLifetimeScope();
        try (Store store = new Store("plain", new dev.proxystore.connector.LocalConnector())) {
            assertThat(scope.call(store, () -> scope.current().map(Lifetime::name).orElseThrow()))
                    .startsWith("context-lifetime-");
            assertThat(scope.beanScope().getConversationId()).isNull();
            assertThat(scope.call(store, () -> scope.beanScope().getConversationId()))
                    .startsWith("context-lifetime-");
        }
    }

    @Test
    void theReadmeExampleUsesTheScopedBeanThroughItsMethods() {
        runner.withUserConfiguration(JobContext.class, Jobs.class).run(context -> {
            Jobs jobs = context.getBean(Jobs.class);
            assertThat(jobs.run(List.of(1, 2, 3))).isEqualTo(6);
            assertThat(JobContext.finished).containsExactly(List.of("started"));
            assertThat(context.getBean(JobContext.class).notes)
                    .as("the injected scoped proxy's own field, which the README warns about").isNull();
        });
    }

    /** The README's {@code JobContext}. */
    @ProxyLifetime
    static class JobContext {

        static final List<List<String>> finished = new CopyOnWriteArrayList<>();

        final List<String> notes = new ArrayList<>();

        void note(String note) {
            notes.add(note);
        }

        @PreDestroy
        void done() {
            finished.add(List.copyOf(notes));
        }
    }

    /** The README's {@code Jobs}, with a list for the matrix. */
    static class Jobs {

        private final Store store;
        private final ProxyLifetimeScope lifetimes;
        private final JobContext job;

        Jobs(Store store, ProxyLifetimeScope lifetimes, JobContext job) {
            this.store = store;
            this.lifetimes = lifetimes;
            this.job = job;
        }

        int run(List<Integer> input) {
            return lifetimes.call(store, () -> {
                Lifetime lifetime = lifetimes.current().orElseThrow();
                List<Integer> m = store.proxy(new ArrayList<>(input), ProxyOptions.defaults().withLifetime(lifetime));
                job.note("started");
                return m.stream().mapToInt(Integer::intValue).sum();
            });
        }
    }

    /** A bean scoped to the current proxy lifetime. */
    @ProxyLifetime
    static class JobState {

        static final AtomicInteger created = new AtomicInteger();
        static final List<Integer> destroyed = new CopyOnWriteArrayList<>();

        private final int id = created.incrementAndGet();

        int id() {
            return id;
        }

        @PreDestroy
        void destroy() {
            destroyed.add(id);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ScopedBeansConfiguration {

        @Bean
        @ProxyLifetime
        JobState jobState() {
            return new JobState();
        }
    }

    @Test
    void theAnnotationDefaultsToClassBasedScopedProxies() throws Exception {
        ProxyLifetime annotation = JobState.class.getAnnotation(ProxyLifetime.class);
        assertThat(annotation.proxyMode()).isEqualTo(ScopedProxyMode.TARGET_CLASS);
        org.springframework.context.annotation.Scope scope = org.springframework.core.annotation.AnnotatedElementUtils
                .findMergedAnnotation(JobState.class, org.springframework.context.annotation.Scope.class);
        assertThat(scope.scopeName()).isEqualTo("proxyLifetime");
        assertThat(scope.proxyMode()).isEqualTo(ScopedProxyMode.TARGET_CLASS);
    }
}
