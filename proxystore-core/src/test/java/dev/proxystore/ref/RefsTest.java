package dev.proxystore.ref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proxystore.connector.LocalConnector;
import dev.proxystore.proxy.Proxies;
import dev.proxystore.store.Key;
import dev.proxystore.store.ProxyOptions;
import dev.proxystore.store.ProxyStoreFactoryException;
import dev.proxystore.store.Store;
import dev.proxystore.store.StoreFactory;
import dev.proxystore.store.StoreRegistry;
import dev.proxystore.testing.JavaSerialization;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RefsTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final LocalConnector connector = new LocalConnector();
    private final Store store = Store.builder("refs-test", connector).metrics(true).meterRegistry(meters).build();
    private StoreRegistry.Registration registration;

    @BeforeEach
    void register() {
        registration = StoreRegistry.global().registration(store);
    }

    @AfterEach
    void close() {
        registration.close();
        store.close();
    }

    private List<Integer> owned() {
        return store.ownedProxy(new ArrayList<>(List.of(1, 2, 3)));
    }

    @SuppressWarnings("unchecked")
    private <T> Key<T> keyOf(T proxy) {
        return (Key<T>) StoreFactory.of(proxy).key();
    }

    @Test
    void kindsAreReportedWithoutResolving() {
        List<Integer> owned = store.ownedProxy(new ArrayList<>(List.of(1)),
                ProxyOptions.defaults().withPopulateTarget(false));
        List<Integer> borrowed = Refs.borrow(owned);
        assertThat(Refs.isOwned(owned)).isTrue();
        assertThat(Refs.isBorrowed(borrowed)).isTrue();
        assertThat(Refs.isMutBorrowed(borrowed)).isFalse();
        assertThat(Refs.isOwned(store.proxy(new ArrayList<>()))).isFalse();
        assertThat(Refs.isOwned("plain")).isFalse();
        assertThat(Proxies.isResolved(owned)).isFalse();
        Refs.release(borrowed);
        Refs.drop(owned);
    }

    @Test
    void dropEvictsAndInvalidates() {
        List<Integer> owned = owned();
        Key<?> key = keyOf(owned);
        assertThat(store.exists(key)).isTrue();

        Refs.drop(owned);

        assertThat(store.exists(key)).isFalse();
        assertThatThrownBy(owned::size).isInstanceOf(ReferenceInvalidException.class);
        assertThatThrownBy(() -> Refs.drop(owned)).isInstanceOf(ReferenceInvalidException.class);
        assertThat(meters.get("proxystore.store.evictions").tag("cause", "ownership").counter().count()).isEqualTo(1);
    }

    @Test
    void anyNumberOfBorrowsOrOneMutableBorrow() {
        List<Integer> owned = owned();
        List<Integer> first = Refs.borrow(owned);
        List<Integer> second = Refs.borrow(owned);
        assertThat(first).containsExactly(1, 2, 3);
        assertThat(Proxies.isResolved(second)).isTrue();
        assertThatThrownBy(() -> Refs.mutBorrow(owned)).isInstanceOf(MutableBorrowException.class);
        assertThatThrownBy(() -> Refs.drop(owned)).isInstanceOf(IllegalStateException.class);

        Refs.release(first, second);
        Refs.release(first);

        List<Integer> mutable = Refs.mutBorrow(owned);
        assertThatThrownBy(() -> Refs.borrow(owned)).isInstanceOf(MutableBorrowException.class);
        assertThatThrownBy(() -> Refs.mutBorrow(owned)).isInstanceOf(MutableBorrowException.class);
        assertThatThrownBy(() -> Refs.update(owned)).isInstanceOf(MutableBorrowException.class);
        Refs.release(mutable);
        assertThatThrownBy(mutable::size).isInstanceOf(ReferenceInvalidException.class);

        Refs.drop(owned);
    }

    @Test
    void onlyOwnersCanBeBorrowedClonedOrDropped() {
        List<Integer> owned = owned();
        List<Integer> borrowed = Refs.borrow(owned);
        List<Integer> plain = store.proxy(new ArrayList<>(List.of(9)));

        assertThatThrownBy(() -> Refs.borrow(borrowed)).isInstanceOf(ReferenceNotOwnedException.class);
        assertThatThrownBy(() -> Refs.mutBorrow(plain)).isInstanceOf(ReferenceNotOwnedException.class);
        assertThatThrownBy(() -> Refs.clone(borrowed)).isInstanceOf(ReferenceNotOwnedException.class);
        assertThatThrownBy(() -> Refs.drop(plain)).isInstanceOf(ReferenceNotOwnedException.class);
        assertThatThrownBy(() -> Refs.update(borrowed)).isInstanceOf(ReferenceNotOwnedException.class);
        assertThatThrownBy(() -> Refs.release(owned)).isInstanceOf(IllegalArgumentException.class);

        Refs.release(borrowed);
        Refs.drop(owned);
    }

    @Test
    void populateTargetCopiesAResolvedTarget() {
        List<Integer> owned = owned();
        List<Integer> unpopulated = Refs.borrow(owned, false);
        assertThat(Proxies.isResolved(unpopulated)).isFalse();
        assertThat(unpopulated).containsExactly(1, 2, 3);
        Refs.release(unpopulated);
        Refs.drop(owned);
    }

    @Test
    void intoOwnedClearsTheEvictFlagAndRejectsRefs() {
        List<Integer> ephemeral = store.proxy(new ArrayList<>(List.of(5)), ProxyOptions.defaults().withEvict(true));
        List<Integer> owned = Refs.intoOwned(ephemeral);
        assertThat(StoreFactory.of(owned).evict()).isFalse();
        List<Integer> copy = JavaSerialization.roundTrip(owned);
        assertThat(copy).containsExactly(5);
        assertThat(store.exists(keyOf(copy))).isTrue();

        assertThatThrownBy(() -> Refs.intoOwned(copy)).isInstanceOf(IllegalArgumentException.class);
        Runnable foreign = Proxies.create(Runnable.class, () -> () -> { });
        assertThatThrownBy(() -> Refs.intoOwned(foreign)).isInstanceOf(ProxyStoreFactoryException.class);
        Refs.drop(copy);
    }

    @Test
    void serializingMovesTheReference() {
        List<Integer> owned = owned();
        List<Integer> moved = JavaSerialization.roundTrip(owned);

        assertThatThrownBy(owned::size).isInstanceOf(ReferenceInvalidException.class);
        assertThatThrownBy(() -> JavaSerialization.serialize(owned)).isInstanceOf(ReferenceInvalidException.class);
        assertThat(Refs.isOwned(moved)).isTrue();
        assertThat(moved).containsExactly(1, 2, 3);

        List<Integer> borrowed = Refs.borrow(moved);
        assertThatThrownBy(() -> JavaSerialization.serialize(moved)).isInstanceOf(MutableBorrowException.class);
        List<Integer> remoteBorrow = JavaSerialization.roundTrip(borrowed);
        assertThatThrownBy(borrowed::size).isInstanceOf(ReferenceInvalidException.class);
        assertThat(remoteBorrow).containsExactly(1, 2, 3);
        Refs.release(remoteBorrow);
        assertThatThrownBy(() -> Refs.drop(moved)).as("the moved borrow still counts until released")
                .isInstanceOf(IllegalStateException.class);
        Refs.release(borrowed);
        Refs.drop(moved);
        assertThat(connector.size()).isZero();
    }

    @Test
    void cloneCopiesDataUnderANewKeyAndDeepCopiesTheLocalTarget() {
        List<Integer> owned = owned();
        owned.add(4);
        List<Integer> clone = Refs.clone(owned);

        assertThat(keyOf(clone)).isNotEqualTo(keyOf(owned));
        assertThat(clone).containsExactly(1, 2, 3, 4);
        clone.add(5);
        assertThat(owned).containsExactly(1, 2, 3, 4);
        assertThat(store.get(keyOf(clone))).contains(List.of(1, 2, 3));

        Refs.drop(owned);
        Refs.drop(clone);
        assertThat(connector.size()).isZero();
    }

    @Test
    void updateWritesTheLocalTargetBackAndInvalidatesTheCache() {
        List<Integer> owned = owned();
        Key<List<Integer>> key = keyOf(owned);
        store.get(key);
        assertThat(store.isCached(key)).isTrue();

        owned.add(4);
        Refs.update(owned);

        assertThat(store.isCached(key)).isFalse();
        assertThat(store.get(key)).contains(List.of(1, 2, 3, 4));

        List<Integer> mutable = Refs.mutBorrow(owned);
        mutable.add(5);
        Refs.update(mutable);
        assertThat(store.get(key)).contains(List.of(1, 2, 3, 4, 5));
        Refs.release(mutable);

        List<Integer> unresolved = store.ownedProxy(new ArrayList<>(List.of(0)),
                ProxyOptions.defaults().withPopulateTarget(false));
        Refs.update(unresolved);
        assertThat(Proxies.isResolved(unresolved)).isFalse();
        Refs.drop(unresolved);
        Refs.drop(owned);
    }

    @Test
    void submitReleasesBorrowsWhateverTheOutcome() throws Exception {
        List<Integer> owned = owned();
        List<Integer> borrowed = Refs.borrow(owned, false);
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            CompletableFuture<Integer> sum = Refs.submit(executor, () -> borrowed.stream().mapToInt(i -> i).sum(),
                    borrowed);
            assertThat(sum.get(10, TimeUnit.SECONDS)).isEqualTo(6);

            List<Integer> failing = Refs.borrow(owned, false);
            CompletableFuture<Integer> failed = Refs.submit(executor, () -> {
                throw new IllegalStateException("boom");
            }, failing);
            assertThatThrownBy(() -> failed.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class);
            assertThatThrownBy(failing::size).isInstanceOf(ReferenceInvalidException.class);
            assertThat(meters.get("proxystore.store.operations").tag("operation", "resolve").timer().count())
                    .as("submit itself resolves nothing").isEqualTo(1);
        } finally {
            executor.shutdownNow();
        }
        Refs.drop(owned);
    }

    @Test
    void borrowCountsStayCorrectUnderConcurrency() throws Exception {
        List<Integer> owned = owned();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 2_000; i++) {
                        List<Integer> borrowed = Refs.borrow(owned);
                        Refs.release(borrowed);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        RefFactory<?> factory = (RefFactory<?>) Proxies.factoryOf(owned);
        assertThat(factory.borrows()).isZero();
        assertThat(factory.mutBorrows()).isZero();
        Refs.release(Refs.mutBorrow(owned));
        Refs.drop(owned);
    }

    @Test
    void anUnreachableOwnerIsEvictedByTheCleaner() throws InterruptedException {
        Key<?> key = keyOf(owned());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (store.exists(key) && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        assertThat(store.exists(key)).isFalse();
        assertThat(meters.get("proxystore.store.evictions").tag("cause", "ownership").counter().count()).isEqualTo(1);
    }

    @Test
    void aBorrowKeepsItsOwnerAlive() throws InterruptedException {
        List<Integer> borrowed = Refs.borrow(owned());
        Key<?> key = keyOf(borrowed);
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertThat(store.exists(key)).isTrue();
        assertThat(borrowed).containsExactly(1, 2, 3);
        Refs.release(borrowed);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (store.exists(key) && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        assertThat(store.exists(key)).isFalse();
    }

    @Test
    void ownedProxyRejectsEvictAndLifetime() {
        assertThatThrownBy(() -> store.ownedProxy(new ArrayList<>(), ProxyOptions.defaults().withEvict(true)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(connector.size()).isZero();
    }
}
