package dev.proxystore.stream.kafka;

import dev.proxystore.stream.MessageSubscriber;
import dev.proxystore.stream.StreamException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jspecify.annotations.Nullable;

/**
 * Reads the records of a Kafka consumer that is already subscribed to its topics (or assigned partitions), one
 * message per record value, in the order of each partition (so in the order sent per topic, from a
 * {@link KafkaPublisher}). Records without a value are skipped.
 *
 * <p>Offsets, at least once: a record counts as processed once the next message is asked for, or on
 * {@link #close()}. Processed offsets are committed in batches: asynchronously before each poll of new records, and
 * synchronously on {@link #close()}, which also moves the consumer back to the first record it fetched but did not
 * hand out. A process that dies gets the records after its last commit again (at least the one it was handling). Turn
 * the consumer's {@code enable.auto.commit} off (Kafka turns it on by default), else Kafka also commits what a poll
 * fetched before it is handed out. The consumer needs a {@code group.id}. Records of partitions taken away by a
 * rebalance are not handed out: their new owner reads them from the last commit.
 *
 * <p>A broker that is down is waited for, as Kafka's consumer does: {@link #nextMessage(Duration)} returns empty once
 * its timeout passes. One thread reads at a time; {@link #close()} may come from any thread and wakes a waiting reader
 * ({@code Consumer.wakeup()}). A subscriber given a consumer leaves it open (and subscribed) on {@link #close()}; one
 * built from settings closes the consumer it created.
 */
public final class KafkaSubscriber implements MessageSubscriber {

    /** The longest single poll; a longer wait polls again. */
    private static final Duration MAX_POLL = Duration.ofSeconds(1);

    private final Consumer<byte[], byte[]> consumer;
    private final boolean owned;
    private final String description;
    private final ReentrantLock reading = new ReentrantLock();
    private final AtomicBoolean closed = new AtomicBoolean();

    // reader state, guarded by reading
    private final ArrayDeque<ConsumerRecord<byte[], byte[]>> fetched = new ArrayDeque<>();
    private final Map<TopicPartition, OffsetAndMetadata> processed = new HashMap<>();
    private @Nullable ConsumerRecord<byte[], byte[]> handedOut;
    private boolean wakeupSeen;

    /**
     * Reads through the application's consumer, already subscribed or assigned, which stays open when this subscriber
     * closes.
     *
     * @throws IllegalArgumentException if the consumer is neither subscribed nor assigned partitions
     */
    public KafkaSubscriber(Consumer<byte[], byte[]> consumer) {
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        Set<String> topics = new TreeSet<>(consumer.subscription());
        consumer.assignment().forEach(partition -> topics.add(partition.topic()));
        if (topics.isEmpty()) {
            throw new IllegalArgumentException("the consumer is not subscribed to any topic; subscribe it (or assign"
                    + " partitions) before handing it to a KafkaSubscriber");
        }
        this.owned = false;
        this.description = Clients.describe(null, consumer.metrics()) + ", " + Clients.topics(topics);
    }

