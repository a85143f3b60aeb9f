package dev.proxystore.store;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * How a proxy waits for an object that is not in its store yet: the proxy of a {@link StoreFuture}, or one made by
 * {@link Store#proxyFromKey} with {@link ProxyOptions#withPolling}. Resolving reads the key; while it is missing, the
 * proxy sleeps {@code interval}, then each time {@code backoffFactor} times longer but at most {@code intervalLimit},
 * until the object appears or {@code timeout} has passed since the first read. Then it fails with a
 * {@link dev.proxystore.proxy.ProxyResolveMissingKeyException} caused by a {@link StoreTimeoutException}.
 *
 * <p>These settings travel in the proxy's reference and are covered by its tag. A receiver waits no longer than its
 * {@link TrustPolicy#maxFutureWait()}, whatever the timeout says.
 *
 * <p>Durations are kept as a reference carries them: the interval and its limit in whole microseconds, the timeout in
 * whole milliseconds; a positive duration shorter than that unit counts as one unit.
 *
 * @param interval the first sleep after a missing read; positive
 * @param backoffFactor how much longer each following sleep is; finite and at least 1 (1: a fixed interval)
 * @param intervalLimit the longest sleep the factor can reach, or null for no limit; positive. The first sleep is
 *     {@code interval} even when the limit is shorter
 * @param timeout how long to wait in all; positive
 */
public record Polling(Duration interval, double backoffFactor, @Nullable Duration intervalLimit, Duration timeout) {

    private static final Polling DEFAULTS =
            new Polling(Duration.ofNanos(500_000), 2, Duration.ofMillis(50), Duration.ofMinutes(1));

    /**
     * @throws IllegalArgumentException if a duration is not positive, or the factor is below 1 or not finite
     */
    public Polling {
        interval = atLeastOne(positive(interval, "polling interval"), ChronoUnit.MICROS);
        if (!Double.isFinite(backoffFactor) || backoffFactor < 1) {
            throw new IllegalArgumentException("The polling backoff factor must be a finite number of at least 1 (1"
                    + " keeps the interval fixed), was " + backoffFactor);
        }
        if (intervalLimit != null) {
            intervalLimit = atLeastOne(positive(intervalLimit, "polling interval limit"), ChronoUnit.MICROS);
        }
        timeout = atLeastOne(positive(timeout, "polling timeout"), ChronoUnit.MILLIS);
    }

    /**
     * A first sleep of 0.5 ms, doubling up to 50 ms, for at most a minute: a result is seen within about 50 ms of its
     * arrival, and a wait always ends. (Python ProxyStore's defaults, a fixed second without a timeout, would make
     * every future late by up to a second and could wait for ever.)
     */
    public static Polling defaults() {
        return DEFAULTS;
    }

    /** A copy whose first sleep is {@code interval}. */
    public Polling withInterval(Duration interval) {
        return new Polling(interval, backoffFactor, intervalLimit, timeout);
    }

    /** A copy whose sleeps grow by {@code backoffFactor}. */
    public Polling withBackoffFactor(double backoffFactor) {
        return new Polling(interval, backoffFactor, intervalLimit, timeout);
    }

    /** A copy whose sleeps grow to at most {@code intervalLimit}; null for no limit. */
    public Polling withIntervalLimit(@Nullable Duration intervalLimit) {
        return new Polling(interval, backoffFactor, intervalLimit, timeout);
    }

    /** A copy that waits at most {@code timeout} in all. */
    public Polling withTimeout(Duration timeout) {
        return new Polling(interval, backoffFactor, intervalLimit, timeout);
    }

    /** The sleep after one of {@code previousNanos}: grown by the factor, capped by the limit. */
    long nextSleepNanos(long previousNanos) {
        double grown = previousNanos * backoffFactor;
        long next = grown >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) grown;
        Duration limit = intervalLimit;
        return limit == null ? next : Math.min(next, nanos(limit));
    }

    /** {@code duration} in nanoseconds, {@link Long#MAX_VALUE} when longer than that can hold. */
    static long nanos(Duration duration) {
        return TimeUnit.NANOSECONDS.convert(duration);
    }

    private static Duration positive(Duration duration, String what) {
        Objects.requireNonNull(duration, what);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("The " + what + " must be positive, was " + duration);
        }
        return duration;
    }

    private static Duration atLeastOne(Duration duration, ChronoUnit unit) {
        Duration truncated = duration.truncatedTo(unit);
        return truncated.isZero() ? unit.getDuration() : truncated;
    }
}
