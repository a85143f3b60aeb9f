package dev.proxystore.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxystore.connector.LocalConnector;
import dev.proxystore.connector.redis.RedisConnector;
import dev.proxystore.lifetime.ContextLifetime;
import dev.proxystore.lifetime.LeaseLifetime;
import dev.proxystore.proxy.Proxies;
import dev.proxystore.ref.Refs;
import dev.proxystore.store.Key;
import dev.proxystore.store.ProxyOptions;
import dev.proxystore.store.Store;
import dev.proxystore.store.StoreRegistry;
import dev.proxystore.testing.JavaSerialization;
import dev.proxystore.testing.RedisServerExtension;
import dev.proxystore.testing.RedisServerProcess;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Nothing accumulates: after 100 000 proxies are created and dropped (store proxies under lifetimes, owned proxies
 * dropped directly or after borrows, ephemeral proxies resolved from serialized copies and in place), the local
 * connector holds no object and the heap returns near its baseline; lease timers do not pile up, whether leases are
 * extended and closed or left to expire; and opening and closing stores leaks no storage, registration or thread.
 *
 * <p>Heap is measured as used heap after several full collections ({@code System.gc()}), with a generous tolerance:
 * a leak of the objects involved (each holds a 1 KiB string) would be over a hundred megabytes.
 */
class LeakTest {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    static final int PROXIES = Soak.scale(100_000, 1_000_000);
    static final int LEASES = Soak.scale(10_000, 100_000);
    static final long HEAP_TOLERANCE = 32L * 1024 * 1024;
    static final String PAYLOAD = "p".repeat(1_024);

    @Test
    void hundredThousandProxiesCreatedAndDroppedLeaveNothingBehind() {
        LocalConnector connector = new LocalConnector();
        try (Store store = Store.builder("leaks", connector).register(true).build()) {
            churn(store, 5_000); // warm up: proxy classes, serializer caches, JIT
            assertThat(connector.size()).isZero();
            int liveLifetimes = ContextLifetime.live().size();
            long baseline = usedHeapAfterGc();
            long start = System.nanoTime();

            churn(store, PROXIES);

            long millis = (System.nanoTime() - start) / 1_000_000;
            long after = usedHeapAfterGc();
            Figures.record("leaks-proxies", "proxies=" + PROXIES + " millis=" + millis + " objectsLeft="
                    + connector.size() + " heapBaselineMiB=" + baseline / (1024 * 1024) + " heapAfterMiB="
                    + after / (1024 * 1024) + " heapGrowthKiB=" + (after - baseline) / 1024);
            assertThat(connector.size()).as("objects left in the local connector").isZero();
            assertThat(ContextLifetime.live()).as("lifetimes left open").hasSize(liveLifetimes);
            assertThat(after - baseline).as("heap growth in bytes after %d proxies", PROXIES)
                    .isLessThan(HEAP_TOLERANCE);
        }
    }

    /**
     * Creates and drops {@code count} proxies of five kinds (one in ten travels as a serialized copy); everything it
     * writes is evicted by the end.
     */
    private static void churn(Store store, int count) {
        ContextLifetime lifetime = new ContextLifetime(store);
        for (int i = 0; i < count; i++) {
            List<String> value = new ArrayList<>(List.of(PAYLOAD, Integer.toString(i)));
            switch (i % 10) {
                case 0, 1 -> {
                    List<String> proxy = store.proxy(value, ProxyOptions.defaults().withLifetime(lifetime));
                    check(proxy.size() == 2);
                }
                case 2, 3 -> {
                    List<String> owned = store.ownedProxy(value);
                    check(owned.get(1).equals(value.get(1)));
                    Refs.drop(owned);
                }
                case 4, 5 -> {
                    List<String> owned = store.ownedProxy(value);
                    List<String> borrowed = Refs.borrow(owned);
                    List<String> unresolved = Refs.borrow(owned, false);
                    check(unresolved.size() == 2 && borrowed.size() == 2);
                    Refs.release(borrowed, unresolved);
                    Refs.drop(owned);
                }
                case 6, 7, 8 -> {
                    List<String> ephemeral = store.proxy(value,
                            ProxyOptions.defaults().withEvict(true).withPopulateTarget(false));
                    check(ephemeral.size() == 2);
                }
                default -> {
                    List<String> ephemeral = store.proxy(value, ProxyOptions.defaults().withEvict(true));
                    List<String> copy = JavaSerialization.roundTrip(ephemeral);
                    check(!Proxies.isResolved(copy) && copy.size() == 2);
                }
            }
            if (i % 1_000 == 999) {
                lifetime.close();
                lifetime = new ContextLifetime(store);
            }
        }
        lifetime.close();
    }