    /**
     * Reads through a consumer it creates from Kafka consumer {@code settings} ({@code bootstrap.servers} and
     * {@code group.id} at least; the deserializers are its own), subscribes to {@code topics} and closes with itself.
     * Unless the settings say otherwise, auto-commit is off and a group with no committed offset starts at the
     * earliest record ({@code auto.offset.reset=earliest}), so messages sent before the group first polled are read.
     *
     * @throws IllegalArgumentException if {@code bootstrap.servers} or {@code group.id} is missing, or no topic given
     */
    public KafkaSubscriber(Map<String, Object> settings, String... topics) {
        Object servers = Clients.requireSetting(settings, Clients.BOOTSTRAP_SERVERS);
        Clients.requireSetting(settings, ConsumerConfig.GROUP_ID_CONFIG);
        List<String> names = List.of(topics);
        if (names.isEmpty() || names.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("a subscriber needs topics, none of them empty: " + names);
        }
        Map<String, Object> effective = new HashMap<>(settings);
        effective.putIfAbsent(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        effective.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.consumer = new KafkaConsumer<>(effective, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.owned = true;
        this.description = Clients.describe(servers, Map.of()) + ", " + Clients.topics(names);
        consumer.subscribe(names);
    }

    /**
     * The next message, counting the one handed out before as processed.
     *
     * @throws StreamException if the consumer fails, or the wait is interrupted (the interrupt flag stays set)
     */
    @Override
    public byte[] nextMessage() {
        return Objects.requireNonNull(take(-1));
    }

    /**
     * The next message within {@code timeout}, counting the one handed out before as processed.
     *
     * @throws StreamException if the consumer fails, or the wait is interrupted (the interrupt flag stays set)
     */
    @Override
    public Optional<byte[]> nextMessage(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        return Optional.ofNullable(take(Math.max(0, timeout.toNanos())));
    }

    /**
     * Wakes a waiting reader, commits the offsets of every message handed out (the last one too), moves the consumer
     * back to the first record it fetched and did not hand out, and closes the consumer if this subscriber created it.
     * Idempotent.
     *
     * @throws StreamException if the offsets could not be committed (the messages are then read again)
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        boolean wokeReader = false;
        if (!reading.tryLock()) {
            consumer.wakeup();
            wokeReader = true;
            reading.lock();
        }
        try {
            if (wokeReader && !wakeupSeen) {
                consumeWakeup();
            }
            countHandedOutAsProcessed();
            rewindToFirstUnread();
            commitSync();
        } finally {
            reading.unlock();
            if (owned) {
                consumer.close();
            }
        }
    }

    private byte @Nullable [] take(long timeoutNanos) {
        if (closed.get()) {
            throw closedException();
        }
        if (!reading.tryLock()) {
            throw new IllegalStateException("KafkaSubscriber of " + description + " is being read by another thread;"
                    + " read it from one at a time");
        }
        try {
            if (closed.get()) {
                throw closedException();
            }
            countHandedOutAsProcessed();
            long deadline = System.nanoTime() + timeoutNanos;
            while (true) {
                ConsumerRecord<byte[], byte[]> next = nextFetched();
                if (next != null) {
                    handedOut = next;
                    return next.value();
                }
                commitAsync();
                long left = timeoutNanos < 0 ? Long.MAX_VALUE : deadline - System.nanoTime();
                poll(Duration.ofNanos(Math.max(0, Math.min(left, MAX_POLL.toNanos()))));
                if (fetched.isEmpty() && timeoutNanos >= 0 && deadline - System.nanoTime() <= 0) {
                    return null;
                }
            }
        } finally {
            reading.unlock();
        }
    }

    private void poll(Duration wait) {
        ConsumerRecords<byte[], byte[]> records;
        try {
            records = consumer.poll(wait);
        } catch (WakeupException e) {
            wakeupSeen = true;
            if (closed.get()) {
                throw closedException();
            }
            throw new StreamException("waiting for a message of " + description + " was woken up (Consumer.wakeup)",
                    e);
        } catch (InterruptException e) {
            throw new StreamException("waiting for a message of " + description + " was interrupted", e);
        } catch (KafkaException | IllegalStateException e) {
            throw new StreamException("polling " + description + " failed: " + Clients.reason(e), e);
        }
        records.forEach(fetched::add);
    }

    /** The next fetched record with a value, of a partition the consumer still owns. */
    private @Nullable ConsumerRecord<byte[], byte[]> nextFetched() {
        if (fetched.isEmpty()) {
            return null;
        }
        Set<TopicPartition> assignment = consumer.assignment();
        for (ConsumerRecord<byte[], byte[]> record = fetched.poll(); record != null; record = fetched.poll()) {
            if (record.value() != null && assignment.contains(partition(record))) {
                return record;
            }
        }
        return null;
    }

    private void countHandedOutAsProcessed() {
        ConsumerRecord<byte[], byte[]> last = handedOut;
        if (last != null) {
            processed.put(partition(last), new OffsetAndMetadata(last.offset() + 1, last.leaderEpoch(), ""));
            handedOut = null;
        }
    }

    /** Commits what was processed since the last commit, without waiting; a failed commit means more is read again. */
    private void commitAsync() {
        Map<TopicPartition, OffsetAndMetadata> offsets = ownedOffsets();
        if (!offsets.isEmpty()) {
            try {
                consumer.commitAsync(offsets, (committed, failure) -> {
                    // a later commit covers these partitions, or their new owner reads the records again
                });
            } catch (KafkaException e) {
                throw new StreamException("committing offsets of " + description + " failed: " + Clients.reason(e), e);
            }
        }
    }

    private void commitSync() {
        Map<TopicPartition, OffsetAndMetadata> offsets = ownedOffsets();
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets);
        } catch (InterruptException e) {
            throw new StreamException("committing offsets of " + description + " was interrupted", e);
        } catch (KafkaException e) {
            throw new StreamException("committing offsets of " + description + " failed: " + Clients.reason(e), e);
        }
    }

    /** The processed offsets of partitions the consumer still owns, taken out of {@link #processed}. */
    private Map<TopicPartition, OffsetAndMetadata> ownedOffsets() {
        if (processed.isEmpty()) {
            return Map.of();
        }
        Set<TopicPartition> assignment = consumer.assignment();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>(processed);
        offsets.keySet().retainAll(assignment);
        processed.clear();
        return offsets;
    }

    /** Seeks each partition back to the first record fetched and not handed out, so that nothing is skipped. */
    private void rewindToFirstUnread() {
        Map<TopicPartition, Long> first = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : fetched) {
            first.putIfAbsent(partition(record), record.offset());
        }
        fetched.clear();
        Set<TopicPartition> assignment = first.isEmpty() ? Set.of() : consumer.assignment();
        first.forEach((partition, offset) -> {
            if (assignment.contains(partition)) {
                consumer.seek(partition, offset);
            }
        });
    }

    /**
     * Clears the wakeup sent to a reader that had already left {@code poll}: a wakeup stays pending on the consumer
     * until a blocking call sees it, and a poll sees it before fetching anything.
     */
    private void consumeWakeup() {
        try {
            consumer.poll(Duration.ZERO).forEach(fetched::add);
        } catch (WakeupException expected) {
            // cleared
        } catch (KafkaException e) {
            // the wakeup went with the failure
        }
    }

    private IllegalStateException closedException() {
        return new IllegalStateException("KafkaSubscriber of " + description + " is closed");
    }

    private static TopicPartition partition(ConsumerRecord<?, ?> record) {
        return new TopicPartition(record.topic(), record.partition());
    }
}
