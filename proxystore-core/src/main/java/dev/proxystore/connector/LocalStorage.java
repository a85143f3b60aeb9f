package dev.proxystore.connector;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The data behind the {@link LocalConnector} handles of one id, and the JVM-wide registry of those by id.
 *
 * <p>The registry holds storages weakly, so a storage whose handles were all garbage-collected goes away with its
 * data. A storage stays registered while it has open handles; the last {@link #release()} unregisters it.
 *
 * <p>Expiry: an expired entry is invisible at once (reads check its deadline) and is removed from memory by a sweep
 * that runs on one shared daemon thread at the earliest pending deadline. Each storage has at most one pending
 * wake-up, and {@link #deadlines} holds exactly one element per entry with a deadline.
 */
final class LocalStorage {

    /** Keeps {@code System.nanoTime() + ttl} from overflowing; about 73 years. */
    private static final long MAX_TTL_NANOS = Long.MAX_VALUE / 4;

    private static final ConcurrentHashMap<String, Registration> REGISTRY = new ConcurrentHashMap<>();
    private static final ReferenceQueue<LocalStorage> COLLECTED = new ReferenceQueue<>();

    private final String id;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final ConcurrentSkipListSet<Deadline> deadlines = new ConcurrentSkipListSet<>();
    private final Runnable wakeUpTask = new WakeUp(new WeakReference<>(this));

    /** Guarded by the registry's lock for {@link #id}. */
    private int handles;

    /** Guarded by {@code this}. */
    private @Nullable ScheduledFuture<?> wakeUp;

    /** Guarded by {@code this}. */
    private long wakeUpAt;

    private LocalStorage(String id) {
        this.id = id;
    }

    /** The open storage for {@code id}, or a new empty one; the caller must {@link #release()} it once. */
    static LocalStorage acquire(String id) {
        purgeCollected();
        LocalStorage[] acquired = new LocalStorage[1];
        REGISTRY.compute(id, (k, registration) -> {
            LocalStorage storage = registration == null ? null : registration.get();
            if (storage == null || storage.handles == 0) {
                storage = new LocalStorage(id);
                registration = new Registration(storage);
            }
            storage.handles++;
            acquired[0] = storage;
            return registration;
        });
        return acquired[0];
    }

    /** Gives back a handle; the last one unregisters this storage. */
    void release() {
        REGISTRY.computeIfPresent(id, (k, registration) -> {
            if (registration.get() != this || --handles > 0) {
                return registration;
            }
            cancelWakeUp();
            return null;
        });
    }

    /** How many ids are registered; for tests. */
    static int registered() {
        purgeCollected();
        return REGISTRY.size();
    }

    private static void purgeCollected() {
        Reference<? extends LocalStorage> collected;
        while ((collected = COLLECTED.poll()) != null) {
            REGISTRY.remove(((Registration) collected).id, collected);
        }
    }

    byte @Nullable [] get(String key) {
        Entry entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        long now = System.nanoTime();
        if (entry.expiredAt(now)) {
            removeIfExpired(key, now);
            return null;
        }
        return entry.data;
    }

    boolean exists(String key) {
        return get(key) != null;
    }

    /** Stores {@code data} under {@code key} without a deadline, like Redis {@code SET}. */
    void set(String key, byte[] data) {
        entries.compute(key, (k, old) -> {
            forgetDeadline(k, old);
            return new Entry(data, false, 0);
        });
    }

    /** Removes {@code key}; whether it was present (and not expired). Atomic per key. */
    boolean evict(String key) {
        boolean[] present = new boolean[1];
        long now = System.nanoTime();
        entries.computeIfPresent(key, (k, old) -> {
            forgetDeadline(k, old);
            present[0] = !old.expiredAt(now);
            return null;
        });
        return present[0];
    }

    /** Like Redis {@code PEXPIRE}: replaces any earlier deadline; a ttl of zero or less removes the key now. */
    void expire(String key, Duration ttl) {
        if (ttl.isZero() || ttl.isNegative()) {
            evict(key);
            return;
        }
        long now = System.nanoTime();
        long at = now + saturatedNanos(ttl);
        Entry updated = entries.computeIfPresent(key, (k, old) -> {
            forgetDeadline(k, old);
            if (old.expiredAt(now)) {
                return null;
            }
            deadlines.add(new Deadline(at, k));
            return new Entry(old.data, true, at);
        });
        if (updated != null) {
            wakeUpBy(at);
        }
    }

    /** Live entries. */
    int size() {
        sweep();
        return entries.size();
    }

    /** Entries held in memory, including expired ones not yet swept; for tests. */
    int storedEntries() {
        return entries.size();
    }

    /** Entries with a deadline; for tests. */
    int pendingDeadlines() {
        return deadlines.size();
    }

    /** Wake-ups queued on the shared expiry thread, across all storages; for tests. */
    static int pendingWakeUps() {
        return Expiry.EXECUTOR.getQueue().size();
    }

    private void sweep() {
        long now = System.nanoTime();
        Deadline first;
        while ((first = firstDeadline()) != null && now - first.at >= 0) {
            if (deadlines.remove(first)) {
                removeIfExpired(first.key, now);
            }
        }
    }

    private @Nullable Deadline firstDeadline() {
        Iterator<Deadline> ascending = deadlines.iterator();
        return ascending.hasNext() ? ascending.next() : null;
    }

    private void removeIfExpired(String key, long now) {
        entries.computeIfPresent(key, (k, entry) -> {
            if (!entry.expiredAt(now)) {
                return entry;
            }
            forgetDeadline(k, entry);
            return null;
        });
    }

    private void forgetDeadline(String key, @Nullable Entry entry) {
        if (entry != null && entry.expires) {
            deadlines.remove(new Deadline(entry.deadline, key));
        }
    }

    private void wakeUpBy(long at) {
        synchronized (this) {
            long now = System.nanoTime();
            if (wakeUp != null && wakeUpAt - now > 0) {
                if (wakeUpAt - at <= 0) {
                    return;
                }
                wakeUp.cancel(false);
            }
            // A wake-up that is already due is running or about to run; it reschedules itself after sweeping.
            wakeUp = Expiry.EXECUTOR.schedule(wakeUpTask, Math.max(0, at - now), TimeUnit.NANOSECONDS);
            wakeUpAt = at;
        }
    }

    private synchronized void cancelWakeUp() {
        if (wakeUp != null) {
            wakeUp.cancel(false);
            wakeUp = null;
        }
    }

    private void sweepAndReschedule() {
        sweep();
        Deadline next = firstDeadline();
        if (next != null) {
            wakeUpBy(next.at);
        }
    }

    private static long saturatedNanos(Duration ttl) {
        try {
            return Math.min(ttl.toNanos(), MAX_TTL_NANOS);
        } catch (ArithmeticException tooLong) {
            return MAX_TTL_NANOS;
        }
    }

    private static final class Entry {
        final byte[] data;
        final boolean expires;
        final long deadline;

        Entry(byte[] data, boolean expires, long deadline) {
            this.data = data;
            this.expires = expires;
            this.deadline = deadline;
        }

        boolean expiredAt(long now) {
            return expires && now - deadline >= 0;
        }
    }

    /** Ordered by {@code System.nanoTime()} deadline, then key. */
    private record Deadline(long at, String key) implements Comparable<Deadline> {

        @Override
        public int compareTo(Deadline other) {
            int byTime = Long.signum(at - other.at);
            return byTime != 0 ? byTime : key.compareTo(other.key);
        }
    }

    private static final class Registration extends WeakReference<LocalStorage> {
        final String id;

        Registration(LocalStorage storage) {
            super(storage, COLLECTED);
            this.id = storage.id;
        }
    }

    /** Holds its storage weakly so a pending wake-up never keeps data alive. */
    private static final class WakeUp implements Runnable {
        private final WeakReference<LocalStorage> storage;

        WakeUp(WeakReference<LocalStorage> storage) {
            this.storage = storage;
        }

        @Override
        public void run() {
            LocalStorage target = storage.get();
            if (target != null) {
                target.sweepAndReschedule();
            }
        }
    }

    private static final class Expiry {
        static final ScheduledThreadPoolExecutor EXECUTOR = create();

        private static ScheduledThreadPoolExecutor create() {
            ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
                Thread thread = new Thread(task, "proxystore-local-expiry");
                thread.setDaemon(true);
                return thread;
            });
            executor.setRemoveOnCancelPolicy(true);
            // The worker exits when idle; ThreadPoolExecutor keeps the last one while a wake-up is queued.
            executor.setKeepAliveTime(10, TimeUnit.SECONDS);
            executor.allowCoreThreadTimeOut(true);
            return executor;
        }
    }
}
