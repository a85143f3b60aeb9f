package dev.proxystore.reliability;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fails a concurrent test that stops making progress or overruns its time bound, with a full thread dump (every
 * frame, held locks and the deadlocked threads the JVM finds). The test counts progress with {@link #progress()};
 * when the watchdog fires it interrupts the threads it was given and keeps the dump for {@link #check()}.
 */
final class Watchdog implements AutoCloseable {

    private final AtomicLong progress = new AtomicLong();
    private final AtomicReference<String> failure = new AtomicReference<>();
    private final Thread thread;
    private final List<Thread> watched;

    /**
     * Starts watching: fails if {@link #progress()} does not move for {@code stall}, or if {@code bound} passes
     * before {@link #close()}.
     */
    Watchdog(String name, Duration stall, Duration bound, List<Thread> watched) {
        this.watched = List.copyOf(watched);
        long started = System.nanoTime();
        this.thread = new Thread(() -> watch(started, stall, bound), name + "-watchdog");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Records progress. */
    void progress() {
        progress.incrementAndGet();
    }

    /** How much progress was recorded. */
    long count() {
        return progress.get();
    }

    /** Whether the watchdog fired. */
    boolean fired() {
        return failure.get() != null;
    }

    /** Throws an {@link AssertionError} with the thread dump if the watchdog fired. */
    void check() {
        String dump = failure.get();
        if (dump != null) {
            throw new AssertionError(dump);
        }
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void watch(long started, Duration stall, Duration bound) {
        long last = progress.get();
        long lastMoved = System.nanoTime();
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            long current = progress.get();
            if (current != last) {
                last = current;
                lastMoved = now;
            }
            String reason = null;
            if (now - lastMoved > stall.toNanos()) {
                reason = "no progress for " + stall + " (stuck at " + current + " operations)";
            } else if (now - started > bound.toNanos()) {
                reason = "still running after the time bound of " + bound + " (" + current + " operations)";
            }
            if (reason != null) {
                failure.set(reason + "\n" + threadDump());
                watched.forEach(Thread::interrupt);
                return;
            }
        }
    }

    /** Every thread with its whole stack, its locks, and the JVM's deadlock verdict. */
    static String threadDump() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        StringBuilder dump = new StringBuilder("Thread dump:\n");
        long[] deadlocked = threads.findDeadlockedThreads();
        if (deadlocked != null) {
            dump.append("DEADLOCKED threads: ").append(java.util.Arrays.toString(deadlocked)).append('\n');
        }
        for (ThreadInfo info : threads.dumpAllThreads(true, true)) {
            dump.append('"').append(info.getThreadName()).append("\" id=").append(info.getThreadId()).append(' ')
                    .append(info.getThreadState());
            if (info.getLockName() != null) {
                dump.append(" on ").append(info.getLockName());
            }
            if (info.getLockOwnerName() != null) {
                dump.append(" owned by \"").append(info.getLockOwnerName()).append("\" id=")
                        .append(info.getLockOwnerId());
            }
            dump.append('\n');
            StackTraceElement[] stack = info.getStackTrace();
            for (int i = 0; i < stack.length; i++) {
                dump.append("\tat ").append(stack[i]).append('\n');
                for (MonitorInfo monitor : info.getLockedMonitors()) {
                    if (monitor.getLockedStackDepth() == i) {
                        dump.append("\t- locked ").append(monitor).append('\n');
                    }
                }
            }
            for (LockInfo lock : info.getLockedSynchronizers()) {
                dump.append("\t- holds ").append(lock).append('\n');
            }
            dump.append('\n');
        }
        return dump.toString();
    }
}
