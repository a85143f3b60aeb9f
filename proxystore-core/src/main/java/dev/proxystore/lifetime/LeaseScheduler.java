package dev.proxystore.lifetime;

import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs a lease's expiry check after a delay. Leases use {@link #shared()} unless given another; a
 * {@link java.util.concurrent.ScheduledExecutorService} fits as {@code executor::schedule}, and tests can pass one
 * driven by a manual clock. The task evicts the lease's keys on the scheduler's thread.
 */
@FunctionalInterface
public interface LeaseScheduler {

    /**
     * Runs {@code task} once after {@code delay} (at once if not positive). {@code cancel(false)} on the returned
     * future keeps a task that has not started from running.
     */
    Future<?> schedule(Runnable task, long delay, TimeUnit unit);

    /** The daemon timer thread shared by all leases, which hands the evicting to a small pool. */
    static LeaseScheduler shared() {
        return LeaseTimers.SHARED;
    }
}
