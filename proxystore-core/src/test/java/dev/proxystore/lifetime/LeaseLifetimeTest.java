package dev.proxystore.lifetime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proxystore.connector.ConnectorException;
import dev.proxystore.connector.LocalConnector;
import dev.proxystore.proxy.ProxyResolveMissingKeyException;
import dev.proxystore.store.Key;
import dev.proxystore.store.ProxyOptions;
import dev.proxystore.store.Store;
import dev.proxystore.store.StoreRegistry;
import dev.proxystore.testing.ForwardingConnector;
import dev.proxystore.testing.JavaSerialization;
import dev.proxystore.testing.ManualScheduler;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LeaseLifetimeTest {

    private final LocalConnector connector = new LocalConnector();
    private final Store store = new Store("lease-test", connector);
    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final ManualScheduler scheduler = new ManualScheduler(clock);

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void expiresAndEvictsItsKeys() {
        LeaseLifetime lease = lease(Duration.ofMillis(100), "expiring");
        Key<String> key = store.put("leased", lease);

        scheduler.advance(Duration.ofMillis(99));
        assertThat(store.exists(key)).isTrue();
        scheduler.advance(Duration.ofMillis(1));
        assertThat(store.exists(key)).as("evicted by the timer, before anyone asks").isFalse();
        assertThat(lease.done()).isTrue();
        assertThat(scheduler.pending()).isZero();
        assertThatThrownBy(() -> lease.extend(Duration.ofSeconds(1))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> lease.extend(Instant.now())).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.put("late", lease)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theSharedTimerReallyEvicts() throws InterruptedException {
        // a connector without server-side expiry: only the lease's own timer can evict these keys
        LocalConnector local = new LocalConnector();
        try (Store plain = Store.builder("real-timer", new ForwardingConnector(local) {}).cacheSize(0).build()) {
            assertThat(plain.expires()).isFalse();
            int count = 1_000;
            CountDownLatch ended = new CountDownLatch(count);
            Instant base = Instant.now().plusSeconds(1);
            for (int i = 0; i < count; i++) {
                LeaseLifetime lease = new LeaseLifetime(plain, base.plusNanos(i * 100_000L));
                plain.put(i, lease);
                lease.whenDone(ended::countDown);
            }

            assertThat(ended.await(20, TimeUnit.SECONDS)).as("every lease ended by the shared timer").isTrue();
            assertThat(local.size()).isZero();
        }
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
        LeaseLifetime lease = new LeaseLifetime(store, clock.instant().plusSeconds(10), null, clock, scheduler);

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
    void extendMovesTheTimer() {
        LeaseLifetime later = lease(Duration.ofSeconds(10), "later");
        Key<String> laterKey = store.put("later", later);
        LeaseLifetime sooner = lease(Duration.ofSeconds(10), "sooner");
        Key<String> soonerKey = store.put("sooner", sooner);

        later.extend(Duration.ofSeconds(5));
        sooner.extend(clock.instant().plusSeconds(3));
        assertThat(scheduler.pending()).as("each move replaces the lease's timer").isEqualTo(2);

        scheduler.advance(Duration.ofSeconds(3));
        assertThat(store.exists(soonerKey)).isFalse();
        assertThat(store.exists(laterKey)).isTrue();

        scheduler.advance(Duration.ofSeconds(11));
        assertThat(store.exists(laterKey)).isTrue();
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(store.exists(laterKey)).isFalse();
        assertThat(scheduler.pending()).isZero();
    }

    @Test
    void aSchedulerFiringEarlyDoesNotEndTheLease() {
        AtomicBoolean first = new AtomicBoolean(true);
        LeaseScheduler early = (task, delay, unit) ->
                scheduler.schedule(task, first.getAndSet(false) ? delay / 2 : delay, unit);
        LeaseLifetime lease = new LeaseLifetime(store, clock.instant().plusSeconds(8), "early", clock, early);
        Key<String> key = store.put("x", lease);

        scheduler.advance(Duration.ofSeconds(7));
        assertThat(store.exists(key)).isTrue();
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(store.exists(key)).isFalse();
    }

    @Test
    void theInjectedClockDecidesExpiry() {
        LeaseLifetime lease = lease(Duration.ofHours(1), "simulated");
        Key<String> key = store.put("x", lease);

        clock.advance(Duration.ofMinutes(59));
        assertThat(lease.done()).isFalse();
        assertThat(store.exists(key)).isTrue();

        clock.advance(Duration.ofMinutes(1));
        assertThat(lease.done()).as("done() ends a lease whose timer has not run yet").isTrue();
        assertThat(store.exists(key)).isFalse();
        assertThat(scheduler.pending()).isZero();
    }

    @Test
    void closeEndsTheLeaseEarlyAndCancelsItsTimer() {
        LeaseLifetime lease = lease(Duration.ofHours(1), "closed");
        Key<String> key = store.put("x", lease);
        assertThat(scheduler.pending()).isOne();

        lease.close();
        assertThat(store.exists(key)).isFalse();
        assertThat(scheduler.pending()).isZero();
    }

    @Test
    void closeCancelsTheSharedTimer() {
        int pendingBefore = LeaseTimers.pending();
        LeaseLifetime lease = new LeaseLifetime(store, Duration.ofHours(1));
        assertThat(LeaseTimers.pending()).isGreaterThan(pendingBefore);
        lease.close();
        assertThat(LeaseTimers.pending()).isLessThanOrEqualTo(pendingBefore);
    }

    @Test
    void setsAServerSideExpiryThatWorksWithoutTheClient() {
        // the scheduler never runs and the clock stands still: only the connector's expiry can remove the key
        LeaseLifetime lease = new LeaseLifetime(store, clock.instant().plusMillis(150), "server-side", clock, scheduler);
        Key<String> key = store.put("x", lease);

        await(() -> !connector.exists(key.id()));
        assertThat(lease.done()).isFalse();
        lease.close();
    }

    @Test
    void extendMovesTheServerSideExpiry() {
        LeaseLifetime lease = new LeaseLifetime(store, clock.instant().plusMillis(200), "moving", clock, scheduler);
        Key<String> key = store.put("x", lease);
        lease.extend(Duration.ofHours(1));

        // a witness expiring after the lease's first server-side expiry: once it is gone, that expiry has passed
        String witness = connector.put(new byte[] {1});
        connector.expire(witness, Duration.ofMillis(300));
        await(() -> !connector.exists(witness));
        assertThat(connector.exists(key.id())).isTrue();
        lease.close();
    }

    @Test
    void leaseExpiringWhileProxiesResolveGivesTypedErrorsAndNoDeadlock() throws Exception {
        try (StoreRegistry.Registration registration = StoreRegistry.global().registration(store)) {
            LeaseLifetime lease = lease(Duration.ofSeconds(1), "resolving");
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
                        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                        while (missing.get() == 0 && System.nanoTime() < until) {
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
                await(() -> resolved.get() >= 100);
                scheduler.advance(Duration.ofSeconds(1));
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
        Instant base = clock.instant().plusSeconds(3);
        List<LeaseLifetime> leases = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            LeaseLifetime lease = new LeaseLifetime(uncached, base.plusNanos(i * 100_000L), null, clock, scheduler);
            uncached.put(i, lease);
            leases.add(lease);
        }
        assertThat(connector.size()).isEqualTo(10_000);

        scheduler.advance(Duration.ofMillis(3_500));
        assertThat(connector.size()).isEqualTo(4_999);
        scheduler.advance(Duration.ofMillis(500));
        assertThat(connector.size()).isZero();
        assertThat(leases).allMatch(Lifetime::done);
        assertThat(scheduler.pending()).isZero();
    }

    @Test
    void doneNeverThrowsWhenTheBackendFailsToEvict() {
        Store failing = new Store("failing-evict", new dev.proxystore.testing.ForwardingConnector(new LocalConnector()) {
            @Override
            public void evict(String key) {
                throw new dev.proxystore.connector.ConnectorException("backend down");
            }
        });
        LeaseLifetime lease = new LeaseLifetime(failing, clock.instant().plusSeconds(1), "failing", clock, scheduler);
        failing.put("x", lease);
        clock.advance(Duration.ofSeconds(2));

        assertThat(lease.done()).isTrue();
        assertThat(lease.toString()).contains("done=true");
        assertThat(ContextLifetime.live()).doesNotContain(lease);
        failing.close();
    }

    private LeaseLifetime lease(Duration expiry, String name) {
        return new LeaseLifetime(store, clock.instant().plus(expiry), name, clock, scheduler);
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

    /** A local connector whose server-side expiries can be watched, failed or held. */
    static final class WatchedExpiries extends LocalConnector {

        final java.util.Map<String, Instant> expiresAt = new java.util.concurrent.ConcurrentHashMap<>();
        final AtomicBoolean failing = new AtomicBoolean();
        /** Whether the next expiry is held, once computed, until {@link #holding} opens. */
        final AtomicBoolean holdNext = new AtomicBoolean();
        final CountDownLatch holding = new CountDownLatch(1);
        final CountDownLatch held = new CountDownLatch(1);
        private final MutableClock clock;

        WatchedExpiries(MutableClock clock) {
            this.clock = clock;
        }

        @Override
        public void expire(String key, Duration ttl) {
            if (failing.get()) {
                throw new ConnectorException("backend down: PEXPIRE " + key);
            }
            if (holdNext.compareAndSet(true, false)) {
                held.countDown();
                try {
                    holding.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            expiresAt.put(key, clock.instant().plus(ttl));
            super.expire(key, ttl);
        }
    }

    @Test
    void anExtensionTheBackendRefusesLeavesTheLeaseAsItWasSoARetryExtendsOnce() {
        WatchedExpiries backend = new WatchedExpiries(clock);
        try (Store expiring = new Store("lease-refused", backend)) {
            LeaseLifetime lease = new LeaseLifetime(expiring, clock.instant().plusSeconds(60), "refused", clock,
                    scheduler);
            Key<String> key = expiring.put("x", lease);
            Instant before = lease.expiry();

            backend.failing.set(true);
            assertThatThrownBy(() -> lease.extend(Duration.ofSeconds(30))).isInstanceOf(ConnectorException.class);
            assertThat(lease.expiry()).as("the lease did not move").isEqualTo(before);
            assertThat(backend.expiresAt.get(key.id())).isEqualTo(before);

            backend.failing.set(false);
            lease.extend(Duration.ofSeconds(30));
            assertThat(lease.expiry()).isEqualTo(before.plusSeconds(30));
            assertThat(backend.expiresAt.get(key.id())).isEqualTo(before.plusSeconds(30));
            lease.close();
        }
    }

    @Test
    void aKeyAddedWhileTheLeaseExtendsNeverGetsAShorterServerExpiryThanTheLease() throws Exception {
        WatchedExpiries backend = new WatchedExpiries(clock);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (Store expiring = new Store("lease-race", backend)) {
            LeaseLifetime lease = new LeaseLifetime(expiring, clock.instant().plusSeconds(60), "race", clock,
                    scheduler);
            expiring.put("first", lease);
            Key<String> late = expiring.put("late");
            backend.holdNext.set(true);

            // the addition computed the old expiry and its command is on its way when the extension starts
            Future<?> adding = threads.submit(() -> lease.addKey(late));
            assertThat(backend.held.await(10, TimeUnit.SECONDS)).as("the addition is setting its expiry").isTrue();
            Future<?> extending = threads.submit(() -> lease.extend(Duration.ofSeconds(60)));
            Thread.sleep(100); // let the extension reach the backend if nothing holds it back
            backend.holding.countDown();
            extending.get(10, TimeUnit.SECONDS);
            adding.get(10, TimeUnit.SECONDS);

            assertThat(backend.expiresAt.get(late.id())).isEqualTo(lease.expiry());
            lease.close();
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void anEarlierExpiryMovesTheLeaseAndLeavesTheLongerServerExpiryAsTheFallback() {
        WatchedExpiries backend = new WatchedExpiries(clock);
        try (Store expiring = new Store("lease-earlier", backend)) {
            LeaseLifetime lease = new LeaseLifetime(expiring, clock.instant().plusSeconds(60), "earlier", clock,
                    scheduler);
            Key<String> key = expiring.put("x", lease);
            Instant serverExpiry = backend.expiresAt.get(key.id());

            backend.failing.set(true);
            lease.extend(clock.instant().plusSeconds(10));

            assertThat(lease.expiry()).isEqualTo(clock.instant().plusSeconds(10));
            assertThat(backend.expiresAt.get(key.id())).isEqualTo(serverExpiry);
            backend.failing.set(false);
            lease.close();
        }
    }
}
