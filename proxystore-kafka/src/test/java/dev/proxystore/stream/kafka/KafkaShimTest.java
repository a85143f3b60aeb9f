package dev.proxystore.stream.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proxystore.stream.MessagePublisher;
import dev.proxystore.stream.MessageSubscriber;
import dev.proxystore.stream.StreamException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** {@link KafkaPublisher} and {@link KafkaSubscriber} on a real (embedded, KRaft) Kafka broker. */
class KafkaShimTest {

    static final int PARTITIONS = 3;
    static final int MAX_MESSAGE = 2 * 1024 * 1024;

    static EmbeddedKafkaKraftBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS);
        broker.brokerProperties(Map.of(
                "message.max.bytes", Integer.toString(MAX_MESSAGE),
                "group.initial.rebalance.delay.ms", "0"));
        broker.afterPropertiesSet();
    }

    @AfterAll
    static void stopBroker() {
        broker.destroy();
    }

    final String topicA = "kafka-test-" + UUID.randomUUID() + "-a";
    final String topicB = "kafka-test-" + UUID.randomUUID() + "-b";
    final String group = "group-" + UUID.randomUUID();
    /** The application's clients, which the test closes itself. */
    final List<AutoCloseable> clients = new ArrayList<>();

    KafkaShimTest() {
        broker.addTopics(new NewTopic(topicA, PARTITIONS, (short) 1), new NewTopic(topicB, PARTITIONS, (short) 1));
    }

    @AfterEach
    void closeClients() throws Exception {
        for (AutoCloseable client : clients) {
            client.close();
        }
    }

    @Test
    void aThousandSmallAndTwentyLargeMessagesOnTwoTopicsArriveCompleteAndInOrderPerTopic() {
        try (MessagePublisher publisher = new KafkaPublisher(producer());
                MessageSubscriber subscriber = new KafkaSubscriber(consumer(group, topicA, topicB))) {
            int[] counts = Messages.sendMixed(publisher, List.of(topicA, topicB));

            Messages.receiveInOrder(subscriber, counts);
            assertThat(subscriber.nextMessage(Duration.ofMillis(100))).as("nothing more").isEmpty();
        }
    }

    @Test
    void everyMessageOfATopicGoesToOnePartition() {
        try (MessagePublisher publisher = new KafkaPublisher(producer())) {
            for (int i = 0; i < 30; i++) {
                publisher.sendMessage(topicA, bytes("m" + i));
            }
        }
        Map<TopicPartition, Long> ends = consumer(group).endOffsets(partitions(topicA));
        assertThat(ends.values()).containsExactlyInAnyOrder(0L, 0L, 30L);
    }

    @Test
    void aSubscriberReceivesTheMessagesOfItsTopicsOnly() {
        try (MessagePublisher publisher = new KafkaPublisher(producer());
                MessageSubscriber subscriber = new KafkaSubscriber(consumer(group, topicA))) {
            publisher.sendMessage(topicB, bytes("not mine"));
            publisher.sendMessage(topicA, bytes("mine"));
            publisher.flush();

            assertThat(subscriber.nextMessage(Messages.RECEIVE_TIMEOUT)).map(KafkaShimTest::text).contains("mine");
            assertThat(subscriber.nextMessage(Duration.ofMillis(300))).isEmpty();
        }
    }

    @Test
    void closeWakesAReaderWaitingForAMessage() throws Exception {
        Consumer<byte[], byte[]> consumer = consumer(group, topicA);
        MessageSubscriber subscriber = new KafkaSubscriber(consumer);
        CompletableFuture<Throwable> reader = readInBackground(subscriber);
        Thread.sleep(500);
        assertThat(reader).as("still waiting").isNotDone();

        long start = System.nanoTime();
        subscriber.close();
        Throwable thrown = reader.get(10, TimeUnit.SECONDS);

        assertThat(thrown).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
        assertThat(consumer.poll(Duration.ZERO).count()).as("no wakeup left pending on the consumer").isZero();
    }

    @Test
    void theTimeoutVariantReturnsEmptyOnceTheTimeoutHasPassed() {
        try (MessageSubscriber subscriber = new KafkaSubscriber(consumer(group, topicA))) {
            long start = System.nanoTime();
            Optional<byte[]> none = subscriber.nextMessage(Duration.ofMillis(300));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(none).isEmpty();
            assertThat(took).isBetween(Duration.ofMillis(290), Duration.ofMillis(1_200));
            assertThat(subscriber.nextMessage(Duration.ZERO)).isEmpty();
        }
    }

    @Test
    void anInterruptedWaitIsAStreamExceptionAndTheThreadStaysInterrupted() throws Exception {
        try (MessagePublisher publisher = new KafkaPublisher(producer());
                MessageSubscriber subscriber = new KafkaSubscriber(consumer(group, topicA))) {
            CompletableFuture<Throwable> thrown = new CompletableFuture<>();
            CompletableFuture<Boolean> stillInterrupted = new CompletableFuture<>();
            Thread reader = new Thread(() -> {
                try {
                    subscriber.nextMessage();
                    thrown.complete(new AssertionError("nextMessage returned"));
                } catch (Throwable t) {
                    stillInterrupted.complete(Thread.currentThread().isInterrupted());
                    thrown.complete(t);
                }
            });
            reader.start();
            Thread.sleep(500);
            reader.interrupt();

            assertThat(thrown.get(10, TimeUnit.SECONDS)).isInstanceOf(StreamException.class)
                    .hasMessageContaining("interrupted").hasMessageContaining(topicA);
            assertThat(stillInterrupted.get()).isTrue();

            publisher.sendMessage(topicA, bytes("next"));
            publisher.flush();
            assertThat(subscriber.nextMessage(Messages.RECEIVE_TIMEOUT)).as("still usable")
                    .map(KafkaShimTest::text).contains("next");
        }
    }

    @Test
    void aClosedPublisherOrSubscriberThrowsIllegalStateException() {
        MessagePublisher publisher = new KafkaPublisher(producer());
        MessageSubscriber subscriber = new KafkaSubscriber(consumer(group, topicA));
        publisher.close();
        publisher.close();
        subscriber.close();
        subscriber.close();

        assertThatIllegalStateException().isThrownBy(() -> publisher.sendMessage(topicA, bytes("x")))
                .withMessageContaining("closed").withMessageContaining(topicA);
        assertThatIllegalStateException().isThrownBy(subscriber::nextMessage).withMessageContaining("closed");
        assertThatIllegalStateException().isThrownBy(() -> subscriber.nextMessage(Duration.ofSeconds(1)))
                .withMessageContaining("closed");
    }

    @Test
    void aBrokerThatIsDownIsAStreamExceptionNamingTheBrokerAndTheTopic() {
        String dead = "127.0.0.1:" + deadPort();
        Map<String, Object> settings = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, dead,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 500);
        try (MessagePublisher publisher = new KafkaPublisher(settings)) {
            assertThatThrownBy(() -> publisher.sendMessage(topicA, bytes("x")))
                    .isInstanceOf(StreamException.class)
                    .hasMessageContaining(topicA)
                    .hasMessageContaining(dead);
        }

        Map<String, Object> appSettings = new HashMap<>(settings);
        appSettings.put(ProducerConfig.CLIENT_ID_CONFIG, "orders-producer");
        Producer<byte[], byte[]> producer = track(
                new KafkaProducer<>(appSettings, new ByteArraySerializer(), new ByteArraySerializer()));
        MessagePublisher publisher = new KafkaPublisher(producer);
        assertThatThrownBy(() -> publisher.sendMessage(topicA, bytes("x")))
                .isInstanceOf(StreamException.class)
                .hasMessageContaining(topicA)
                .hasMessageContaining("orders-producer");
    }

    @Test
    void aMessageIsProcessedOnceTheNextIsAskedForAndAConsumerThatDiesGetsItAgain() {
        send(topicA, 5);
        Consumer<byte[], byte[]> dying = consumer(group, topicA);
        MessageSubscriber first = new KafkaSubscriber(dying);
        assertThat(read(first, 3)).containsExactly("m0", "m1", "m2");
        dying.close(); // the process dies: m2 is not processed, and nothing was committed on close

        List<String> again = readAll(new KafkaSubscriber(consumer(group, topicA)));
        assertThat(again).as("at least from the message the dead consumer held").contains("m2")
                .endsWith("m2", "m3", "m4");
        assertThat(List.of("m0", "m1", "m2", "m3", "m4")).endsWith(again.toArray(String[]::new));
    }

    @Test
    void aCleanCloseCommitsEveryMessageHandedOutAndNothingElse() {
        send(topicA, 5);
        Consumer<byte[], byte[]> consumer = consumer(group, topicA);
        try (MessageSubscriber subscriber = new KafkaSubscriber(consumer)) {
            assertThat(read(subscriber, 3)).containsExactly("m0", "m1", "m2");
        }
        assertThat(committed(topicA)).isEqualTo(3L);
        consumer.close(); // the application's, which leaves the group

        try (MessageSubscriber next = new KafkaSubscriber(consumer(group, topicA))) {
            assertThat(readAll(next)).containsExactly("m3", "m4");
        }
        assertThat(committed(topicA)).isEqualTo(5L);
    }

    @Test
    void theApplicationsClientsStayOpenAndTheConsumerResumesAtTheFirstMessageNotHandedOut() throws Exception {
        Producer<byte[], byte[]> producer = producer();
        Consumer<byte[], byte[]> consumer = consumer(group, topicA);
        new KafkaPublisher(producer).close();
        send(topicA, 4);

        MessageSubscriber subscriber = new KafkaSubscriber(consumer);
        assertThat(read(subscriber, 2)).containsExactly("m0", "m1");
        subscriber.close();

        producer.send(new ProducerRecord<>(topicA, topicA.getBytes(StandardCharsets.UTF_8), bytes("m4")))
                .get(30, TimeUnit.SECONDS);
        assertThat(readAll(new KafkaSubscriber(consumer))).containsExactly("m2", "m3", "m4");
    }

    @Test
    void aSubscriberBuiltFromSettingsSubscribesReadsFromTheStartAndClosesItsConsumer() {
        send(topicA, 2);
        Map<String, Object> settings = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG, group);
        try (MessageSubscriber subscriber = new KafkaSubscriber(settings, topicA)) {
            assertThat(readAll(subscriber)).containsExactly("m0", "m1");
        }
        assertThat(committed(topicA)).isEqualTo(2L);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> new KafkaSubscriber(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "x:1"), topicA))
                .withMessageContaining("group.id");
        assertThatIllegalArgumentException().isThrownBy(() -> new KafkaPublisher(Map.of()))
                .withMessageContaining("bootstrap.servers");
        assertThatIllegalArgumentException().isThrownBy(() -> new KafkaSubscriber(consumer(group)))
                .withMessageContaining("not subscribed");
    }

    // --- helpers

    Producer<byte[], byte[]> producer() {
        return track(new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_MESSAGE),
                new ByteArraySerializer(), new ByteArraySerializer()));
    }

    /** A consumer as an application configures one for at-least-once reading, subscribed to {@code topics}. */
    Consumer<byte[], byte[]> consumer(String groupId, String... topics) {
        KafkaConsumer<byte[], byte[]> consumer = track(new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG, groupId,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer()));
        if (topics.length > 0) {
            consumer.subscribe(List.of(topics));
        }
        return consumer;
    }

    private <T extends AutoCloseable> T track(T client) {
        clients.add(client);
        return client;
    }

    private void send(String topic, int count) {
        try (MessagePublisher publisher = new KafkaPublisher(producer())) {
            for (int i = 0; i < count; i++) {
                publisher.sendMessage(topic, bytes("m" + i));
            }
        }
    }

    /** The group's committed offset, summed over the topic's partitions. */
    private long committed(String topic) {
        Map<TopicPartition, OffsetAndMetadata> committed = consumer(group).committed(partitions(topic));
        return committed.values().stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
    }

    private static Set<TopicPartition> partitions(String topic) {
        Set<TopicPartition> partitions = new java.util.HashSet<>();
        for (int i = 0; i < PARTITIONS; i++) {
            partitions.add(new TopicPartition(topic, i));
        }
        return partitions;
    }

    private static List<String> read(MessageSubscriber subscriber, int count) {
        List<String> received = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            received.add(text(subscriber.nextMessage(Messages.RECEIVE_TIMEOUT).orElseThrow()));
        }
        return received;
    }

    private static List<String> readAll(MessageSubscriber subscriber) {
        List<String> received = new ArrayList<>();
        try (subscriber) {
            for (Optional<byte[]> next = subscriber.nextMessage(Duration.ofSeconds(3)); next.isPresent();
                    next = subscriber.nextMessage(Duration.ofMillis(500))) {
                received.add(text(next.get()));
            }
        }
        return received;
    }

    private static CompletableFuture<Throwable> readInBackground(MessageSubscriber subscriber) {
        CompletableFuture<Throwable> result = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                subscriber.nextMessage();
                result.complete(new AssertionError("nextMessage returned"));
            } catch (Throwable t) {
                result.complete(t);
            }
        });
        reader.start();
        return result;
    }

    private static int deadPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
