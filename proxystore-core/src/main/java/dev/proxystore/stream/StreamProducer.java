package dev.proxystore.stream;

import dev.proxystore.lifetime.Lifetime;
import dev.proxystore.serialize.DefaultSerializer;
import dev.proxystore.serialize.Serializer;
import dev.proxystore.store.EvictionCause;
import dev.proxystore.store.Key;
import dev.proxystore.store.ReferenceMessages;
import dev.proxystore.store.Store;
import dev.proxystore.store.StoreRegistry;
import dev.proxystore.store.TrustPolicy;
import dev.proxystore.stream.EventFormat.Event;
import dev.proxystore.stream.EventFormat.Kind;
import dev.proxystore.stream.StreamMetrics.Outcome;
import dev.proxystore.stream.StreamMetrics.Transfer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Sends objects to topics of a stream: each object goes to the topic's store, and a small signed event naming it goes
 * through the {@link MessagePublisher}; a {@link StreamConsumer} turns the events back into lazy proxies, so the object's
 * bytes move only to the process that finally resolves it. A topic without a store (and no default store) sends its
 * objects inside the events instead.
 *
 * <pre>{@code
 * try (StreamProducer<Matrix> producer = StreamProducer.<Matrix>builder(publisher)
 *         .defaultStore(store)
 *         .build()) {
 *     for (Matrix chunk : chunks) {
 *         producer.send("chunks", chunk);          // evict=true: the first resolve takes the object out of the store
 *     }
 *     producer.closeTopics("chunks");              // consumers of "chunks" finish their iteration
 * }
 * }</pre>
 *
 * <p>Objects are buffered per topic until {@linkplain Builder#batchSize the batch} is full; a batch is written to the
 * store in one call and published as one broker message, with an {@linkplain Builder#aggregator aggregator} first
 * merging it into one object. Objects reach consumers in the order sent per topic. Thread-safe: sends to one topic are
 * serialized (so its batches are published in order), sends to different topics run in parallel.
 *
 * <p>Lifetimes: with {@code evict=true} (the default) a consumed object leaves the store when its proxy is first
 * resolved, or when a consumer's filter drops it. An object that no consumer ever takes stays, unless the producer
 * puts objects under a {@linkplain Builder#lifetime lifetime}: a {@link dev.proxystore.lifetime.LeaseLifetime} evicts
 * whatever is left when its lease ends (on Redis through a server-side expiry, even if this JVM dies first).
 *
 * <p>Events are signed with the key of the {@linkplain Builder#trustPolicy trust policy} (by default that of
 * {@link StoreRegistry#global()}), and each reference they carry with the key of its store's policy, so consumers
 * refuse events that anyone else made up or changed. The {@linkplain dev.proxystore.stream package description}
 * documents the event format.
 *
 * @param <T> the type of the stream's objects
 */
public final class StreamProducer<T> implements AutoCloseable {

    private final MessagePublisher publisher;
    private final Map<String, Store> stores;
    private final @Nullable Store defaultStore;
    private final Predicate<Map<String, Object>> filter;
    private final int batchSize;
    private final @Nullable Function<List<T>, T> aggregator;
    private final Serializer serializer;
    private final @Nullable Lifetime lifetime;
    private final @Nullable TrustPolicy trustPolicy;
    private final StreamMetrics metrics;
    private final Map<String, Topic<T>> topics = new ConcurrentHashMap<>();
    private final Object closeLock = new Object();
    private volatile boolean closed;

    private StreamProducer(Builder<T> builder) {
        this.publisher = builder.publisher;
        this.stores = Map.copyOf(builder.stores);
        this.defaultStore = builder.defaultStore;
        this.filter = builder.filter;
        this.batchSize = builder.batchSize;
        this.aggregator = builder.aggregator;
        this.serializer = builder.serializer;
        this.lifetime = builder.lifetime;
        this.trustPolicy = builder.trustPolicy;
        this.metrics = builder.metrics;
    }

    /** A builder of a producer that publishes through {@code publisher}. */
    public static <T> Builder<T> builder(MessagePublisher publisher) {
        return new Builder<>(publisher);
    }

    /** Sends {@code obj} to {@code topic}, evicted when consumed, without metadata. */
    public void send(String topic, T obj) {
        send(topic, obj, true, Map.of());
    }

    /**
     * Sends {@code obj} to {@code topic}: skipped if the filter drops its metadata, else buffered, and the topic's batch
     * flushed once full.
     *
     * @param evict whether the object leaves the store once consumed (the first resolve of its proxy, a
     *     {@link StreamConsumer#nextObject()}, or a consumer's filter dropping it); use {@code false} where several
     *     consumers read every object, and evict some other way. Ignored for a topic without a store.
     * @param metadata JSON values (strings, numbers, booleans, null, lists and maps with string keys) that filters see
     *     and consumers receive; copied
     * @throws IllegalArgumentException if the metadata holds something else
     * @throws IllegalStateException if the topic or the producer is closed
     */
    public void send(String topic, T obj, boolean evict, Map<String, Object> metadata) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(obj, "a stream cannot carry null");
        Map<String, Object> copy = EventFormat.copyMetadata(Objects.requireNonNull(metadata, "metadata"));
        Topic<T> buffer = topic(topic);
        synchronized (buffer) {
            checkOpen(buffer);
            if (filter.test(copy)) {
                metrics.recordEvent(topic, Outcome.DROPPED, transfer(topic), 0);
                return;
            }
            buffer.objects.add(new Buffered<>(obj, evict, copy));
            if (buffer.objects.size() >= batchSize) {
                publish(buffer);
            }
        }
    }

    /**
     * Publishes the buffered objects of every topic, then waits until the publisher has handed every message to the
     * broker.
     */
    public void flush() {
        if (closed) {
            return;
        }
        for (Topic<T> topic : topics.values()) {
            flushTopic(topic);
        }
        publisher.flush();
    }

    /** Publishes the buffered objects of {@code topic} as one batch; nothing when none are buffered. */
    public void flushTopic(String topic) {
        Topic<T> buffer = topics.get(topic);
        if (buffer != null) {
            flushTopic(buffer);
        }
    }

    private void flushTopic(Topic<T> buffer) {
        synchronized (buffer) {
            if (!buffer.objects.isEmpty()) {
                publish(buffer);
            }
        }
    }

    /**
     * Publishes each topic's buffered objects followed by an end-of-stream event, after which consumers of the topic
     * end their iteration and this producer refuses to send to it. Closing a closed topic does nothing.
     */
    public void closeTopics(String... topics) {
        for (String topic : topics) {
            Topic<T> buffer = topic(Objects.requireNonNull(topic, "topic"));
            synchronized (buffer) {
                if (buffer.closed) {
                    continue;
                }
                if (closed) {
                    throw new IllegalStateException("the stream producer is closed");
                }
                buffer.closed = true;
                publish(buffer);
            }
        }
    }

    /**
     * Publishes what is buffered, flushes and closes the publisher, and closes the metrics recorder. Sends no
     * end-of-stream event (use {@link #closeTopics} for that) and closes no store. Idempotent.
     */
    @Override
    public void close() {
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            closed = true;
            try {
                for (Topic<T> topic : topics.values()) {
                    flushTopic(topic);
                }
                publisher.flush();
            } finally {
                try {
                    publisher.close();
                } finally {
                    metrics.close();
                }
            }
        }
    }

    private Topic<T> topic(String name) {
        return topics.computeIfAbsent(name, Topic::new);
    }

    private void checkOpen(Topic<T> topic) {
        if (closed) {
            throw new IllegalStateException("the stream producer is closed");
        }
        if (topic.closed) {
            throw new IllegalStateException("topic '" + topic.name + "' is closed: this producer sent its"
                    + " end-of-stream event");
        }
    }

    private @Nullable Store storeOf(String topic) {
        Store store = stores.get(topic);
        return store != null ? store : defaultStore;
    }

    private Transfer transfer(String topic) {
        return storeOf(topic) == null ? Transfer.VALUE : Transfer.REFERENCE;
    }

    /** Publishes the topic's buffer as one message (with end-of-stream if the topic is closed). Holds its lock. */
    private void publish(Topic<T> topic) {
        List<Buffered<T>> batch = aggregate(topic.name, topic.objects);
        topic.objects = new ArrayList<>();
        Store store = storeOf(topic.name);
        List<Key<Object>> keys = store == null || batch.isEmpty() ? List.of() : write(store, batch);
        try {
            List<Event> events = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                Buffered<T> item = batch.get(i);
                events.add(store == null
                        ? new Event(topic.name, Kind.NEW_OBJECT, item.metadata(), null, serialize(topic.name, item),
                                0)
                        : new Event(topic.name, Kind.NEW_OBJECT_KEY, item.metadata(), ReferenceMessages.reference(
                                store, keys.get(i), item.evict(), item.obj().getClass()), null, 0));
            }
            int[] sizes = new int[events.size()];
            byte[] message = EventFormat.write(topic.name, events, topic.closed, signer(), sizes);
            publisher.sendMessage(topic.name, message);
            Transfer transfer = store == null ? Transfer.VALUE : Transfer.REFERENCE;
            for (int size : sizes) {
                metrics.recordEvent(topic.name, Outcome.SENT, transfer, size);
            }
        } catch (RuntimeException e) {
            // the objects were written but no consumer will hear of them
            if (store != null) {
                evictQuietly(store, keys, e);
            }
            throw e;
        }
    }

    private List<Buffered<T>> aggregate(String topic, List<Buffered<T>> objects) {
        Function<List<T>, T> merge = aggregator;
        if (merge == null || objects.isEmpty()) {
            return objects;
        }
        List<T> values = new ArrayList<>(objects.size());
        Map<String, Object> metadata = new LinkedHashMap<>();
        boolean evict = false;
        for (Buffered<T> item : objects) {
            values.add(item.obj());
            metadata.putAll(item.metadata());
            evict |= item.evict();
        }
        T merged = Objects.requireNonNull(merge.apply(values), () -> "the aggregator of topic '" + topic
                + "' returned null");
        return List.of(new Buffered<>(merged, evict, Collections.unmodifiableMap(metadata)));
    }

    private List<Key<Object>> write(Store store, List<Buffered<T>> batch) {
        List<Object> objs = new ArrayList<>(batch.size());
        batch.forEach(item -> objs.add(item.obj()));
        Lifetime scope = lifetime;
        return scope == null ? store.putBatch(objs) : store.putBatch(objs, scope);
    }

    private byte[] serialize(String topic, Buffered<T> item) {
        try {
            return serializer.serialize(item.obj());
        } catch (RuntimeException e) {
            throw new StreamException("cannot serialize a " + item.obj().getClass().getName() + " for topic '"
                    + topic + "', which has no store and so sends objects inside its events: " + e.getMessage(), e);
        }
    }

    private TrustPolicy signer() {
        TrustPolicy policy = trustPolicy;
        return policy != null ? policy : StoreRegistry.global().trustPolicy();
    }

    private static void evictQuietly(Store store, List<Key<Object>> keys, RuntimeException failure) {
        for (Key<Object> key : keys) {
            try {
                store.evict(key, EvictionCause.EXPLICIT);
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
    }

    @Override
    public String toString() {
        return "StreamProducer[topics=" + topics.keySet() + ", batchSize=" + batchSize + ", closed=" + closed + "]";
    }

    /** An object waiting in its topic's batch. */
    private record Buffered<T>(T obj, boolean evict, Map<String, Object> metadata) {}

    /** A topic's batch and whether it is closed; guarded by its own monitor. */
    private static final class Topic<T> {

        final String name;
        List<Buffered<T>> objects = new ArrayList<>();
        boolean closed;

        Topic(String name) {
            this.name = name;
        }
    }

    /**
     * Builds a {@link StreamProducer}. Each setting may be set once; a second call, or an invalid value, fails at once.
     *
     * @param <T> the type of the stream's objects
     */
    public static final class Builder<T> {

        private final MessagePublisher publisher;
        private final Map<String, Store> stores = new HashMap<>();
        private @Nullable Store defaultStore;
        private Predicate<Map<String, Object>> filter = metadata -> false;
        private boolean filterSet;
        private int batchSize = 1;
        private boolean batchSizeSet;
        private @Nullable Function<List<T>, T> aggregator;
        private Serializer serializer = DefaultSerializer.create();
        private boolean serializerSet;
        private @Nullable Lifetime lifetime;
        private @Nullable TrustPolicy trustPolicy;
        private StreamMetrics metrics = StreamMetrics.disabled();
        private boolean metricsSet;

        private Builder(MessagePublisher publisher) {
            this.publisher = Objects.requireNonNull(publisher, "publisher");
        }

        /**
         * The store that holds the objects of {@code topic}.
         *
         * @throws IllegalStateException if the topic's store was already set
         */
        public Builder<T> store(String topic, Store store) {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(store, "store");
            Store previous = stores.get(topic);
            requireUnset(previous == null, "store of topic '" + topic + "'", previous == null ? "" : previous.name());
            stores.put(topic, store);
            return this;
        }

        /**
         * The store of the topics without a {@linkplain #store(String, Store) store of their own}. Without one, those
         * topics send their objects inside the events.
         */
        public Builder<T> defaultStore(Store store) {
            Store previous = defaultStore;
            requireUnset(previous == null, "default store", previous == null ? "" : previous.name());
            this.defaultStore = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * Drops, before batching and aggregation, every object whose metadata {@code filter} returns true for.
         */
        public Builder<T> filter(Predicate<Map<String, Object>> filter) {
            requireUnset(!filterSet, "filter", this.filter);
            this.filter = Objects.requireNonNull(filter, "filter");
            filterSet = true;
            return this;
        }

        /**
         * How many objects of a topic make one batch: one store write and one broker message. Default 1.
         *
         * @throws IllegalArgumentException if less than 1
         */
        public Builder<T> batchSize(int batchSize) {
            requireUnset(!batchSizeSet, "batch size", this.batchSize);
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size must be at least 1, was " + batchSize);
            }
            this.batchSize = batchSize;
            batchSizeSet = true;
            return this;
        }

        /**
         * Merges each batch into one object before it is sent; its metadata is the union of the batch's metadata (later
         * objects' values win) and it is evicted when consumed if any of the batch was to be.
         */
        public Builder<T> aggregator(Function<List<T>, T> aggregator) {
            Function<List<T>, T> previous = this.aggregator;
            requireUnset(previous == null, "aggregator", previous);
            this.aggregator = Objects.requireNonNull(aggregator, "aggregator");
            return this;
        }

        /**
         * The serializer of the objects sent inside events (topics without a store); consumers read them with theirs.
         * Default {@link DefaultSerializer#create()}.
         */
        public Builder<T> serializer(Serializer serializer) {
            requireUnset(!serializerSet, "serializer", this.serializer);
            this.serializer = Objects.requireNonNull(serializer, "serializer");
            serializerSet = true;
            return this;
        }

        /**
         * Associates every object written to a store with {@code lifetime}, which evicts those still there when it
         * ends: with a {@link dev.proxystore.lifetime.LeaseLifetime}, objects no consumer took do not outlive the
         * lease. Consumed objects with {@code evict=true} leave earlier, as usual.
         */
        public Builder<T> lifetime(Lifetime lifetime) {
            Lifetime previous = this.lifetime;
            requireUnset(previous == null, "lifetime", previous == null ? "" : previous.name());
            this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
            return this;
        }

        /**
         * The policy whose signing key signs the events; default the policy of {@link StoreRegistry#global()} when each
         * batch is sent. References in events are signed with their store's key.
         */
        public Builder<T> trustPolicy(TrustPolicy trustPolicy) {
            TrustPolicy previous = this.trustPolicy;
            requireUnset(previous == null, "trust policy", previous);
            this.trustPolicy = Objects.requireNonNull(trustPolicy, "trustPolicy");
            return this;
        }

        /** Records what the producer sends and drops; see {@link StreamMetrics#micrometer}. Default: nothing. */
        public Builder<T> metrics(StreamMetrics metrics) {
            requireUnset(!metricsSet, "metrics recorder", this.metrics);
            this.metrics = Objects.requireNonNull(metrics, "metrics");
            metricsSet = true;
            return this;
        }

        /** The producer. */
        public StreamProducer<T> build() {
            return new StreamProducer<>(this);
        }

        static void requireUnset(boolean unset, String what, @Nullable Object current) {
            if (!unset) {
                throw new IllegalStateException(what + " was already set to " + current);
            }
        }
    }
}