    @Test
    void leaseTimersDoNotAccumulate() throws Exception {
        LocalConnector connector = new LocalConnector();
        try (Store store = Store.builder("lease-leaks", connector).register(true).build()) {
            int baseline = pendingLeaseTimers();
            int liveLifetimes = ContextLifetime.live().size();

            for (int i = 0; i < LEASES; i++) {
                LeaseLifetime lease = new LeaseLifetime(store, Duration.ofHours(1));
                store.put("leased", lease);
                lease.extend(Duration.ofMinutes(1));
                lease.extend(java.time.Instant.now().plus(Duration.ofHours(2)));
                lease.close();
            }
            int afterClosed = pendingLeaseTimers();
            assertThat(afterClosed).as("timers pending after %d leases were extended and closed", LEASES)
                    .isEqualTo(baseline);

            List<LeaseLifetime> expiring = new ArrayList<>();
            int endedBeforePut = 0;
            for (int i = 0; i < LEASES / 10; i++) {
                LeaseLifetime lease = new LeaseLifetime(store, Duration.ofMillis(1 + i % 50));
                expiring.add(lease);
                try {
                    store.put("short", lease);
                } catch (IllegalStateException ended) {
                    endedBeforePut++; // the lease ran out first: nothing was written
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (pendingLeaseTimers() > baseline || connector.size() > 0) {
                assertThat(System.nanoTime()).as("expired leases still pending: %d timers, %d objects",
                        pendingLeaseTimers(), connector.size()).isLessThan(deadline);
                Thread.sleep(20);
            }
            assertThat(expiring).allMatch(LeaseLifetime::done);
            assertThat(ContextLifetime.live()).hasSize(liveLifetimes);
            Figures.record("leaks-leases", "leasesClosed=" + LEASES + " leasesExpired=" + expiring.size()
                    + " endedBeforePut=" + endedBeforePut + " timersPendingBefore=" + baseline
                    + " timersPendingAfter=" + pendingLeaseTimers() + " objectsLeft=" + connector.size());
        }
    }

    @Test
    void openingAndClosingStoresLeaksNoStorageRegistrationOrThread() throws Exception {
        int storages = localStorages();
        int threads = ManagementFactory.getThreadMXBean().getThreadCount();
        for (int i = 0; i < 2_000; i++) {
            try (Store store = Store.builder("churn-" + i, new LocalConnector()).register(true).build()) {
                Key<String> key = store.put("x");
                store.evict(key);
            }
        }
        int redisStores = Soak.scale(20, 200);
        for (int i = 0; i < redisStores; i++) {
            try (Store store = Store.builder("redis-churn-" + i, RedisConnector.builder("churn:")
                    .host(RedisServerProcess.HOST).port(REDIS.port()).build()).register(true).build()) {
                Key<String> key = store.put("x");
                store.evict(key);
            }
        }
        assertThat(StoreRegistry.global().stores()).isEmpty();
        assertThat(localStorages()).as("local storages registered").isLessThanOrEqualTo(storages);
        int threadsAfter = ManagementFactory.getThreadMXBean().getThreadCount();
        // Lettuce's shared event loops start once per JVM (a few threads); nothing grows per store
        assertThat(threadsAfter).as("threads after %d redis stores", redisStores).isLessThan(threads + 32);
        Figures.record("leaks-stores", "localStores=2000 redisStores=" + redisStores + " storagesBefore="
                + storages + " storagesAfter=" + localStorages() + " threadsBefore=" + threads + " threadsAfter="
                + threadsAfter);
    }

    @Test
    void anOwnerCollectedAfterItsStoreClosedDoesNotBringTheStoreBack() throws InterruptedException {
        Store store = Store.builder("closed-before-gc", new LocalConnector()).register(true).build();
        WeakReference<List<String>> owner = new WeakReference<>(ownedProxyIn(store));
        store.close();

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (owner.get() != null) {
            assertThat(System.nanoTime()).as("the owner was not collected").isLessThan(deadline);
            System.gc();
            Thread.sleep(20);
        }
        // the owner's cleaner runs shortly after it is collected; give it time to do the wrong thing
        for (int i = 0; i < 20 && StoreRegistry.global().get("closed-before-gc").isEmpty(); i++) {
            System.gc();
            Thread.sleep(50);
        }

        assertThat(StoreRegistry.global().get("closed-before-gc")).as("a closed store re-created and registered")
                .isEmpty();
    }

    private static List<String> ownedProxyIn(Store store) {
        return store.ownedProxy(new ArrayList<>(List.of("owned")));
    }

    private static void check(boolean condition) {
        if (!condition) {
            throw new AssertionError("a proxy did not read back as written");
        }
    }

    private static long usedHeapAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /** {@code LeaseTimers.pending()}: package-private, so read reflectively. */
    static int pendingLeaseTimers() throws ReflectiveOperationException {
        Method pending = Class.forName("dev.proxystore.lifetime.LeaseTimers").getDeclaredMethod("pending");
        pending.setAccessible(true);
        return (Integer) pending.invoke(null);
    }

    /** {@code LocalStorage.registered()}: package-private, so read reflectively. */
    static int localStorages() throws ReflectiveOperationException {
        Method registered = Class.forName("dev.proxystore.connector.LocalStorage").getDeclaredMethod("registered");
        registered.setAccessible(true);
        return (Integer) registered.invoke(null);
    }
}
