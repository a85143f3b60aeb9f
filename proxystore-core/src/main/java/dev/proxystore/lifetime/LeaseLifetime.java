package dev.proxystore.lifetime;

import dev.proxystore.store.Key;
import dev.proxystore.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A lifetime that ends at an expiry time, which {@link #extend(Duration) extend} moves; {@link #close()} ends it
 * early. Unless given a {@link LeaseScheduler}, all leases share one timer thread. Where the store's backend expires
 * keys by itself ({@link Store#expires()}), the lease also sets a server-side expiry on its keys, so they go away even
 * if this process dies.
 */
public class LeaseLifetime extends ContextLifetime {

    private final Clock clock;
    private final LeaseScheduler scheduler;
    private final Object timerLock = new Object();
    /**
     * Held while server-side expiries are set, and while the expiry moves: a key added during an extension gets the
     * new expiry, never the old one, and two extensions never interleave their commands.
     */
    private final Object serverTtlLock = new Object();
    private volatile Instant expiry;
    private @Nullable Future<?> timer;

    /** A lease ending {@code expiry} from now. */
    public LeaseLifetime(Store store, Duration expiry) {
        this(store, expiry, null);
    }

    /** A lease ending at {@code expiry}; a time now or in the past ends it at once. */
    public LeaseLifetime(Store store, Instant expiry) {
        this(store, expiry, null, Clock.systemUTC());
    }

    /** A named lease ending {@code expiry} from now. */
    public LeaseLifetime(Store store, Duration expiry, @Nullable String name) {
        this(store, Instant.now().plus(Objects.requireNonNull(expiry, "expiry")), name, Clock.systemUTC());
    }

    /** A named lease ending at {@code expiry} as told by {@code clock} (for tests and simulated time). */
    public LeaseLifetime(Store store, Instant expiry, @Nullable String name, Clock clock) {
        this(store, expiry, name, clock, LeaseScheduler.shared());
    }

    /**
     * A named lease ending at {@code expiry} as told by {@code clock}, whose expiry {@code scheduler} runs. The
     * scheduler's delays are measured on {@code clock}; if it fires early, the lease schedules itself again.
     */
    public LeaseLifetime(Store store, Instant expiry, @Nullable String name, Clock clock, LeaseScheduler scheduler) {
        super(store, name);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.expiry = Objects.requireNonNull(expiry, "expiry");
        synchronized (timerLock) {
            schedule();
        }
    }

    /** When the lease ends. */
    public Instant expiry() {
        return expiry;
    }

    @Override
    public Optional<Instant> endsAt() {
        return Optional.of(expiry);
    }

    /** {@link #remaining()}. */
    @Override
    public Optional<Duration> timeLeft() {
        return Optional.of(remaining());
    }

    /** Time left, zero once expired. */
    public Duration remaining() {
        Duration left = Duration.between(clock.instant(), expiry);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /**
     * Adds {@code more} to the expiry. All or nothing: where the backend expires keys, every key's server-side expiry
     * moves first, and if that fails the lease keeps its expiry and the failure is thrown, so a retry extends once
     * (keys already moved keep the longer server-side expiry, which the lease's own eviction makes harmless).
     *
     * @throws IllegalStateException if the lease has ended
     * @throws dev.proxystore.connector.ConnectorException if the backend could not set the new expiry
     */
    public void extend(Duration more) {
        Objects.requireNonNull(more, "more");
        moveExpiry(null, more);
    }

    /**
     * Sets the expiry to {@code newExpiry}, which may be earlier than the current one; all or nothing, as
     * {@link #extend(Duration)}.
     *
     * @throws IllegalStateException if the lease has ended
     * @throws dev.proxystore.connector.ConnectorException if the backend could not set the new expiry
     */
    public void extend(Instant newExpiry) {
        Objects.requireNonNull(newExpiry, "newExpiry");
        moveExpiry(newExpiry, null);
    }

    @Override
    public void addKey(Store store, Key<?>... keys) {
        expireIfDue();
        super.addKey(store, keys);
    }

    /**
     * Whether the lease has ended. Once the expiry has passed this also ends it (evicting its keys) if the timer has
     * not yet; a failing eviction is left to the timer and the server-side expiry, never thrown from here.
     */
    @Override
    public boolean done() {
        // null only while ContextLifetime's constructor publishes this lease, before its own fields are set
        if (clock == null || expiry == null) {
            return super.done();
        }
        if (!super.done() && !clock.instant().isBefore(expiry)) {
            try {
                close();
            } catch (RuntimeException evictionFailed) {
                return true;
            }
        }
        return super.done();
    }

    /** {@code lease}. */
    @Override
    public String kind() {
        return "lease";
    }

    @Override
    void keysAdded(Store store, Key<?>... keys) {
        if (store.expires()) {
            synchronized (serverTtlLock) {
                store.expire(serverTtl(expiry), keys);
            }
        }
    }

    @Override
    void ended() {
        synchronized (timerLock) {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
        }
    }

    /**
     * A later expiry goes to the backend first and then to the lease, so a failure (even one whose command still
     * lands) never leaves a key expiring on the server before the lease ends; an earlier expiry moves only the lease,
     * whose timer evicts its keys then, and the longer server-side expiry stays as the fallback for a process that
     * dies.
     */
    private void moveExpiry(@Nullable Instant to, @Nullable Duration by) {
        synchronized (serverTtlLock) {
            Instant moved = to != null ? to : expiry.plus(by);
            if (super.done()) {
                throw new IllegalStateException("lease '" + name() + "' has ended");
            }
            if (moved.isAfter(expiry)) {
                for (Map.Entry<Store, List<Key<?>>> entry : keysByStore().entrySet()) {
                    if (entry.getKey().expires()) {
                        entry.getKey().expire(serverTtl(moved), entry.getValue().toArray(new Key<?>[0]));
                    }
                }
            }
            synchronized (timerLock) {
                if (super.done()) {
                    throw new IllegalStateException("lease '" + name() + "' has ended");
                }
                expiry = moved;
                schedule();
            }
        }
    }

    private void schedule() {
        if (timer != null) {
            timer.cancel(false);
        }
        timer = scheduler.schedule(this::onTimer, Math.max(0, nanosUntil(expiry)), TimeUnit.NANOSECONDS);
    }

    private long nanosUntil(Instant instant) {
        try {
            return Duration.between(clock.instant(), instant).toNanos();
        } catch (ArithmeticException farAway) {
            return Long.MAX_VALUE / 4;
        }
    }

    private void onTimer() {
        if (!clock.instant().isBefore(expiry)) {
            close();
            return;
        }
        synchronized (timerLock) {
            if (!super.done()) {
                schedule();
            }
        }
    }

    private void expireIfDue() {
        if (!super.done() && !clock.instant().isBefore(expiry)) {
            close();
        }
    }

    private Duration serverTtl(Instant until) {
        Duration ttl = Duration.between(clock.instant(), until);
        return ttl.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : ttl;
    }
}
