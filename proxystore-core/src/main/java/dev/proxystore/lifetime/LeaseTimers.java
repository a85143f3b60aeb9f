package dev.proxystore.lifetime;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one timer thread shared by all leases, plus a small pool that does the evicting, so a slow backend never
 * delays another lease's timer.
 */
final class LeaseTimers {

    private static final ScheduledThreadPoolExecutor TIMER = timer();
    private static final ExecutorService EXPIRER = expirer();

    static final LeaseScheduler SHARED = (task, delay, unit) -> schedule(task, unit.toNanos(delay));

    private LeaseTimers() {
    }

    static ScheduledFuture<?> schedule(Runnable expire, long delayNanos) {
        return TIMER.schedule(() -> EXPIRER.execute(expire), Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
    }

    /** Pending timers, for leak checks and monitoring. */
    static int pending() {
        return TIMER.getQueue().size();
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, daemon("proxystore-lease-timer"));
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    private static ExecutorService expirer() {
        ThreadPoolExecutor expirer = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                daemon("proxystore-lease-expiry"));
        expirer.allowCoreThreadTimeOut(true);
        return expirer;
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
