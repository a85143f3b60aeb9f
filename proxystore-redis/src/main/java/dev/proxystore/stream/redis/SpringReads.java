package dev.proxystore.stream.redis;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.ClusterSlotHashUtil;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;

/**
 * One connection borrowed from the factory for the subscriber's life, used through Spring Data's API: its drivers run
 * blocking commands on a connection of their own (Lettuce: the connection's dedicated one; Jedis: its socket).
 * Spring Data's {@code BLPOP} waits whole seconds, so a shorter wait polls with {@code LPOP}; {@link #wake()} is noted
 * by a poll, and a command already waiting on the server ends within its wait (at most a second).
 *
 * <p>On Redis Cluster, keys of different hash slots cannot be waited on with one command (Spring Data would send one
 * {@code BLPOP} per key and keep only the first element popped, losing the others), so such a subscriber polls: one
 * {@code LPOP} per key, or none for streams (the subscriber reads each stream itself), every
 * {@value #CROSS_SLOT_POLL_MILLIS} ms.
 */
final class SpringReads implements BlockingReads {

    private static final long POLL_MILLIS = 10;
    private static final long CROSS_SLOT_POLL_MILLIS = 50;

    private final Broker broker;
    private final String topics;
    private final RedisConnection connection;
    private volatile boolean woken;

    SpringReads(Broker broker, String topics) {
        this.broker = broker;
        this.topics = topics;
        try {
            this.connection = broker.factory().getConnection();
        } catch (RuntimeException e) {
            throw broker.failed("connecting a subscriber", topics, e);
        }
    }

    @Override
    public @Nullable Popped pop(byte[][] keys, Duration wait) {
        woken = false;
        boolean oneCommand = waitsInOneCommand(keys);
        try {
            if (oneCommand && wait.compareTo(Duration.ofSeconds(1)) >= 0) {
                List<byte[]> popped = connection.listCommands().bLPop(1, keys);
                return popped == null || popped.size() < 2 ? null : new Popped(popped.get(0), popped.get(1));
            }
            long deadline = System.nanoTime() + wait.toNanos();
            while (true) {
                for (byte[] key : keys) {
                    byte[] value = connection.listCommands().lPop(key);
                    if (value != null) {
                        return new Popped(key, value);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || woken) {
                    return null;
                }
                long interval = oneCommand ? POLL_MILLIS : CROSS_SLOT_POLL_MILLIS;
                TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(interval)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw broker.failed("LPOP", topics, e);
        } catch (RuntimeException e) {
            throw broker.failed("BLPOP", topics, e);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public void awaitEntry(byte[][] keys, String[] afterIds, Duration wait) {
        StreamOffset<byte[]>[] offsets = (StreamOffset<byte[]>[]) new StreamOffset<?>[keys.length];
        for (int i = 0; i < keys.length; i++) {
            offsets[i] = StreamOffset.create(keys[i], ReadOffset.from(afterIds[i]));
        }
        if (!waitsInOneCommand(keys)) {
            woken = false;
            try {
                TimeUnit.MILLISECONDS.sleep(Math.min(Math.max(1, wait.toMillis()), CROSS_SLOT_POLL_MILLIS));
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw broker.failed("XREAD", topics, e);
            }
        }
        try {
            connection.streamCommands().xRead(
                    StreamReadOptions.empty().count(1).block(Duration.ofMillis(Math.max(1, wait.toMillis()))), offsets);
        } catch (RuntimeException e) {
            throw broker.failed("XREAD", topics, e);
        }
    }

    /** Whether one blocking command can wait on all {@code keys}: always, but on a cluster only within one slot. */
    private boolean waitsInOneCommand(byte[][] keys) {
        return !(connection instanceof RedisClusterConnection) || ClusterSlotHashUtil.isSameSlotForAllKeys(keys);
    }

    @Override
    public void wake() {
        woken = true;
    }

    @Override
    public void close() {
        connection.close();
    }
}
