package dev.proxystore.stream.redis;

import dev.proxystore.stream.MessageSubscriber;
import dev.proxystore.stream.StreamException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStreamCommands.XClaimOptions;
import org.springframework.data.redis.connection.RedisStreamCommands.XPendingOptions;
import org.springframework.data.redis.connection.stream.ByteRecord;
import org.springframework.data.redis.connection.stream.Consumer;
import org.springframework.data.redis.connection.stream.PendingMessage;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.RecordId;
import org.springframework.data.redis.connection.stream.StreamInfo.XInfoGroup;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;

/**
 * Reads the Redis streams named by its topics as one consumer of a consumer group, as {@link RedisStreamPublisher}
 * appends to them: each group gets every message, each message goes to one consumer of the group, and a message is
 * processed at least once.
 *
 * <ul>
 *   <li>The group is created on each stream if absent ({@code XGROUP CREATE topic group 0 MKSTREAM}): a new group
 *       starts at the stream's first entry, so messages sent before any subscriber existed are delivered.</li>
 *   <li>A message is acknowledged ({@code XACK}) when the next one is asked for, or on {@link #close()}: a clean close
 *       leaves nothing pending. Messages are taken one at a time, so the subscriber never holds entries it has not
 *       handed out.</li>
 *   <li>A message a consumer was handed and did not acknowledge (its process died) is delivered again: to the same
 *       consumer name when it starts again, before anything new (its own pending entries); to any other consumer of the
 *       group once the entry has been pending for the {@linkplain #RedisStreamSubscriber(RedisConnectionFactory, String,
 *       String, Duration, String...) claim idle time} ({@code XPENDING ... IDLE} and {@code XCLAIM}, checked every half
 *       of that time). Choose that time longer than processing a message takes: a message processed longer than that
 *       may be claimed by another consumer and processed twice.</li>
 *   <li>Order: per topic, the consumer's own pending entries, then claimed ones, then new ones in stream order; with
 *       several topics the subscriber reads them in turn.</li>
 * </ul>
 *
 * <p>Waits on a connection of its own ({@code XREAD BLOCK}, which takes nothing, so a wait that {@link #close()} ends
 * leaves no entry behind); see the {@linkplain dev.proxystore.stream.redis package}. {@link #close()} leaves the
 * factory open. Consumer names must be unique among the live consumers of a group.
 */
public final class RedisStreamSubscriber implements MessageSubscriber {

    /** How long an entry is pending before another consumer of the group claims it, unless told otherwise. */
    public static final Duration DEFAULT_CLAIM_IDLE = Duration.ofSeconds(60);

    /** How many pending entries one claim check looks at per topic. */
    private static final long CLAIM_BATCH = 10;

    private final Broker broker;
    private final String group;
    private final String consumerName;
    private final Consumer consumer;
    private final List<String> names;
    private final String topics;
    private final byte[][] keys;
    private final Duration claimIdle;
    private final long claimIntervalNanos;
    private final ReaderGate gate;
    private final BlockingReads reads;

    // reader state, used only by the thread inside the gate
    /** Per topic still reading its own pending entries: the id after which to read. */
    private final Map<String, String> ownPending = new LinkedHashMap<>();
    private @Nullable Held held;
    private long claimDueAt = System.nanoTime();
    private int next;

    /** A consumer that claims entries pending for {@link #DEFAULT_CLAIM_IDLE}. */
    public RedisStreamSubscriber(RedisConnectionFactory connectionFactory, String group, String consumer,
            String... topics) {
        this(connectionFactory, group, consumer, DEFAULT_CLAIM_IDLE, topics);
    }

