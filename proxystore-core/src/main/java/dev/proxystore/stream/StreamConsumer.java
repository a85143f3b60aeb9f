package dev.proxystore.stream;

import dev.proxystore.proxy.Proxies;
import dev.proxystore.proxy.ProxyResolveException;
import dev.proxystore.proxy.ProxyResolveMissingKeyException;
import dev.proxystore.serialize.DefaultSerializer;
import dev.proxystore.serialize.SerializationException;
import dev.proxystore.serialize.Serializer;
import dev.proxystore.store.EvictionCause;
import dev.proxystore.store.Reference;
import dev.proxystore.store.StoreFactory;
import dev.proxystore.store.StoreRegistry;
import dev.proxystore.store.UntrustedReferenceException;
import dev.proxystore.stream.EventFormat.Event;
import dev.proxystore.stream.EventFormat.Kind;
import dev.proxystore.stream.StreamMetrics.Outcome;
import dev.proxystore.stream.StreamMetrics.Transfer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Iterates the objects a {@link StreamProducer} sends, reading its events from a {@link MessageSubscriber}: each
 * object of a topic with a store comes out as a lazy proxy (resolving it reads the object from the store), each object
 * of a topic without a store as itself.
 *
 * <pre>{@code
 * try (StreamConsumer<Matrix> consumer = StreamConsumer.<Matrix>builder(subscriber).build()) {
 *     for (Matrix chunk : consumer) {              // ends at the producer's closeTopics("chunks")
 *         executor.submit(() -> process(chunk));   // the chunk's bytes move when process() first uses it
 *     }
 * }
 * }</pre>
 *
 * <p>Trust: an event is admitted before anything is connected, created, read or evicted. Its tag must verify under the
 * keys of the {@linkplain Builder#registry registry's} trust policy, and each reference it carries is admitted under
 * that policy exactly as a JSON reference would be; an unsigned event follows the policy's
 * {@link dev.proxystore.store.TrustPolicy.UnsignedReferences}: refused ({@code REJECT}), read-only ({@code READ_ONLY},
 * the default: it may only name objects of stores this process has, never evicts, and may neither carry objects inside
 * nor end the stream) or accepted ({@code ACCEPT}). A refused event throws an {@link UntrustedReferenceException} whose
 * message names the topic, and is dropped: the next call goes on with the next message. Objects sent inside events are
 * read with the {@linkplain Builder#serializer consumer's serializer}, whose allow-list decides which classes may be
 * instantiated.
 *
 * <p>End of stream: as in ProxyStore for Python, an end-of-stream event (from {@link StreamProducer#closeTopics}) ends
 * the iteration: {@link #hasNext()} returns false from then on. {@link #iterator()} starts a new iteration, which goes
 * on with the messages after that event, so a consumer subscribed to several topics iterates once per closed topic.
 * {@link #close()}, from any thread, ends the iteration too and wakes a thread waiting in {@link #hasNext()}.
 *
 * <p>Reading methods may be called from several threads; each event goes to one of them. Not {@code hasNext()} on one
 * thread and {@code next()} on another, though: another thread may take the event in between.
 *
 * @param <T> the type of the stream's objects
 */
public final class StreamConsumer<T> implements Iterator<T>, Iterable<T>, AutoCloseable {

    private final MessageSubscriber subscriber;
    private final Predicate<Map<String, Object>> filter;
    private final Serializer serializer;
    private final StoreRegistry registry;
    private final StreamMetrics metrics;
    private final ClassLoader loader;
    private final Object readLock = new Object();
    private final ArrayDeque<Event> pending = new ArrayDeque<>();
    private @Nullable Event ready;
    private volatile boolean ended;
    private final AtomicBoolean closed = new AtomicBoolean();

    private StreamConsumer(Builder<T> builder) {
        this.subscriber = builder.subscriber;
        this.filter = builder.filter;
        this.serializer = builder.serializer;
        this.registry = builder.registry;
        this.metrics = builder.metrics;
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        this.loader = context != null ? context : StreamConsumer.class.getClassLoader();
    }

    /** A builder of a consumer that reads events from {@code subscriber}. */
    public static <T> Builder<T> builder(MessageSubscriber subscriber) {
        return new Builder<>(subscriber);
    }

    /**
     * Whether another object comes before the end of the stream, waiting for the next event as long as it takes.
     * False once an end-of-stream event was read (until {@link #iterator()} starts a new iteration) or the consumer is
     * closed.
     *
     * @throws UntrustedReferenceException if the next message is refused (see the class description); it is dropped
     * @throws StreamException if the next message is not a stream event of a version this process reads (it is
     *     dropped), or the broker fails
     */
    @Override
    public boolean hasNext() {
        synchronized (readLock) {
            return advance(-1) == State.READY;
        }
    }

    /**
     * The next object: a lazy proxy of it when its topic has a store and its class can be proxied here, else the object
     * itself (read from the store now, and evicted if it was sent with {@code evict=true}). A proxy's factory is a
     * {@link StoreFactory} ({@link StoreFactory#of(Object)}); it evicts the object when first resolved if the
     * producer sent it with {@code evict=true}.
     *
     * @throws NoSuchElementException at the end of the stream, or if closed
     */
    @Override
    public T next() {
        return value(take(), false);
    }

    /**
     * The next object as {@link #next()} gives it, or empty if none arrives within {@code timeout}.
     *
     * @throws NoSuchElementException at the end of the stream, or if closed
     */
    public Optional<T> next(Duration timeout) {
        long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
        Event event;
        synchronized (readLock) {
            State state = advance(deadline);
            if (state == State.TIMED_OUT) {
                return Optional.empty();
            }
            event = take(state);
        }
        return Optional.of(value(event, false));
    }

    /** The next object as {@link #next()} gives it, with its metadata. */
    public StreamItem<T> nextWithMetadata() {
        Event event = take();
        return new StreamItem<>(event.metadata(), value(event, false));
    }

    /**
     * The next object itself, never a proxy: read from its store now (and evicted if the producer sent it with
     * {@code evict=true}), or taken from the event.
     *
     * @throws ProxyResolveMissingKeyException if the object is no longer in its store
     * @throws NoSuchElementException at the end of the stream, or if closed
     */
    public T nextObject() {
        return value(take(), true);
    }

    /** The next object as {@link #nextObject()} gives it, with its metadata. */
    public StreamItem<T> nextObjectWithMetadata() {
        Event event = take();
        return new StreamItem<>(event.metadata(), value(event, true));
    }

    /**
     * This consumer, starting a new iteration: after an end-of-stream event, it goes on with the messages that follow.
     */
    @Override
    public Iterator<T> iterator() {
        ended = false;
        return this;
    }

    /**
     * Closes the subscriber, ending the iteration and waking a thread that waits for an event, and closes the metrics
     * recorder. Closes no store. Idempotent.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                subscriber.close();
            } finally {
                metrics.close();
            }
        }
    }

    private enum State { READY, ENDED, TIMED_OUT }

    private Event take() {
        synchronized (readLock) {
            return take(advance(-1));
        }
    }

    private Event take(State state) {
        Event event = ready;
        if (state != State.READY || event == null) {
            throw new NoSuchElementException(closed.get() ? "the stream consumer is closed"
                    : "the stream ended: an end-of-stream event was read");
        }
        ready = null;
        metrics.recordEvent(event.topic(), Outcome.RECEIVED, transfer(event), event.size());
        return event;
    }

    /** Reads until an event passes the filter, the stream ends, or {@code deadline} (nanoTime; -1: none) passes. */
    private State advance(long deadline) {
        while (true) {
            if (ready != null) {
                return State.READY;
            }
            if (ended || closed.get()) {
                return State.ENDED;
            }
            Event event = pending.poll();
            if (event == null) {
                byte[] message;
                try {
                    message = deadline < 0 ? subscriber.nextMessage()
                            : subscriber.nextMessage(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))
                                    .orElse(null);
                } catch (IllegalStateException e) {
                    if (closed.get()) {
                        return State.ENDED;
                    }
                    throw e;
                }
                if (message == null) {
                    return State.TIMED_OUT;
                }
                pending.addAll(read(message));
                continue;
            }
            if (event.kind() == Kind.END_OF_STREAM) {
                ended = true;
                return State.ENDED;
            }
            if (filter.test(event.metadata())) {
                drop(event);
                continue;
            }
            ready = event;
        }
    }

    private List<Event> read(byte[] message) {
        try {
            return EventFormat.read(message, registry);
        } catch (UntrustedReferenceException | StreamException e) {
            metrics.recordRefused();
            throw e;
        }
    }

    /** A consumer-side filter dropped {@code event}: an object sent with evict=true still leaves its store. */
    private void drop(Event event) {
        metrics.recordEvent(event.topic(), Outcome.DROPPED, transfer(event), event.size());
        Reference reference = event.reference();
        if (reference == null) {
            return;
        }
        StoreFactory<?> factory = reference.factory();
        if (factory.evict() && !factory.readOnly()) {
            try {
                factory.store().evict(factory.key(), EvictionCause.EPHEMERAL);
            } catch (RuntimeException e) {
                throw new StreamException("cannot evict object " + factory.key().id() + " of topic '"
                        + EventFormat.shorten(event.topic()) + "', which the consumer's filter dropped: "
                        + e.getMessage(), e);
            }
        }
    }

    private static Transfer transfer(Event event) {
        return event.kind() == Kind.NEW_OBJECT ? Transfer.VALUE : Transfer.REFERENCE;
    }

    @SuppressWarnings("unchecked")
    private T value(Event event, boolean resolve) {
        Reference reference = event.reference();
        if (reference == null) {
            return (T) inline(event);
        }
        StoreFactory<Object> factory = (StoreFactory<Object>) reference.factory();
        Class<?> type = resolve ? null : proxyType(reference, factory);
        if (type == null) {
            return (T) resolve(event.topic(), factory);
        }
        return (T) Proxies.create((Class<Object>) type, factory);
    }

    /**
     * The class to proxy the object as: the one its signed reference names, loaded here without initializing it, if
     * it can be proxied. Null for a read-only reference (its type is anyone's word) and for classes this process lacks
     * or cannot proxy: the object is then handed out itself.
     */
    private @Nullable Class<?> proxyType(Reference reference, StoreFactory<?> factory) {
        String name = reference.type();
        if (factory.readOnly() || name.isEmpty()) {
            return null;
        }
        Class<?> type;
        try {
            type = Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
        return Proxies.isProxiable(type) ? type : null;
    }

    private static Object resolve(String topic, StoreFactory<Object> factory) {
        String where = " of topic '" + EventFormat.shorten(topic) + "'";
        try {
            return factory.resolve();
        } catch (ProxyResolveMissingKeyException e) {
            throw new ProxyResolveMissingKeyException(e.key(), e.storeName(), "object " + e.key().id() + where
                    + " is missing from store '" + e.storeName() + "': evicted, expired, or taken by another consumer"
                    + " (objects sent with evict=true can be read once)", e);
        } catch (ProxyResolveException e) {
            throw new ProxyResolveException("cannot read object " + factory.key().id() + where + ": "
                    + e.getMessage(), e);
        } catch (SerializationException e) {
            throw new SerializationException("cannot read object " + factory.key().id() + where + ": "
                    + e.getMessage(), e);
        }
    }

    private Object inline(Event event) {
        byte[] data = Objects.requireNonNull(event.data(), "the data of a new-object event");
        String where = "the object of topic '" + EventFormat.shorten(event.topic()) + "' sent inside its event";
        if (data.length > serializer.maxPayloadSize()) {
            throw new SerializationException(where + " has " + data.length + " bytes, more than the maximum payload"
                    + " size of " + serializer.maxPayloadSize() + " bytes");
        }
        try {
            return serializer.deserialize(data);
        } catch (RuntimeException e) {
            throw new SerializationException("cannot deserialize " + where + " with " + serializer.getClass().getName()
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "StreamConsumer[ended=" + ended + ", closed=" + closed.get() + "]";
    }

    /**
     * Builds a {@link StreamConsumer}. Each setting may be set once; a second call fails at once.
     *
     * @param <T> the type of the stream's objects
     */
    public static final class Builder<T> {

        private final MessageSubscriber subscriber;
        private Predicate<Map<String, Object>> filter = metadata -> false;
        private boolean filterSet;
        private Serializer serializer = DefaultSerializer.create();
        private boolean serializerSet;
        private StoreRegistry registry = StoreRegistry.global();
        private boolean registrySet;
        private StreamMetrics metrics = StreamMetrics.disabled();
        private boolean metricsSet;

        private Builder(MessageSubscriber subscriber) {
            this.subscriber = Objects.requireNonNull(subscriber, "subscriber");
        }

        /**
         * Drops every event whose metadata {@code filter} returns true for; the object of a dropped event sent with
         * {@code evict=true} is evicted all the same.
         */
        public Builder<T> filter(Predicate<Map<String, Object>> filter) {
            StreamProducer.Builder.requireUnset(!filterSet, "filter", this.filter);
            this.filter = Objects.requireNonNull(filter, "filter");
            filterSet = true;
            return this;
        }

        /**
         * The serializer that reads objects sent inside events (topics without a store); its allow-list decides which
         * classes may be instantiated. Default {@link DefaultSerializer#create()}, which trusts JDK value types only.
         */
        public Builder<T> serializer(Serializer serializer) {
            StreamProducer.Builder.requireUnset(!serializerSet, "serializer", this.serializer);
            this.serializer = Objects.requireNonNull(serializer, "serializer");
            serializerSet = true;
            return this;
        }

        /**
         * The registry whose stores resolve the events' references and whose trust policy admits the events; default
         * {@link StoreRegistry#global()}.
         */
        public Builder<T> registry(StoreRegistry registry) {
            StreamProducer.Builder.requireUnset(!registrySet, "registry", this.registry);
            this.registry = Objects.requireNonNull(registry, "registry");
            registrySet = true;
            return this;
        }

        /** Records what the consumer receives, drops and refuses; see {@link StreamMetrics#micrometer}. */
        public Builder<T> metrics(StreamMetrics metrics) {
            StreamProducer.Builder.requireUnset(!metricsSet, "metrics recorder", this.metrics);
            this.metrics = Objects.requireNonNull(metrics, "metrics");
            metricsSet = true;
            return this;
        }

        /** The consumer. */
        public StreamConsumer<T> build() {
            return new StreamConsumer<>(this);
        }
    }
}
