package dev.proxystore.testing;

import dev.proxystore.lifetime.LeaseScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A {@link LeaseScheduler} on a {@link MutableClock}: nothing runs until the test calls {@link #advance}, which moves
 * the clock and runs, on the calling thread and in order, each task that falls due, with the clock at its due time.
 */
public final class ManualScheduler implements LeaseScheduler {

    private final MutableClock clock;
    private final PriorityQueue<Task> queue =
            new PriorityQueue<>(Comparator.comparing(Task::due).thenComparingLong(Task::sequence));
    private long sequence;

    public ManualScheduler(MutableClock clock) {
        this.clock = clock;
    }

    public MutableClock clock() {
        return clock;
    }

    @Override
    public synchronized Future<?> schedule(Runnable task, long delay, TimeUnit unit) {
        FutureTask<Void> future = new FutureTask<>(task, null);
        queue.add(new Task(clock.instant().plusNanos(Math.max(0, unit.toNanos(delay))), sequence++, future));
        return future;
    }

    /** Moves the clock by {@code duration}, running the tasks that fall due on the way. */
    public void advance(Duration duration) {
        Instant target = clock.instant().plus(duration);
        Task next;
        while ((next = pollDue(target)) != null) {
            if (next.due().isAfter(clock.instant())) {
                clock.advance(Duration.between(clock.instant(), next.due()));
            }
            next.future().run();
        }
        if (target.isAfter(clock.instant())) {
            clock.advance(Duration.between(clock.instant(), target));
        }
    }

    /** Runs the tasks due now. */
    public void runDue() {
        advance(Duration.ZERO);
    }

    /** Tasks scheduled and neither run nor cancelled. */
    public synchronized int pending() {
        queue.removeIf(task -> task.future().isCancelled());
        return queue.size();
    }

    private synchronized @Nullable Task pollDue(Instant target) {
        Task head;
        while ((head = queue.peek()) != null && head.future().isCancelled()) {
            queue.poll();
        }
        return head == null || head.due().isAfter(target) ? null : queue.poll();
    }

    private record Task(Instant due, long sequence, FutureTask<Void> future) {}
}
