package dev.proxystore.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxystore.connector.FileConnector;
import dev.proxystore.connector.LocalConnector;
import dev.proxystore.connector.redis.RedisConnector;
import dev.proxystore.lifetime.ContextLifetime;
import dev.proxystore.lifetime.LeaseLifetime;
import dev.proxystore.lifetime.Lifetime;
import dev.proxystore.proxy.Proxies;
import dev.proxystore.ref.Refs;
import dev.proxystore.store.Key;
import dev.proxystore.store.ProxyOptions;
import dev.proxystore.store.Store;
import dev.proxystore.testing.JavaSerialization;
import dev.proxystore.testing.RedisServerExtension;
import dev.proxystore.testing.RedisServerProcess;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sixteen threads, for a bounded time, mix every operation that changes or reads what a store holds, across a local,
 * a file and a Redis store (a real redis-server): put, putBatch, get, exists, evict, proxies resolved from serialized
 * copies (here and on other threads), ephemeral proxies, context and lease lifetimes spanning stores, owned proxies
 * with borrows, mutable borrows with update, submit and moves between threads. Every key is tracked with the value
 * it must hold, by the one thread that owns it at a time.
 *
 * <p>Checked: no key is issued twice; every read returns the expected value and every evicted key is gone (nothing
 * lost, nothing resurrected); the store metrics count exactly the operations performed; no thread stalls (a watchdog
 * fails the test with a full thread dump if progress stops for {@link #STALL} or the run overruns its bound); and at
 * the end every store is empty: no object in memory, no file (not even a temporary one), no key in Redis.
 */
class ConcurrencyStressTest {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    static final int THREADS = 16;
    static final Duration RUN = Soak.duration(Duration.ofSeconds(5), Duration.ofMinutes(10));
    static final Duration STALL = Duration.ofSeconds(30);
    static final Duration BOUND = RUN.plus(Duration.ofSeconds(90));
    static final long SEED = 20_240_229L;
    /** Keys a worker holds at most; older ones are evicted. */
    static final int MAX_HELD = 64;

    @TempDir
    Path directory;

    final MeterRegistry meters = new SimpleMeterRegistry();
    final Map<String, Tally> tallies = new LinkedHashMap<>();
    final Set<String> issued = ConcurrentHashMap.newKeySet();
    final ConcurrentLinkedQueue<Handoff> handoffs = new ConcurrentLinkedQueue<>();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong lost = new AtomicLong();
    final List<String> errors = Collections.synchronizedList(new ArrayList<>());
    List<Store> stores;
    String redisPrefix;

    /** A key and the value it must hold, owned by one thread at a time. */
    record Entry(Store store, Key<List<String>> key, List<String> expected) {
    }

    enum Kind { PLAIN, EPHEMERAL, OWNED }

    /** A serialized proxy passed to whichever thread takes it, with the key's ownership. */
    record Handoff(Kind kind, Entry entry, byte[] proxy) {
    }

    /** What the test did to one store, to compare with the store's metrics. */
    static final class Tally {
        final AtomicLong operations = new AtomicLong();
        final AtomicLong puts = new AtomicLong();
        final AtomicLong reads = new AtomicLong();
        final AtomicLong resolves = new AtomicLong();
        final AtomicLong exists = new AtomicLong();
        final AtomicLong explicit = new AtomicLong();
        final AtomicLong ephemeral = new AtomicLong();
        final AtomicLong lifetime = new AtomicLong();
        final AtomicLong ownership = new AtomicLong();
        final AtomicLong created = new AtomicLong();

        long evictions() {
            return explicit.get() + ephemeral.get() + lifetime.get() + ownership.get();
        }
    }

    @Test
    void sixteenThreadsMixingEveryOperationLoseNothing() throws Exception {
        redisPrefix = "stress:" + UUID.randomUUID() + ":";
        Store local = store("stress-local", new LocalConnector());
        Store file = store("stress-file", new FileConnector(directory));
        Store redis = store("stress-redis", RedisConnector.builder(redisPrefix).host(RedisServerProcess.HOST)
                .port(REDIS.port()).timeout(Duration.ofSeconds(10)).build());
        stores = List.of(local, file, redis);
        int liveLifetimesBefore = ContextLifetime.live().size();
        List<List<Entry>> held = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(THREADS);
        long deadline = System.nanoTime() + RUN.toNanos();
        Watchdog watchdog;
        try {
            for (int i = 0; i < THREADS; i++) {
                List<Entry> mine = new ArrayList<>();
                held.add(mine);
                int id = i;
                workers.add(new Thread(() -> {
                    try {
                        work(id, mine, deadline);
                    } finally {
                        done.countDown();
                    }
                }, "stress-" + i));
            }
            watchdog = new Watchdog("stress", STALL, BOUND, workers);
            this.watchdog = watchdog;
            long start = System.nanoTime();
            workers.forEach(Thread::start);
            boolean finished = done.await(BOUND.toMillis() + 5_000, TimeUnit.MILLISECONDS);
            watchdog.close();
            watchdog.check();
            assertThat(finished).as("workers finished").isTrue();
            long millis = (System.nanoTime() - start) / 1_000_000;

            // everything still held reads back as expected, then goes
            for (List<Entry> mine : held) {
                for (Entry entry : mine) {
                    verifyAndEvict(entry);
                }
            }
            Handoff handoff;
            while ((handoff = handoffs.poll()) != null) {
                List<Entry> sink = new ArrayList<>();
                take(handoff, sink);
                for (Entry entry : sink) {
                    verifyAndEvict(entry);
                }
            }

            StringBuilder figures = new StringBuilder("threads=" + THREADS + " seconds=" + RUN.toSeconds()
                    + " millis=" + millis + " operations=" + watchdog.count());
            for (Store store : stores) {
                Tally tally = tallies.get(store.name());
                figures.append(' ').append(store.name()).append("[operations=").append(tally.operations)
                        .append(",objects=").append(tally.created).append(",reads=").append(tally.reads)
                        .append(",resolves=").append(tally.resolves).append(",evictions=")
                        .append(tally.evictions()).append(']');
            }
            figures.append(" duplicates=").append(duplicates).append(" lost=").append(lost)
                    .append(" errors=").append(errors.size());
            Figures.record("concurrency", figures.toString());

            assertThat(errors).as("unexpected failures").isEmpty();
            assertThat(duplicates.get()).as("keys issued twice").isZero();
            assertThat(lost.get()).as("objects lost or corrupted").isZero();
            for (Store store : stores) {
                assertMetricsMatch(store, tallies.get(store.name()));
            }
            assertThat(local.connector()).isInstanceOfSatisfying(LocalConnector.class,
                    connector -> assertThat(connector.size()).as("objects left in memory").isZero());
            try (Stream<Path> files = Files.list(directory)) {
                assertThat(files.toList()).as("files left, temporary ones included").isEmpty();
            }
            assertThat(REDIS.server().call("KEYS", redisPrefix + "*")).as("keys left in Redis")
                    .isEqualTo(List.of());
            assertThat(ContextLifetime.live()).as("lifetimes left open").hasSize(liveLifetimesBefore);
            assertThat(watchdog.count()).as("operations performed").isGreaterThan(1_000);
        } finally {
            workers.forEach(Thread::interrupt);
            for (Store store : stores) {
                store.close();
            }
        }
    }

    private Watchdog watchdog;

    private Store store(String name, dev.proxystore.connector.Connector connector) {
        tallies.put(name, new Tally());
        return Store.builder(name, connector).metrics(true).meterRegistry(meters).register(true).build();
    }

    private void work(int id, List<Entry> mine, long deadline) {
        Random random = new Random(SEED + id);
        long sequence = 0;
        while (System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
            Store store = stores.get(random.nextInt(stores.size()));
            Tally tally = tallies.get(store.name());
            int op = random.nextInt(100);
            String label = "op" + op;
            try {
                if (op < 10 || mine.isEmpty()) {
                    label = "put";
                    put(store, value(id, sequence++, random), mine);
                } else if (op < 15) {
                    label = "putBatch";
                    List<List<String>> values = new ArrayList<>();
                    for (int i = 1 + random.nextInt(4); i > 0; i--) {
                        values.add(value(id, sequence++, random));
                    }
                    List<Key<List<String>>> keys = store.putBatch(values);
                    tally.puts.incrementAndGet();
                    for (int i = 0; i < keys.size(); i++) {
                        track(new Entry(store, keys.get(i), List.copyOf(values.get(i))), mine);
                    }
                } else if (op < 30) {
                    label = "get";
                    Entry entry = mine.get(random.nextInt(mine.size()));
                    verify(entry);
                } else if (op < 35) {
                    label = "exists";
                    Entry entry = mine.get(random.nextInt(mine.size()));
                    tallyOf(entry).exists.incrementAndGet();
                    if (!entry.store().exists(entry.key())) {
                        lose(entry, "exists() is false for a live key");
                    }
                } else if (op < 45) {
                    label = "evict";
                    evict(mine.remove(random.nextInt(mine.size())));
                } else if (op < 55) {
                    label = "proxy";
                    proxyAndResolveCopy(store, value(id, sequence++, random), random, mine);
                } else if (op < 61) {
                    label = "ephemeral";
                    ephemeral(store, value(id, sequence++, random), random, mine);
                } else if (op < 69) {
                    label = "lifetime";
                    lifetime(store, id, sequence, random, mine);
                    sequence += 10;
                } else if (op < 80) {
                    label = "borrow";
                    borrowAndRelease(store, value(id, sequence++, random), random);
                } else if (op < 85) {
                    label = "moveOwned";
                    List<String> value = value(id, sequence++, random);
                    List<String> owned = store.ownedProxy(value);
                    Entry entry = created(store, keyOf(owned), value);
                    handoffs.add(new Handoff(Kind.OWNED, entry, JavaSerialization.serialize(owned)));
                } else {
                    label = "take";
                    Handoff handoff = handoffs.poll();
                    if (handoff != null) {
                        take(handoff, mine);
                    }
                }
                while (mine.size() > MAX_HELD) {
                    evict(mine.remove(0));
                }
                tally.operations.incrementAndGet();
                watchdog.progress();
            } catch (Throwable e) {
                if (Thread.currentThread().isInterrupted() && watchdog.fired()) {
                    return;
                }
                StringWriter trace = new StringWriter();
                e.printStackTrace(new PrintWriter(trace));
                errors.add("thread " + id + " " + label + " on " + store.name() + ": " + trace);
            }
        }
    }

    private static List<String> value(int thread, long sequence, Random random) {
        List<String> value = new ArrayList<>();
        value.add("t" + thread + "-" + sequence);
        value.add("x".repeat(random.nextInt(2_000)));
        value.add(Long.toHexString(random.nextLong()));
        return value;
    }

    private void put(Store store, List<String> value, List<Entry> mine) {
        Key<List<String>> key = store.put(value);
        tallies.get(store.name()).puts.incrementAndGet();
        track(new Entry(store, key, List.copyOf(value)), mine);
    }

    /** A new key: counted, checked for duplicates. */
    private Entry created(Store store, Key<List<String>> key, List<String> value) {
        Tally tally = tallies.get(store.name());
        tally.puts.incrementAndGet();
        tally.created.incrementAndGet();
        if (!issued.add(store.name() + "/" + key.id())) {
            duplicates.incrementAndGet();
            errors.add("key issued twice: " + store.name() + "/" + key.id());
        }
        return new Entry(store, key, List.copyOf(value));
    }

    private void track(Entry entry, List<Entry> mine) {
        Tally tally = tallies.get(entry.store().name());
        tally.created.incrementAndGet();
        if (!issued.add(entry.store().name() + "/" + entry.key().id())) {
            duplicates.incrementAndGet();
            errors.add("key issued twice: " + entry.store().name() + "/" + entry.key().id());
        }
        mine.add(entry);
    }

    private void proxyAndResolveCopy(Store store, List<String> value, Random random, List<Entry> mine) {
        List<String> proxy = store.proxy(value);
        Entry entry = created(store, keyOf(proxy), value);
        byte[] copy = JavaSerialization.serialize(proxy);
        if (random.nextBoolean()) {
            handoffs.add(new Handoff(Kind.PLAIN, entry, copy));
        } else {
            resolveCopy(entry, copy);
            mine.add(entry);
        }
    }

    private void ephemeral(Store store, List<String> value, Random random, List<Entry> mine) {
        List<String> proxy = store.proxy(value, ProxyOptions.defaults().withEvict(true));
        Entry entry = created(store, keyOf(proxy), value);
        byte[] copy = JavaSerialization.serialize(proxy);
        if (random.nextBoolean()) {
            handoffs.add(new Handoff(Kind.EPHEMERAL, entry, copy));
        } else {
            resolveCopy(entry, copy);
            tallyOf(entry).ephemeral.incrementAndGet();
            assertGone(entry, "after resolving an ephemeral proxy");
        }
    }

    private void lifetime(Store store, int id, long sequence, Random random, List<Entry> mine) {
        Lifetime lifetime = random.nextBoolean() ? new ContextLifetime(store)
                : new LeaseLifetime(store, Duration.ofMinutes(10));
        List<Entry> members = new ArrayList<>();
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            Store target = stores.get(random.nextInt(stores.size()));
            List<String> value = value(id, sequence + i, random);
            switch (random.nextInt(3)) {
                case 0 -> {
                    Key<List<String>> key = target.put(value, lifetime);
                    members.add(created(target, key, value));
                }
                case 1 -> {
                    List<String> proxy = target.proxy(value, ProxyOptions.defaults().withLifetime(lifetime));
                    members.add(created(target, keyOf(proxy), value));
                }
                default -> {
                    Key<List<String>> key = target.put(value);
                    lifetime.addKey(target, key);
                    members.add(created(target, key, value));
                }
            }
        }
        if (!mine.isEmpty() && random.nextInt(4) == 0) {
            Entry adopted = mine.remove(random.nextInt(mine.size()));
            lifetime.addKey(adopted.store(), adopted.key());
            members.add(adopted);
        }
        for (Entry member : members) {
            verify(member);
        }
        lifetime.close();
        for (Entry member : members) {
            tallyOf(member).lifetime.incrementAndGet();
            assertGone(member, "after its lifetime closed");
        }
    }

    private void borrowAndRelease(Store store, List<String> value, Random random) {
        List<String> owned = store.ownedProxy(value);
        Entry entry = created(store, keyOf(owned), value);
        List<String> borrowed = Refs.borrow(owned);
        List<String> unresolved = Refs.borrow(owned, false);
        if (!borrowed.equals(entry.expected())) {
            lose(entry, "a populated borrow differs");
        }
        Integer size = Refs.submit(Runnable::run, unresolved::size, unresolved).join();
        tallyOf(entry).reads.incrementAndGet();
        tallyOf(entry).resolves.incrementAndGet();
        if (size != entry.expected().size()) {
            lose(entry, "an unresolved borrow resolved to " + size + " elements");
        }
        Refs.release(borrowed);
        if (random.nextBoolean()) {
            List<String> mutable = Refs.mutBorrow(owned);
            mutable.add("updated");
            Refs.update(mutable);
            tallyOf(entry).puts.incrementAndGet(); // an update is a write, timed as a put
            Refs.release(mutable);
            List<String> updated = new ArrayList<>(entry.expected());
            updated.add("updated");
            entry = new Entry(entry.store(), entry.key(), List.copyOf(updated));
            verify(entry);
        }
        Refs.drop(owned);
        tallyOf(entry).ownership.incrementAndGet();
        assertGone(entry, "after its owner was dropped");
    }

    private void take(Handoff handoff, List<Entry> mine) {
        Entry entry = handoff.entry();
        switch (handoff.kind()) {
            case PLAIN -> {
                resolveCopy(entry, handoff.proxy());
                mine.add(entry);
            }
            case EPHEMERAL -> {
                resolveCopy(entry, handoff.proxy());
                tallyOf(entry).ephemeral.incrementAndGet();
                assertGone(entry, "after resolving an ephemeral proxy on another thread");
            }
            case OWNED -> {
                List<String> owned = resolveCopy(entry, handoff.proxy());
                Refs.drop(owned);
                tallyOf(entry).ownership.incrementAndGet();
                assertGone(entry, "after dropping an owner moved to another thread");
            }
        }
    }

    private List<String> resolveCopy(Entry entry, byte[] serialized) {
        List<String> copy = JavaSerialization.deserialize(serialized);
        if (Proxies.isResolved(copy)) {
            lose(entry, "a deserialized proxy arrived resolved");
        }
        Tally tally = tallyOf(entry);
        tally.reads.incrementAndGet();
        tally.resolves.incrementAndGet();
        if (!copy.equals(entry.expected())) {
            lose(entry, "a serialized copy resolved to " + Proxies.extract(copy));
        }
        return copy;
    }

    private void verify(Entry entry) {
        tallyOf(entry).reads.incrementAndGet();
        List<String> actual = entry.store().get(entry.key()).orElse(null);
        if (!entry.expected().equals(actual)) {
            lose(entry, actual == null ? "missing" : "holds " + actual.get(0) + " instead of "
                    + entry.expected().get(0));
        }
    }

    private void evict(Entry entry) {
        entry.store().evict(entry.key());
        tallyOf(entry).explicit.incrementAndGet();
        assertGone(entry, "after evict");
    }

    private void verifyAndEvict(Entry entry) {
        verify(entry);
        evict(entry);
    }

    private void assertGone(Entry entry, String when) {
        Tally tally = tallyOf(entry);
        tally.exists.incrementAndGet();
        if (entry.store().exists(entry.key())) {
            errors.add(entry.store().name() + "/" + entry.key().id() + " still exists " + when);
        }
        tally.reads.incrementAndGet();
        if (entry.store().get(entry.key()).isPresent()) {
            errors.add(entry.store().name() + "/" + entry.key().id() + " still readable " + when);
        }
    }

    private void lose(Entry entry, String what) {
        lost.incrementAndGet();
        errors.add(entry.store().name() + "/" + entry.key().id() + " (" + entry.expected().get(0) + "): " + what);
    }

    private Tally tallyOf(Entry entry) {
        return tallies.get(entry.store().name());
    }

    @SuppressWarnings("unchecked")
    private static Key<List<String>> keyOf(List<String> proxy) {
        return (Key<List<String>>) (Key<?>) dev.proxystore.store.StoreFactory.of(proxy).key();
    }

    private void assertMetricsMatch(Store store, Tally tally) {
        String name = store.name();
        double hits = counter("proxystore.store.cache.gets", name, "result", "hit");
        double misses = counter("proxystore.store.cache.gets", name, "result", "miss");
        assertThat(timer(name, "put")).as("%s puts", name).isEqualTo(tally.puts.get());
        assertThat((long) (hits + misses)).as("%s reads (cache hits + misses)", name).isEqualTo(tally.reads.get());
        assertThat(timer(name, "get")).as("%s connector reads = cache misses", name).isEqualTo((long) misses);
        assertThat(timer(name, "resolve")).as("%s resolves", name).isEqualTo(tally.resolves.get());
        assertThat(timer(name, "exists")).as("%s exists", name).isEqualTo(tally.exists.get());
        assertThat(timer(name, "evict")).as("%s evictions", name).isEqualTo(tally.evictions());
        assertThat(counter("proxystore.store.evictions", name, "cause", "explicit")).as("%s explicit", name)
                .isEqualTo(tally.explicit.get());
        assertThat(counter("proxystore.store.evictions", name, "cause", "ephemeral")).as("%s ephemeral", name)
                .isEqualTo(tally.ephemeral.get());
        assertThat(counter("proxystore.store.evictions", name, "cause", "lifetime")).as("%s lifetime", name)
                .isEqualTo(tally.lifetime.get());
        assertThat(counter("proxystore.store.evictions", name, "cause", "ownership")).as("%s ownership", name)
                .isEqualTo(tally.ownership.get());
    }

    private long timer(String store, String operation) {
        return meters.get("proxystore.store.operations").tag("store", store).tag("operation", operation).timer()
                .count();
    }

    private double counter(String meter, String store, String tag, String value) {
        return meters.get(meter).tag("store", store).tag(tag, value).counter().count();
    }
}