    /**
     * A consumer that claims entries of other consumers of the group once they have been pending for
     * {@code claimIdle}.
     *
     * @throws StreamException naming the server and the topics if Redis cannot be reached or refuses the group
     */
    public RedisStreamSubscriber(RedisConnectionFactory connectionFactory, String group, String consumer,
            Duration claimIdle, String... topics) {
        this.names = Broker.requireTopics(topics);
        this.group = requireName(group, "group");
        this.consumerName = requireName(consumer, "consumer");
        Objects.requireNonNull(claimIdle, "claimIdle");
        if (claimIdle.toMillis() < 1) {
            throw new IllegalArgumentException("claimIdle must be at least 1 ms, got " + claimIdle);
        }
        this.broker = new Broker(connectionFactory);
        this.consumer = Consumer.from(group, consumer);
        this.topics = Broker.topics(names);
        this.keys = names.stream().map(Broker::key).toArray(byte[][]::new);
        this.claimIdle = claimIdle;
        this.claimIntervalNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(10), claimIdle.toNanos() / 2);
        this.gate = new ReaderGate("RedisStreamSubscriber " + group + "/" + consumer + " of " + this.topics);
        for (String topic : names) {
            createGroup(topic);
            ownPending.put(topic, "0");
        }
        this.reads = BlockingReads.open(broker, this.topics);
    }

    /**
     * The next message, acknowledging the one handed out before.
     *
     * @throws StreamException naming the server and the topics if Redis fails
     */
    @Override
    public byte[] nextMessage() {
        return Objects.requireNonNull(take(-1));
    }

    /**
     * The next message within {@code timeout}, acknowledging the one handed out before.
     *
     * @throws StreamException naming the server and the topics if Redis fails
     */
    @Override
    public Optional<byte[]> nextMessage(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        return Optional.ofNullable(take(Math.max(0, timeout.toNanos())));
    }

    /**
     * Acknowledges the message handed out last, wakes a waiting reader and closes this subscriber's connection.
     * Idempotent.
     *
     * @throws StreamException if the acknowledgement fails (the message stays pending and is delivered again)
     */
    @Override
    public void close() {
        gate.close(reads::stop, () -> {
            try {
                acknowledge();
            } finally {
                reads.close();
            }
        });
    }

    private byte @Nullable [] take(long timeoutNanos) {
        gate.enter();
        try {
            acknowledge();
            long deadline = System.nanoTime() + timeoutNanos;
            while (true) {
                Broker.checkInterrupt(topics);
                Held entry = tryTake();
                if (entry != null) {
                    held = entry;
                    return entry.message();
                }
                gate.checkOpen();
                long now = System.nanoTime();
                long left = timeoutNanos < 0 ? Long.MAX_VALUE : deadline - now;
                if (left <= 0) {
                    return null;
                }
                long wait = Math.min(Math.min(left, broker.maxWait().toNanos()), Math.max(0, claimDueAt - now));
                reads.awaitEntry(keys, lastDelivered(), Duration.ofNanos(Math.max(wait, 1_000_000)));
                gate.checkOpen();
            }
        } catch (StreamException e) {
            gate.checkOpen();
            throw e;
        } finally {
            gate.exit();
        }
    }

    /** An entry without waiting: this consumer's own pending ones, then claimable ones when due, then new ones. */
    private @Nullable Held tryTake() {
        while (!ownPending.isEmpty()) {
            Map.Entry<String, String> cursor = ownPending.entrySet().iterator().next();
            String topic = cursor.getKey();
            List<ByteRecord> read = readGroup(topic, ReadOffset.from(cursor.getValue()));
            if (read.isEmpty()) {
                ownPending.remove(topic);
                continue;
            }
            ByteRecord entry = read.get(0);
            cursor.setValue(entry.getId().getValue());
            Held found = held(topic, entry);
            if (found != null) {
                return found;
            }
        }
        if (System.nanoTime() - claimDueAt >= 0) {
            Held claimed = claim();
            if (claimed != null) {
                return claimed;
            }
            claimDueAt = System.nanoTime() + claimIntervalNanos;
        }
        for (int i = 0; i < names.size(); i++) {
            String topic = names.get((next + i) % names.size());
            List<ByteRecord> read = readGroup(topic, ReadOffset.lastConsumed());
            if (!read.isEmpty()) {
                next = (next + i + 1) % names.size();
                Held found = held(topic, read.get(0));
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** The first entry of another consumer pending for at least the claim idle time, now this consumer's. */
    private @Nullable Held claim() {
        for (String topic : names) {
            byte[] key = Broker.key(topic);
            List<RecordId> idle = broker.call("XPENDING", Broker.topic(topic), connection -> {
                List<RecordId> ids = new ArrayList<>();
                for (PendingMessage pending : connection.streamCommands().xPending(key, group,
                        XPendingOptions.range(Range.unbounded(), CLAIM_BATCH).minIdleTime(claimIdle))) {
                    if (!pending.getConsumerName().equals(consumerName)) {
                        ids.add(pending.getId());
                    }
                }
                return ids;
            });
            for (RecordId id : idle) {
                List<ByteRecord> claimed = broker.call("XCLAIM", Broker.topic(topic), connection -> connection
                        .streamCommands().xClaim(key, group, consumerName, XClaimOptions.minIdle(claimIdle).ids(id)));
                if (!claimed.isEmpty()) {
                    Held found = held(topic, claimed.get(0));
                    if (found != null) {
                        return found;
                    }
                }
            }
        }
        return null;
    }

    /** The entry as handed out; {@code null} (and acknowledged) if it holds no message, as a trimmed entry does. */
    private @Nullable Held held(String topic, ByteRecord entry) {
        Map<byte[], byte[]> fields = entry.getValue();
        byte[] message = null;
        if (fields != null) {
            for (Map.Entry<byte[], byte[]> field : fields.entrySet()) {
                if (Arrays.equals(field.getKey(), RedisStreamPublisher.FIELD_BYTES)) {
                    message = field.getValue();
                }
            }
        }
        Held found = new Held(topic, entry.getId());
        if (message == null) {
            acknowledge(found);
            return null;
        }
        return new Held(topic, entry.getId(), message);
    }

    /**
     * One entry of {@code topic} for the group; a group that is gone (a Redis restarted without its data, a stream
     * deleted) is created again, so the subscriber goes on with what is sent from then on.
     */
    private List<ByteRecord> readGroup(String topic, ReadOffset offset) {
        try {
            return readGroupOnce(topic, offset);
        } catch (StreamException e) {
            if (!mentions(e, "NOGROUP")) {
                throw e;
            }
            createGroup(topic);
            return readGroupOnce(topic, offset);
        }
    }

    @SuppressWarnings("unchecked") // one stream offset as varargs
    private List<ByteRecord> readGroupOnce(String topic, ReadOffset offset) {
        StreamOffset<byte[]> stream = StreamOffset.create(Broker.key(topic), offset);
        List<ByteRecord> read = broker.call("XREADGROUP", Broker.topic(topic),
                connection -> connection.streamCommands().xReadGroup(consumer, StreamReadOptions.empty().count(1),
                        stream));
        return read == null ? List.of() : read;
    }

    /** Per topic, the id of the entry the group received last: entries after it are new to the group. */
    private String[] lastDelivered() {
        String[] ids = new String[keys.length];
        for (int i = 0; i < keys.length; i++) {
            byte[] key = keys[i];
            ids[i] = broker.call("XINFO GROUPS", Broker.topic(names.get(i)), connection -> lastDelivered(connection,
                    key));
        }
        return ids;
    }

    private String lastDelivered(RedisConnection connection, byte[] key) {
        return connection.streamCommands().xInfoGroups(key).stream()
                .filter(info -> info.groupName().equals(group))
                .map(XInfoGroup::lastDeliveredId)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the stream has no consumer group '" + group + "'"));
    }

    private void acknowledge() {
        Held last = held;
        if (last != null) {
            acknowledge(last);
            held = null;
        }
    }

    private void acknowledge(Held entry) {
        broker.call("XACK", Broker.topic(entry.topic()),
                connection -> connection.streamCommands().xAck(Broker.key(entry.topic()), group, entry.id()));
    }

    private void createGroup(String topic) {
        broker.call("XGROUP CREATE", Broker.topic(topic), connection -> {
            try {
                return connection.streamCommands().xGroupCreate(Broker.key(topic), group, ReadOffset.from("0"), true);
            } catch (RuntimeException e) {
                if (mentions(e, "BUSYGROUP")) {
                    return "exists";
                }
                throw e;
            }
        });
    }

    private static boolean mentions(Throwable e, String text) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(text)) {
                return true;
            }
        }
        return false;
    }

    private static String requireName(String name, String what) {
        Objects.requireNonNull(name, what);
        if (name.isEmpty()) {
            throw new IllegalArgumentException("the " + what + " name must not be empty");
        }
        return name;
    }

    /** An entry handed out and not yet acknowledged. */
    private record Held(String topic, RecordId id, byte[] message) {
        Held(String topic, RecordId id) {
            this(topic, id, new byte[0]);
        }
    }
}
