package dev.proxystore.lifetime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proxystore.connector.LocalConnector;
import dev.proxystore.proxy.ProxyResolveMissingKeyException;
import dev.proxystore.store.Key;
import dev.proxystore.store.ProxyOptions;
import dev.proxystore.store.Store;
import dev.proxystore.store.StoreRegistry;
import dev.proxystore.testing.JavaSerialization;
import dev.proxystore.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LeaseLifetimeTest {

    private final LocalConnector connector = new LocalConnector();
    private final Store store = new Store("lease-test", connector);

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void expiresAndEvictsItsKeys() {
        LeaseLifetime lease = new LeaseLifetime(store, Duration.ofMillis(100));
        Key<String> key = store.put("leased", lease);

        await(lease::done);
        assertThat(store.exists(key)).isFalse();
        assertThatThrownBy(() -> lease.extend(Duration.ofSeconds(1))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> lease.extend(Instant.now())).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.put("late", lease)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void expiryNowOrInThePastEndsAtOnce() {
        LeaseLifetime now = new LeaseLifetime(store, Instant.now());
        LeaseLifetime past = new LeaseLifetime(store, Duration.ofSeconds(-5), "past");
        assertThat(now.done()).isTrue();
        assertThat(past.done()).isTrue();
    }

    @Test
    void extendByDurationAddsAndByInstantSets() {
        MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
        LeaseLifetime lease = new LeaseLifetime(store, clock.instant().plusSeconds(10), null, clock);

        lease.extend(Duration.ofSeconds(5));
        assertThat(lease.expiry()).isEqualTo(Instant.parse("2030-01-01T00:00:15Z"));

        lease.extend(Instant.parse("2030-01-01T00:00:03Z"));
        assertThat(lease.expiry()).isEqualTo(Instant.parse("2030-01-01T00:00:03Z"));
        assertThat(lease.remaining()).isEqualTo(Duration.ofSeconds(3));

        clock.advance(Duration.ofSeconds(2));
        assertThat(lease.done()).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(lease.done()).isTrue();
    }

    @Test
    void theInjectedClockDecidesExpiry() {
        MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
        LeaseLifetime lease = new LeaseLifetime(store, clock.instant().plusSeconds(3600), "simulated", clock);
        Key<String> key = store.put("x", lease);

        clock.advance(Duration.ofMinutes(59));
        assertThat(lease.done()).isFalse();
        assertThat(store.exists(key)).isTrue();

        clock.advance(Duration.ofMinutes(1));
        assertThat(lease.done()).isTrue();
        assertThat(store.exists(key)).isFalse();
    }

    @Test
    void closeEndsTheLeaseEarly() {
        int pendingBefore = LeaseTimers.pending();
        LeaseLifetime lease = new LeaseLifetime(store, Duration.ofHours(1));
        Key<String> key = store.put("x", lease);
        lease.close();
        assertThat(store.exists(key)).isFalse();
        assertThat(LeaseTimers.pending()).isLessThanOrEqualTo(pendingBefore);
    }

    @Test
    void setsAServerSideExpiryThatWorksWithoutTheClient() {
        // A frozen client clock never lets the lease itself expire: only the connector's expiry can remove the key.
        MutableClock frozen = new MutableClock(Instant.now());
        LeaseLifetime lease = new LeaseLifetime(store, frozen.instant().plusMillis(150), "server-side", frozen);
        Key<String> key = store.put("x", lease);

        await(() -> !connector.exists(key.id()));
        assertThat(lease.done()).isFalse();
        lease.close();
    }

    @Test
    void extendMovesTheServerSideExpiry() throws InterruptedException {
        MutableClock frozen = new MutableClock(Instant.now());
        LeaseLifetime lease = new LeaseLifetime(store, frozen.instant().plusMillis(200), "moving", frozen);
        Key<String> key = store.put("x", lease);
        lease.extend(Duration.ofHours(1));

        Thread.sleep(400);
        assertThat(connector.exists(key.id())).isTrue();
        lease.close();
    }

    @Test
    void leaseExpiringWhileProxiesResolveGivesTypedErrorsAndNoDeadlock() throws Exception {
        try (StoreRegistry.Registration registration = StoreRegistry.global().registration(store)) {
            LeaseLifetime lease = new LeaseLifetime(store, Duration.ofMillis(400));
            byte[] serialized = JavaSerialization.serialize(
                    store.proxy(new ArrayList<>(List.of(1, 2, 3)), ProxyOptions.defaults().withLifetime(lease)));
            AtomicInteger resolved = new AtomicInteger();
            AtomicInteger missing = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    futures.add(pool.submit(() -> {
                        start.await();
                        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1_000);
                        while (System.nanoTime() < until) {
                            List<Integer> copy = JavaSerialization.deserialize(serialized);
                            try {
                                assertThat(copy.size()).isEqualTo(3);
                                resolved.incrementAndGet();
                            } catch (ProxyResolveMissingKeyException e) {
                                missing.incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> future : futures) {
                    future.get(30, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(lease.done()).isTrue();
            assertThat(missing.get()).isPositive();
            assertThat(connector.size()).isZero();
        }
    }

    @Test
    void tenThousandLeasesExpiringWithinOneSecondAllEvict() {
        Store uncached = Store.builder("many-leases", connector).cacheSize(0).build();
        Instant base = Instant.now().plusSeconds(3);
        List<LeaseLifetime> leases = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            LeaseLifetime lease = new LeaseLifetime(uncached, base.plusNanos(i * 100_000L));
            uncached.put(i, lease);
            leases.add(lease);
        }
        assertThat(connector.size()).isEqualTo(10_000);

        await(() -> connector.size() == 0);
        assertThat(leases).allMatch(Lifetime::done);
        await(() -> LeaseTimers.pending() < 100);
    }

    @Test
    void doneNeverThrowsWhenTheBackendFailsToEvict() {
        Store failing = new Store("failing-evict", new dev.proxystore.testing.ForwardingConnector(new LocalConnector()) {
            @Override
            public void evict(String key) {
                throw new dev.proxystore.connector.ConnectorException("backend down");
            }
        });
        MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
        LeaseLifetime lease = new LeaseLifetime(failing, clock.instant().plusSeconds(1), "failing", clock);
        failing.put("x", lease);
        clock.advance(Duration.ofSeconds(2));

        assertThat(lease.done()).isTrue();
        assertThat(lease.toString()).contains("done=true");
        assertThat(ContextLifetime.live()).doesNotContain(lease);
        failing.close();
    }

    static void await(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
