package dev.proxystore.benchmarks.compare;

import dev.proxystore.benchmarks.model.Blob;
import dev.proxystore.connector.redis.RedisConnector;
import dev.proxystore.proxy.Proxies;
import dev.proxystore.serialize.DefaultSerializer;
import dev.proxystore.store.Store;
import dev.proxystore.stream.MessagePublisher;
import dev.proxystore.stream.MessageSubscriber;
import dev.proxystore.stream.StreamConsumer;
import dev.proxystore.stream.StreamProducer;
import dev.proxystore.stream.kafka.KafkaPublisher;
import dev.proxystore.stream.kafka.KafkaSubscriber;
import dev.proxystore.stream.redis.RedisStreamPublisher;
import dev.proxystore.stream.redis.RedisStreamSubscriber;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The streams section: N events of one payload size go end to end through a broker (one thread sends N, another
 * receives N and has each object in hand), timed from the first send to the last receive, for
 * <ul>
 *   <li>{@value #RAW}: the payload bytes through the broker client itself (the Redis Streams shim with the bytes as
 *       the message; {@code KafkaProducer}/{@code KafkaConsumer} with {@code byte[]});</li>
 *   <li>{@value #BY_VALUE}: a {@link StreamProducer} topic without a store (the object inside the event);</li>
 *   <li>{@value #BY_REFERENCE}: a topic with a Redis store; the consumer reads each object from the store (a
 *       {@code byte[]} cannot be proxied, so {@link StreamConsumer#next()} reads it at once and evicts it).</li>
 * </ul>
 * Trials alternate modes round by round; each trial uses fresh topics and clients, and first sends and receives one
 * untimed event so that connecting and joining the consumer group are not measured. The dispatcher case routes
 * proxies of {@link Blob}s through a stream without resolving them and counts the bytes the broker delivered.
 */
final class StreamComparison {

    static final String RAW = "raw";
    static final String BY_VALUE = "by-value";
    static final String BY_REFERENCE = "by-reference";
    static final List<String> MODES = List.of(RAW, BY_VALUE, BY_REFERENCE);
    static final String REDIS = "redis-streams";
    static final String KAFKA = "kafka";
    static final String DISPATCH = "stream.dispatch";
    static final int MAX_MESSAGE = 4 * CompareRunner.MIB;
    private static final Duration RECEIVE_TIMEOUT = Duration.ofSeconds(60);

    private StreamComparison() {
    }

    /** How many events of a size, and how many alternating rounds. */
    record Plan(int events, int rounds) {
    }

    static Plan plan(int size, boolean quick) {
        if (size <= 64 * CompareRunner.KIB) {
            return quick ? new Plan(1_000, 3) : new Plan(5_000, 5);
        }
        return quick ? new Plan(30, 3) : new Plan(100, 5);
    }

    /** A broker under test: fresh clients on a fresh topic for each trial. */
    interface Broker {

        String name();

        /** Creates {@code topic} if the broker needs topics created. */
        void createTopic(String topic);

        MessagePublisher publisher();

        MessageSubscriber subscriber(String topic);

        /** The raw client pair for {@code topic}. */
        Channel raw(String topic);
    }

    /** One trial's sending and receiving ends. */
    interface Channel {

        void send(int index);

        /** Waits until what was sent is with the broker. */
        void flush();

        /** The next payload's length in bytes, waiting for it. */
        int receive();

        void close();
    }

    /** The Redis Streams shim on Lettuce connection factories. */
    static final class RedisBroker implements Broker {

        private final RedisConnectionFactory factory;
        private final byte[] payload;

        RedisBroker(RedisConnectionFactory factory, byte[] payload) {
            this.factory = factory;
            this.payload = payload;
        }

        @Override
        public String name() {
            return REDIS;
        }

        @Override
        public void createTopic(String topic) {
            // streams are created by the first XADD
        }

        @Override
        public MessagePublisher publisher() {
            return new RedisStreamPublisher(factory);
        }

        @Override
        public MessageSubscriber subscriber(String topic) {
            return new RedisStreamSubscriber(factory, "bench", "bench-1", topic);
        }

        @Override
        public Channel raw(String topic) {
            MessagePublisher publisher = publisher();
            MessageSubscriber subscriber = subscriber(topic);
            byte[] bytes = payload;
            return new Channel() {
                @Override
                public void send(int index) {
                    publisher.sendMessage(topic, bytes);
                }

                @Override
                public void flush() {
                    publisher.flush();
                }

                @Override
                public int receive() {
                    return subscriber.nextMessage().length;
                }

                @Override
                public void close() {
                    publisher.close();
                    subscriber.close();
                }
            };
        }
    }

    /** An embedded single-node KRaft broker; large messages allowed on both sides. */
    static final class KafkaBroker implements Broker {

        private final EmbeddedKafkaKraftBroker broker;
        private final byte[] payload;

        KafkaBroker(EmbeddedKafkaKraftBroker broker, byte[] payload) {
            this.broker = broker;
            this.payload = payload;
        }

        static EmbeddedKafkaKraftBroker start() {
            EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
            broker.brokerProperties(Map.of(
                    "message.max.bytes", Integer.toString(MAX_MESSAGE),
                    "replica.fetch.max.bytes", Integer.toString(MAX_MESSAGE),
                    "group.initial.rebalance.delay.ms", "0"));
            broker.afterPropertiesSet();
            return broker;
        }

        @Override
        public String name() {
            return KAFKA;
        }

        @Override
        public void createTopic(String topic) {
            broker.addTopics(new NewTopic(topic, 1, (short) 1));
        }

        Map<String, Object> producerSettings() {
            return Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                    ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_MESSAGE);
        }

        Map<String, Object> consumerSettings() {
            return Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                    ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID(),
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, MAX_MESSAGE);
        }

        @Override
        public MessagePublisher publisher() {
            return new KafkaPublisher(producerSettings());
        }

        @Override
        public MessageSubscriber subscriber(String topic) {
            return new KafkaSubscriber(consumerSettings(), topic);
        }

        @Override
        public Channel raw(String topic) {
            KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerSettings(), new ByteArraySerializer(),
                    new ByteArraySerializer());
            KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerSettings(),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            consumer.subscribe(List.of(topic));
            byte[] key = topic.getBytes(StandardCharsets.UTF_8);
            byte[] bytes = payload;
            ArrayDeque<ConsumerRecord<byte[], byte[]>> fetched = new ArrayDeque<>();
            return new Channel() {
                @Override
                public void send(int index) {
                    producer.send(new ProducerRecord<>(topic, key, bytes));
                }

                @Override
                public void flush() {
                    producer.flush();
                }

                @Override
                public int receive() {
                    long deadline = System.nanoTime() + RECEIVE_TIMEOUT.toNanos();
                    while (fetched.isEmpty()) {
                        if (System.nanoTime() > deadline) {
                            throw new IllegalStateException("no record on Kafka topic " + topic + " within "
                                    + RECEIVE_TIMEOUT);
                        }
                        consumer.poll(Duration.ofMillis(100)).forEach(fetched::add);
                    }
                    return fetched.poll().value().length;
                }

                @Override
                public void close() {
                    producer.close();
                    consumer.close();
                }
            };
        }
    }

    /** A stream producer and consumer of {@code byte[]} over a broker's shims; with a store for by-reference. */
    static Channel stream(Broker broker, String topic, byte[] payload, Optional<Store> store) {
        MessagePublisher publisher = broker.publisher();
        StreamProducer.Builder<byte[]> builder = StreamProducer.builder(publisher);
        store.ifPresent(s -> builder.store(topic, s));
        StreamProducer<byte[]> producer = builder.build();
        StreamConsumer<byte[]> consumer = StreamConsumer.<byte[]>builder(broker.subscriber(topic)).build();
        return new Channel() {
            @Override
            public void send(int index) {
                producer.send(topic, payload);
            }

            @Override
            public void flush() {
                producer.flush();
            }

            @Override
            public int receive() {
                return consumer.next().length;
            }

            @Override
            public void close() {
                producer.close();
                consumer.close();
            }
        };
    }

    /**
     * Every mode over {@code broker} at one payload size, rounds alternating modes; one row per mode with the
     * median trial's events/s and MB/s and their ratio to raw.
     */
    static List<Measurement> measure(Broker broker, byte[] payload, Plan plan, Store store, ExecutorService receiver)
            throws Exception {
        long[][] nanos = new long[MODES.size()][plan.rounds()];
        for (int round = 0; round < plan.rounds(); round++) {
            for (int m = 0; m < MODES.size(); m++) {
                String mode = MODES.get(m);
                String topic = "bench-" + broker.name() + "-" + mode + "-" + UUID.randomUUID();
                broker.createTopic(topic);
                Channel channel = switch (mode) {
                    case RAW -> broker.raw(topic);
                    case BY_VALUE -> stream(broker, topic, payload, Optional.empty());
                    default -> stream(broker, topic, payload, Optional.of(store));
                };
                try {
                    nanos[m][round] = trial(channel, plan.events(), payload.length, receiver);
                } finally {
                    channel.close();
                }
            }
        }
        List<Measurement> rows = new ArrayList<>();
        double rawEventsPerS = 0;
        for (int m = 0; m < MODES.size(); m++) {
            long[] sorted = nanos[m].clone();
            Arrays.sort(sorted);
            long median = (long) Measurement.percentile(sorted, 50);
            double eventsPerS = plan.events() / (median / 1e9);
            if (m == 0) {
                rawEventsPerS = eventsPerS;
            }
            double perEventUs = median / 1e3 / plan.events();
            rows.add(new Measurement("stream." + broker.name(), Payload.BYTES, payload.length, MODES.get(m), 1,
                    plan.rounds(), perEventUs, Double.NaN, eventsPerS, Map.of(
                            "events", plan.events(),
                            "mb_per_s", LocalCosts.round3(eventsPerS * payload.length / 1e6),
                            "ratio_to_raw", LocalCosts.round3(eventsPerS / rawEventsPerS),
                            "best_events_per_s", Math.round(plan.events() / (sorted[0] / 1e9)))));
        }
        return rows;
    }

    /** One untimed event, then N timed: the nanoseconds from the first send to the Nth receive. */
    private static long trial(Channel channel, int events, int size, ExecutorService receiver) throws Exception {
        channel.send(-1);
        channel.flush();
        check(channel.receive(), size);
        Future<Long> received = receiver.submit(() -> {
            for (int i = 0; i < events; i++) {
                check(channel.receive(), size);
            }
            return System.nanoTime();
        });
        long start = System.nanoTime();
        for (int i = 0; i < events; i++) {
            channel.send(i);
        }
        channel.flush();
        return received.get(RECEIVE_TIMEOUT.toSeconds(), TimeUnit.SECONDS) - start;
    }

    private static void check(int length, int size) {
        if (length != size) {
            throw new IllegalStateException("received " + length + " bytes where " + size + " were sent");
        }
    }

    /** Counts the messages and bytes the dispatcher's subscriber takes from the broker. */
    static final class CountingSubscriber implements MessageSubscriber {

        private final MessageSubscriber delegate;
        final AtomicLong bytes = new AtomicLong();

        CountingSubscriber(MessageSubscriber delegate) {
            this.delegate = delegate;
        }

        @Override
        public byte[] nextMessage() {
            byte[] message = delegate.nextMessage();
            bytes.addAndGet(message.length);
            return message;
        }

        @Override
        public Optional<byte[]> nextMessage(Duration timeout) {
            Optional<byte[]> message = delegate.nextMessage(timeout);
            message.ifPresent(m -> bytes.addAndGet(m.length));
            return message;
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    /**
     * The dispatcher: {@code events} proxies of a {@link Blob} of {@code size} bytes through a stream with a Redis
     * store, taken with {@link StreamConsumer#next()} and not resolved. One row: events/s, the bytes the dispatcher
     * read from the broker, and the serialized payload bytes that stayed in the store. The proxies are resolved (and
     * so evicted) after the clock stops, to check them and to leave the store empty.
     */
    static Measurement dispatch(Broker broker, int size, int events, Store store, ExecutorService receiver)
            throws Exception {
        Blob blob = Blob.random(size);
        long serialized = store.serializer().serialize(blob).length;
        String topic = "bench-dispatch-" + broker.name() + "-" + UUID.randomUUID();
        broker.createTopic(topic);
        StreamProducer<Blob> producer = StreamProducer.<Blob>builder(broker.publisher()).store(topic, store).build();
        CountingSubscriber counting = new CountingSubscriber(broker.subscriber(topic));
        StreamConsumer<Blob> consumer = StreamConsumer.<Blob>builder(counting).build();
        List<Blob> proxies = new ArrayList<>(events);
        long nanos;
        try {
            producer.send(topic, blob);
            producer.flush();
            Blob first = consumer.next();
            Proxies.resolve(first);
            counting.bytes.set(0);
            Future<Long> received = receiver.submit(() -> {
                for (int i = 0; i < events; i++) {
                    Blob proxy = consumer.next();
                    if (!Proxies.isProxy(proxy) || Proxies.isResolved(proxy)) {
                        throw new IllegalStateException("the dispatcher got a resolved object, not a proxy");
                    }
                    proxies.add(proxy);
                }
                return System.nanoTime();
            });
            long start = System.nanoTime();
            for (int i = 0; i < events; i++) {
                producer.send(topic, blob);
            }
            producer.flush();
            nanos = received.get(RECEIVE_TIMEOUT.toSeconds(), TimeUnit.SECONDS) - start;
        } finally {
            producer.close();
            consumer.close();
        }
        for (Blob proxy : proxies) {
            check(proxy.length(), size);
        }
        double eventsPerS = events / (nanos / 1e9);
        long moved = counting.bytes.get();
        long notMoved = serialized * events;
        return new Measurement(DISPATCH, "Blob", size, broker.name(), 1, 1, nanos / 1e3 / events, Double.NaN,
                eventsPerS, Map.of(
                        "events", events,
                        "dispatcher_bytes", moved,
                        "dispatcher_bytes_per_event", moved / events,
                        "payload_bytes_not_moved", notMoved,
                        "not_moved_over_moved", LocalCosts.round3((double) notMoved / moved)));
    }

    /**
     * The Redis store of the by-reference and dispatcher cases, on the connector's own connections (what a Spring
     * store on a standalone server uses by default); the model package is trusted for {@link Blob}.
     */
    static Store store(String host, int port) {
        RedisConnector connector = RedisConnector.builder("bench:stream:").host(host).port(port)
                .timeout(RedisSystems.TIMEOUT).build();
        return Store.builder("bench-stream", connector)
                .serializer(DefaultSerializer.create().allowPackages("dev.proxystore.benchmarks.model"))
                .cacheSize(0)
                .build();
    }

    static ExecutorService receiverThread() {
        return Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "stream-bench-receiver");
            thread.setDaemon(true);
            return thread;
        });
    }
}
