package dev.proxystore.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proxystore.connector.LocalConnector;
import dev.proxystore.lifetime.ContextLifetime;
import dev.proxystore.proxy.Proxies;
import dev.proxystore.ref.ReferenceInvalidException;
import dev.proxystore.ref.Refs;
import dev.proxystore.serialize.DefaultSerializer;
import dev.proxystore.serialize.Serializer;
import dev.proxystore.store.ProxyOptions;
import dev.proxystore.store.Store;
import dev.proxystore.store.StoreFactory;
import dev.proxystore.store.StoreRegistry;
import dev.proxystore.testing.JavaSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StoreExecutorTest {

    private final AtomicInteger serializations = new AtomicInteger();
    private final LocalConnector connector = new LocalConnector();
    private final Store store = Store.builder("executor-test", connector)
            .serializer(new CountingSerializer(DefaultSerializer.create(), serializations))
            .build();
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final StoreRegistry.Registration registration = StoreRegistry.global().registration(store);

    @AfterEach
    void close() {
        pool.shutdownNow();
        registration.close();
        store.close();
    }

    private static Callable<List<Integer>> listOf(int size) {
        return () -> {
            List<Integer> list = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                list.add(i);
            }
            return list;
        };
    }

    @Test
    void alwaysProxiesResultsThatTravelByReference() throws Exception {
        StoreExecutor executor = StoreExecutor.builder(pool, store).build();
        List<Integer> result = executor.submit(listOf(3)).get(10, TimeUnit.SECONDS);

        assertThat(Proxies.isProxy(result)).isTrue();
        assertThat(Proxies.isResolved(result)).isTrue();
        assertThat(connector.size()).isEqualTo(1);
        List<Integer> elsewhere = JavaSerialization.roundTrip(result);
        assertThat(elsewhere).containsExactly(0, 1, 2);
    }

    @Test
    void neverAndNonProxiableResultsComeBackAsThemselves() throws Exception {
        StoreExecutor never = StoreExecutor.builder(pool, store).policy(ProxyPolicy.never()).build();
        assertThat(Proxies.isProxy(never.submit(listOf(1)).get())).isFalse();

        StoreExecutor always = StoreExecutor.builder(pool, store).build();
        assertThat(always.submit(() -> "final class").get()).isEqualTo("final class");
        assertThat(always.submit(() -> null).get()).isNull();
        assertThat(connector.size()).isZero();
    }

    @Test
    void typePolicyPicksByType() throws Exception {
        StoreExecutor executor = StoreExecutor.builder(pool, store).policy(ProxyPolicy.types(List.class)).build();
        assertThat(Proxies.isProxy(executor.submit(listOf(1)).get())).isTrue();
        assertThat(Proxies.isProxy(executor.submit(() -> (Object) new java.util.HashMap<String, Integer>()).get()))
                .isFalse();
    }

    @Test
    void sizePolicySerializesOnce() throws Exception {
        StoreExecutor executor = StoreExecutor.builder(pool, store).policy(ProxyPolicy.minSize(1_000)).build();

        List<Integer> small = executor.submit(listOf(2)).get();
        assertThat(Proxies.isProxy(small)).isFalse();

        serializations.set(0);
        List<Integer> large = executor.submit(listOf(10_000)).get();
        assertThat(Proxies.isProxy(large)).isTrue();
        assertThat(serializations).hasValue(1);
        assertThat(JavaSerialization.roundTrip(large)).hasSize(10_000);
    }

    @Test
    void invokeAllAndInvokeAnyProxyResults() throws Exception {
        StoreExecutor executor = StoreExecutor.builder(pool, store).build();
        List<Future<List<Integer>>> futures = executor.invokeAll(List.of(listOf(1), listOf(2)));
        assertThat(futures).allSatisfy(f -> assertThat(Proxies.isProxy(f.get())).isTrue());
        assertThat(futures.get(1).get()).hasSize(2);

        List<Integer> any = executor.invokeAny(List.of(listOf(4)));
        assertThat(Proxies.isProxy(any)).isTrue();
        assertThat(any).hasSize(4);
    }

    @Test
    void lifetimeOptionAssociatesResults() throws Exception {
        try (ContextLifetime job = new ContextLifetime(store)) {
            StoreExecutor executor = StoreExecutor.builder(pool, store)
                    .policy(ProxyPolicy.minSize(0))
                    .proxyOptions(ProxyOptions.defaults().withLifetime(job))
                    .build();
            executor.submit(listOf(5)).get();
            executor.submit(listOf(6)).get();
            assertThat(job.size()).isEqualTo(2);
        }
        assertThat(connector.size()).isZero();
    }

    @Test
    void ownershipMakesResultsOwnedAndReleasesBorrowsWhenTasksEnd() throws Exception {
        StoreExecutor executor = StoreExecutor.builder(pool, store).ownership(true).build();
        List<Integer> owned = executor.submit(listOf(3)).get();
        assertThat(Refs.isOwned(owned)).isTrue();

        List<Integer> borrowed = Refs.borrow(owned);
        List<Integer> sum = executor.submitBorrowing(() -> new ArrayList<>(List.of(borrowed.size())), borrowed)
                .get(10, TimeUnit.SECONDS);
        assertThat(sum).containsExactly(3);
        assertThatThrownBy(borrowed::size).isInstanceOf(ReferenceInvalidException.class);

        Refs.drop(owned);
        Refs.drop(sum);
        assertThat(connector.size()).isZero();
        assertThat(StoreFactory.of(owned).config().name()).isEqualTo("executor-test");
    }

    @Test
    void ownershipWithEvictOrLifetimeIsRejected() {
        assertThatThrownBy(() -> StoreExecutor.builder(pool, store).ownership(true)
                .proxyOptions(ProxyOptions.defaults().withEvict(true)).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Counts serializations on the way to a real serializer. */
    private record CountingSerializer(Serializer delegate, AtomicInteger count) implements Serializer {

        @Override
        public byte[] serialize(Object obj) {
            count.incrementAndGet();
            return delegate.serialize(obj);
        }

        @Override
        public Object deserialize(byte[] data) {
            return delegate.deserialize(data);
        }
    }
}
