package dev.proxystore.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proxystore.serialize.SerializationException;
import dev.proxystore.store.Key;
import dev.proxystore.store.ProxyStoreFactoryException;
import dev.proxystore.store.StoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ProxyResolutionTest {

    interface Named {
        String name();
    }

    record Name(String name) implements Named {
    }

    @Test
    void theFactoryIsNotCalledBeforeFirstUse() {
        TestFactory<Named> factory = TestFactory.returning(new Name("lazy"));

        Named proxy = Proxies.create(Named.class, factory);

        assertThat(factory.calls()).isZero();
        assertThat(Proxies.isResolved(proxy)).isFalse();
        assertThat(Proxies.factoryOf(proxy)).isSameAs(factory);

        assertThat(proxy.name()).isEqualTo("lazy");
        assertThat(proxy.name()).isEqualTo("lazy");
        assertThat(factory.calls()).isEqualTo(1);
        assertThat(Proxies.isResolved(proxy)).isTrue();
    }

    @Test
    void resolveAndExtractCallTheFactoryOnce() {
        Name target = new Name("t");
        TestFactory<Named> factory = TestFactory.returning(target);
        Named proxy = Proxies.create(Named.class, factory);

        Proxies.resolve(proxy);
        Proxies.resolve(proxy);

        assertThat(Proxies.isResolved(proxy)).isTrue();
        assertThat(Proxies.extract(proxy)).isSameAs(target);
        assertThat(factory.calls()).isEqualTo(1);
    }

    @Test
    void aPopulatedProxyNeverCallsItsFactory() {
        Name target = new Name("populated");
        TestFactory<Named> factory = TestFactory.returning(new Name("from factory"));

        Named proxy = Proxies.create(Named.class, factory, target);

        assertThat(Proxies.isResolved(proxy)).isTrue();
        assertThat(proxy.name()).isEqualTo("populated");
        assertThat(Proxies.extract(proxy)).isSameAs(target);
        assertThat(factory.calls()).isZero();
    }

    @Test
    void concurrentFirstUseCallsTheFactoryOnce() throws Exception {
        int threads = 16;
        CountDownLatch start = new CountDownLatch(1);
        TestFactory<Named> factory = TestFactory.of(() -> {
            sleep(50);
            return new Name("shared " + System.nanoTime());
        });
        Named proxy = Proxies.create(Named.class, factory);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Object>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Callable<Object> firstUse = () -> {
                    start.await();
                    proxy.name();
                    return Proxies.extract(proxy);
                };
                results.add(pool.submit(firstUse));
            }
            start.countDown();
            Set<Object> targets = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            for (Future<Object> result : results) {
                targets.add(result.get(10, TimeUnit.SECONDS));
            }

            assertThat(factory.calls()).isEqualTo(1);
            assertThat(targets).hasSize(1);
        }
        finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailingFactoryIsWrappedAndRetriedOnTheNextCall() {
        AtomicInteger attempts = new AtomicInteger();
        IllegalStateException failure = new IllegalStateException("backend down");
        TestFactory<Named> factory = TestFactory.of(() -> {
            if (attempts.incrementAndGet() == 1) {
                throw failure;
            }
            return new Name("second try");
        });
        Named proxy = Proxies.create(Named.class, factory);

        assertThatThrownBy(proxy::name)
                .isExactlyInstanceOf(ProxyResolveException.class)
                .hasCause(failure)
                .hasMessageContaining(Named.class.getName());
        assertThat(Proxies.isResolved(proxy)).isFalse();

        assertThat(proxy.name()).isEqualTo("second try");
        assertThat(factory.calls()).isEqualTo(2);
    }

    @Test
    void proxyStoreExceptionsPassThroughUnchanged() {
        List<RuntimeException> unchanged = List.of(
                new ProxyResolveException("resolve", null),
                new ProxyResolveMissingKeyException(new Key<>("k"), "store"),
                new SerializationException("bad bytes"),
                new StoreException("store"),
                new ProxyStoreFactoryException("factory"));
        for (RuntimeException failure : unchanged) {
            Named proxy = Proxies.create(Named.class, TestFactory.of(() -> {
                throw failure;
            }));

            assertThatThrownBy(proxy::name).isSameAs(failure);
            assertThatThrownBy(() -> Proxies.resolve(proxy)).isSameAs(failure);
        }
    }

    @Test
    void errorsPassThroughUnchanged() {
        StackOverflowError error = new StackOverflowError("deep");
        Named proxy = Proxies.create(Named.class, TestFactory.of(() -> {
            throw error;
        }));

        assertThatThrownBy(proxy::name).isSameAs(error);
        assertThat(Proxies.isResolved(proxy)).isFalse();
    }

    @Test
    void sneakyCheckedExceptionsAreWrapped() {
        Exception checked = new Exception("checked");
        Named proxy = Proxies.create(Named.class, TestFactory.of(() -> ProxyResolutionTest.<Named, RuntimeException>sneakyThrow(checked)));

        assertThatThrownBy(proxy::name).isExactlyInstanceOf(ProxyResolveException.class).hasCause(checked);
    }

    @SuppressWarnings("unchecked")
    private static <T, E extends Throwable> T sneakyThrow(Throwable t) throws E {
        throw (E) t;
    }

    @Test
    void aNullResultIsAResolveFailure() {
        TestFactory<Named> factory = TestFactory.of(() -> null);
        Named proxy = Proxies.create(Named.class, factory);

        assertThatThrownBy(proxy::name)
                .isExactlyInstanceOf(ProxyResolveException.class)
                .hasMessageContaining("null");
        assertThat(Proxies.isResolved(proxy)).isFalse();
    }

    @Test
    void aResultOfTheWrongTypeIsAResolveFailure() {
        @SuppressWarnings({"unchecked", "rawtypes"})
        Supplier<Named> wrong = (Supplier) () -> "not a Named";
        Named proxy = Proxies.create(Named.class, TestFactory.of(wrong));

        assertThatThrownBy(proxy::name)
                .isExactlyInstanceOf(ProxyResolveException.class)
                .hasMessageContaining(String.class.getName());
    }

    /** A guarded factory that records every check and can be told to refuse. */
    static final class Guarded implements GuardedSupplier<Named> {
        static final AtomicInteger CHECKS = new AtomicInteger();
        static final AtomicBoolean REFUSE = new AtomicBoolean();
        static final AtomicInteger CALLS = new AtomicInteger();

        @Override
        public void checkAccess() {
            CHECKS.incrementAndGet();
            if (REFUSE.get()) {
                throw new IllegalStateException("reference dropped");
            }
        }

        @Override
        public Named get() {
            CALLS.incrementAndGet();
            return new Name("guarded");
        }
    }

    static final class CountingName implements Named {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public String name() {
            calls.incrementAndGet();
            return "counted";
        }
    }

    @Test
    void aGuardedFactoryChecksEveryDispatch() {
        Guarded.CHECKS.set(0);
        Guarded.REFUSE.set(false);
        CountingName target = new CountingName();
        Named proxy = Proxies.create(Named.class, new Guarded(), target);

        proxy.name();
        proxy.name();
        int unused = proxy.hashCode();
        assertThat(Guarded.CHECKS).hasValue(3);
        Proxies.isResolved(proxy);
        Proxies.resolve(proxy);
        Proxies.extract(proxy);
        assertThat(Guarded.CHECKS).hasValue(6);
        Proxies.factoryOf(proxy);
        Proxies.proxiedType(proxy);
        assertThat(Guarded.CHECKS).hasValue(6);

        Guarded.REFUSE.set(true);
        assertThatThrownBy(proxy::name).isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("reference dropped");
        assertThatThrownBy(() -> Proxies.isResolved(proxy)).isExactlyInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Proxies.resolve(proxy)).isExactlyInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Proxies.extract(proxy)).isExactlyInstanceOf(IllegalStateException.class);
        assertThat(target.calls).hasValue(2);
    }

    @Test
    void aGuardRunsBeforeTheFirstResolve() {
        Guarded.REFUSE.set(true);
        Guarded.CALLS.set(0);
        Named proxy = Proxies.create(Named.class, new Guarded());

        assertThatThrownBy(proxy::name).isExactlyInstanceOf(IllegalStateException.class);
        assertThat(Guarded.CALLS).hasValue(0);
        Guarded.REFUSE.set(false);
        assertThat(proxy.name()).isEqualTo("guarded");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
