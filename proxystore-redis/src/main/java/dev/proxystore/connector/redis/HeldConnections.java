package dev.proxystore.connector.redis;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The connections a connector keeps open between its commands. Spring Data Redis builds a new connection object on
 * every {@link RedisConnectionFactory#getConnection()}, and each one looks up its logger: with Log4j's API on the
 * class path (Spring Boot's default logging brings it) that walks the caller's stack, about 15 µs — more than a 1 KiB
 * {@code SET} on a local Redis. So a connector borrows a connection here, runs one command, and returns it.
 *
 * <p>At most {@link #limit()} idle connections are kept, and each goes back to the factory once unused for
 * {@link #IDLE_TIMEOUT}. On a Lettuce factory sharing its native connection, a held connection is only a handle on
 * that one shared connection; on a pooled factory (Jedis, or Lettuce with a pool) it is taken from the factory's pool,
 * so no more than {@value #POOLED_LIMIT} are held, half of Spring Boot's default pool of 8, and the application keeps
 * the rest. A connection whose command failed is closed, never reused.
 */
final class HeldConnections {

    /** How long an idle connection is kept before it goes back to the factory. */
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(1);

    /** Idle connections kept of a factory whose connections come from a pool. */
    static final int POOLED_LIMIT = 4;

    /** Idle handles kept of a Lettuce factory that shares its one native connection. */
    static final int SHARED_LIMIT = 64;

    private static final long IDLE_NANOS = IDLE_TIMEOUT.toNanos();

    private final RedisConnectionFactory factory;
    private final int limit;

    /** Idle connections, the most recently returned last. Guarded by {@code this}. */
    private final ArrayDeque<Idle> idle = new ArrayDeque<>();

    /** Guarded by {@code this}. */
    private boolean closed;

    /** The pending return of idle connections to the factory. Guarded by {@code this}. */
    private @Nullable ScheduledFuture<?> sweep;

    private record Idle(RedisConnection connection, long since) {
    }

    HeldConnections(RedisConnectionFactory factory) {
        this(factory, factory instanceof LettuceConnectionFactory lettuce && lettuce.getShareNativeConnection()
                ? SHARED_LIMIT : POOLED_LIMIT);
    }

    HeldConnections(RedisConnectionFactory factory, int limit) {
        this.factory = factory;
        this.limit = limit;
    }

    /** How many idle connections are kept at most. */
    int limit() {
        return limit;
    }

    /** How many idle connections are held now. */
    synchronized int idle() {
        return idle.size();
    }

    /** An idle connection, or a new one from the factory; give it back with {@link #release} or {@link #discard}. */
    RedisConnection borrow() {
        synchronized (this) {
            Idle last = idle.pollLast();
            if (last != null) {
                return last.connection();
            }
        }
        return factory.getConnection();
    }

    /** Returns a connection whose command succeeded: kept for the next one, or closed if enough are idle. */
    void release(RedisConnection connection) {
        synchronized (this) {
            if (!closed && idle.size() < limit && !connection.isClosed()) {
                idle.addLast(new Idle(connection, System.nanoTime()));
                if (sweep == null) {
                    sweep = Sweeper.EXECUTOR.schedule(this::sweep, IDLE_NANOS, TimeUnit.NANOSECONDS);
                }
                return;
            }
        }
        closeQuietly(connection);
    }

    /** Closes a connection whose command failed: it may be broken, so it is not reused. */
    void discard(RedisConnection connection) {
        closeQuietly(connection);
    }

    /** Closes every idle connection; connections borrowed now are closed when they come back. */
    void close() {
        List<RedisConnection> all = new ArrayList<>();
        synchronized (this) {
            closed = true;
            idle.forEach(held -> all.add(held.connection()));
            idle.clear();
            if (sweep != null) {
                sweep.cancel(false);
                sweep = null;
            }
        }
        all.forEach(HeldConnections::closeQuietly);
    }

    /** Gives back the connections idle for {@link #IDLE_TIMEOUT}; runs again while any are held. */
    private void sweep() {
        List<RedisConnection> expired = new ArrayList<>();
        synchronized (this) {
            sweep = null;
            long now = System.nanoTime();
            for (Idle oldest = idle.peekFirst(); oldest != null && now - oldest.since() >= IDLE_NANOS;
                    oldest = idle.peekFirst()) {
                expired.add(idle.pollFirst().connection());
            }
            Idle next = idle.peekFirst();
            if (next != null && !closed) {
                sweep = Sweeper.EXECUTOR.schedule(this::sweep, next.since() + IDLE_NANOS - now, TimeUnit.NANOSECONDS);
            }
        }
        expired.forEach(HeldConnections::closeQuietly);
    }

    private static void closeQuietly(RedisConnection connection) {
        try {
            connection.close();
        } catch (RuntimeException e) {
            // already broken: nothing to give back
        }
    }

    /** One daemon thread for every connector's idle returns, started on first use. */
    private static final class Sweeper {

        static final ScheduledExecutorService EXECUTOR = create();

        private static ScheduledExecutorService create() {
            ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
                Thread thread = new Thread(runnable, "proxystore-redis-idle-connections");
                thread.setDaemon(true);
                return thread;
            });
            executor.setRemoveOnCancelPolicy(true);
            return executor;
        }
    }
}
