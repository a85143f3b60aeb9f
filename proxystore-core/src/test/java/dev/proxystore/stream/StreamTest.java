package dev.proxystore.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proxystore.connector.FileConnector;
import dev.proxystore.connector.LocalConnector;
import dev.proxystore.lifetime.ContextLifetime;
import dev.proxystore.lifetime.LeaseLifetime;
import dev.proxystore.proxy.Proxies;
import dev.proxystore.proxy.ProxyResolveMissingKeyException;
import dev.proxystore.serialize.DefaultSerializer;
import dev.proxystore.store.Key;
import dev.proxystore.store.Store;
import dev.proxystore.store.StoreFactory;
import dev.proxystore.stream.testmodel.Point;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Producers and consumers over the in-process queue shim, with a memory store, a file store, or none. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StreamTest {

    static final String TOPIC = "default";

    /** Where a topic's objects go. */
    enum Storage { LOCAL, FILE, NONE }

    @TempDir
    Path directory;

    final BlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
    final QueuePublisher publisher = new QueuePublisher(Map.of(TOPIC, queue));
    final QueueSubscriber subscriber = new QueueSubscriber(queue);
    final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        Collections.reverse(toClose);
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
    }

    Store store(Storage storage) {
        Store store = switch (storage) {
            case LOCAL -> new Store("stream-local", new LocalConnector());
            case FILE -> new Store("stream-files", new FileConnector(directory));
            case NONE -> throw new IllegalArgumentException("no store");
        };
        toClose.add(store);
        return store;
    }

    <T> StreamProducer.Builder<T> producerOn(Storage storage) {
        StreamProducer.Builder<T> builder = StreamProducer.builder(publisher);
        return storage == Storage.NONE ? builder : builder.store(TOPIC, store(storage));
    }

    <T> StreamProducer<T> open(StreamProducer.Builder<T> builder) {
        StreamProducer<T> producer = builder.build();
        toClose.add(producer);
        return producer;
    }

    <T> StreamConsumer<T> consumer() {
        StreamConsumer<T> consumer = StreamConsumer.<T>builder(subscriber).build();
        toClose.add(consumer);
        return consumer;
    }

    static ArrayList<Integer> list(int... values) {
        return new ArrayList<>(IntStream.of(values).boxed().toList());
    }

    @ParameterizedTest
    @EnumSource(Storage.class)
    void objectsArriveInTheOrderSentAsProxiesWhereTheTopicHasAStore(Storage storage) {
        StreamProducer<ArrayList<Integer>> producer = open(producerOn(storage));
        StreamConsumer<ArrayList<Integer>> consumer = consumer();
        List<ArrayList<Integer>> sent = IntStream.range(0, 10).mapToObj(i -> list(i, i * i)).toList();

        sent.forEach(obj -> producer.send(TOPIC, obj));
        producer.closeTopics(TOPIC);
        List<ArrayList<Integer>> received = new ArrayList<>();
        consumer.forEach(received::add);

        assertThat(received).containsExactlyElementsOf(sent);
        assertThat(received).allSatisfy(item -> assertThat(Proxies.isProxy(item)).isEqualTo(storage != Storage.NONE));
    }

    @ParameterizedTest
    @EnumSource(value = Storage.class, names = {"LOCAL", "FILE"})
    void aStreamProxyIsLazyAndStoreBacked(Storage storage) {
        Store store = store(storage);
        StreamProducer<ArrayList<Integer>> producer = open(StreamProducer.<ArrayList<Integer>>builder(publisher)
                .store(TOPIC, store));
        StreamConsumer<ArrayList<Integer>> consumer = consumer();

        producer.send(TOPIC, list(1, 2, 3), false, Map.of());
        ArrayList<Integer> proxy = consumer.next();

        assertThat(Proxies.isResolved(proxy)).isFalse();
        StoreFactory<?> factory = StoreFactory.of(proxy);
        assertThat(factory.config().name()).isEqualTo(store.name());
        assertThat(factory.evict()).isFalse();
        assertThat(proxy).containsExactly(1, 2, 3);
        assertThat(store.exists(factory.key())).isTrue();
    }

    @Test
    void aThousandEventsFromAProducerThreadReachAConsumerThreadInOrder() throws Exception {
        StreamProducer<Integer> producer = open(StreamProducer.<Integer>builder(publisher).batchSize(7));
        StreamConsumer<Integer> consumer = consumer();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            CompletableFuture<List<Integer>> consumed = CompletableFuture.supplyAsync(() -> {
                List<Integer> received = new ArrayList<>();
                consumer.forEach(received::add);
                return received;
            }, threads);
            CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 1_000; i++) {
                    producer.send(TOPIC, i);
                }
                producer.closeTopics(TOPIC);
            }, threads).get(30, TimeUnit.SECONDS);

            assertThat(consumed.get(30, TimeUnit.SECONDS)).containsExactlyElementsOf(
                    IntStream.range(0, 1_000).boxed().toList());
        } finally {
            threads.shutdownNow();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void aBatchIsOneBrokerMessageAndOneStoreWrite(int batchSize) {
        StreamProducer<ArrayList<Integer>> producer = open(this.<ArrayList<Integer>>producerOn(Storage.FILE).batchSize(batchSize));

        for (int i = 0; i < 7; i++) {
            producer.send(TOPIC, list(i));
        }
        int full = 7 / batchSize;
        assertThat(queue).hasSize(full);
        producer.flush();

        assertThat(queue).hasSize(full + (7 % batchSize == 0 ? 0 : 1));
        List<Integer> perMessage = queue.stream().map(StreamTest::eventCount).toList();
        assertThat(perMessage.stream().mapToInt(Integer::intValue).sum()).isEqualTo(7);
        assertThat(perMessage.get(0)).isEqualTo(batchSize);
        try (var files = Files.list(directory)) {
            assertThat(files.count()).isEqualTo(7);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void anAggregatorMergesEachBatchAndTheUnionOfItsMetadata(int batchSize) {
        StreamProducer<Integer> producer = open(StreamProducer.<Integer>builder(publisher)
                .store(TOPIC, store(Storage.LOCAL))
                .batchSize(batchSize)
                .aggregator(values -> values.stream().mapToInt(Integer::intValue).sum()));
        StreamConsumer<Integer> consumer = consumer();

        for (int i = 0; i < 10; i++) {
            producer.send(TOPIC, 1, true, Map.of("first", i - i % batchSize, "last", i));
        }
        producer.closeTopics(TOPIC);
        List<StreamItem<Integer>> items = new ArrayList<>();
        while (consumer.hasNext()) {
            items.add(consumer.nextObjectWithMetadata());
        }

        assertThat(items).hasSize((10 + batchSize - 1) / batchSize);
        assertThat(items.stream().mapToInt(StreamItem::object).sum()).isEqualTo(10);
        StreamItem<Integer> firstBatch = items.get(0);
        assertThat(firstBatch.metadata()).containsEntry("first", 0).containsEntry("last", batchSize - 1);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aFilterOnEitherSideDropsObjectsAndEveryDroppedObjectIsStillEvicted(boolean producerSide) {
        Store store = store(Storage.FILE);
        StreamProducer.Builder<Integer> producerBuilder = StreamProducer.<Integer>builder(publisher)
                .store(TOPIC, store);
        StreamConsumer.Builder<Integer> consumerBuilder = StreamConsumer.builder(subscriber);
        if (producerSide) {
            producerBuilder.filter(metadata -> (Integer) metadata.get("index") % 2 != 0);
        } else {
            consumerBuilder.filter(metadata -> (Integer) metadata.get("index") % 2 != 0);
        }
        StreamProducer<Integer> producer = open(producerBuilder);
        StreamConsumer<Integer> consumer = consumerBuilder.build();
        toClose.add(consumer);

        for (int i = 0; i < 10; i++) {
            producer.send(TOPIC, i, true, Map.of("index", i));
        }
        List<Key<?>> keys = queue.stream().flatMap(message -> keysIn(message).stream()).toList();
        producer.closeTopics(TOPIC);
        List<Integer> received = new ArrayList<>();
        while (consumer.hasNext()) {
            received.add(consumer.nextObject());
        }

        assertThat(received).containsExactly(0, 2, 4, 6, 8);
        assertThat(keys).hasSize(producerSide ? 5 : 10).noneMatch(store::exists);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void nextObjectEvictsExactlyTheObjectsSentWithEvict(boolean evict) {
        Store store = store(Storage.FILE);
        StreamProducer<String> producer = open(StreamProducer.<String>builder(publisher).store(TOPIC, store));
        StreamConsumer<String> consumer = consumer();

        producer.send(TOPIC, "value", evict, Map.of());
        Key<?> key = keysIn(queue.element()).get(0);
        assertThat(store.exists(key)).isTrue();

        assertThat(consumer.nextObject()).isEqualTo("value");
        assertThat(store.exists(key)).isEqualTo(!evict);
    }

    @Test
    void aProxyOfAnObjectSentWithEvictResolvesOnce() {
        Store store = store(Storage.LOCAL);
        StreamProducer<ArrayList<Integer>> producer = open(StreamProducer.<ArrayList<Integer>>builder(publisher)
                .store(TOPIC, store));
        StreamConsumer<ArrayList<Integer>> consumer = consumer();

        producer.send(TOPIC, list(7));
        ArrayList<Integer> proxy = consumer.next();
        StoreFactory<?> factory = StoreFactory.of(proxy);

        assertThat(proxy).containsExactly(7);
        assertThat(store.exists(factory.key())).isFalse();
        assertThatThrownBy(factory::resolve).isInstanceOf(ProxyResolveMissingKeyException.class);
    }

    @Test
    void aMissingObjectIsReportedWithItsTopic() {
        Store store = store(Storage.LOCAL);
        StreamProducer<String> producer = open(StreamProducer.<String>builder(publisher).store(TOPIC, store));
        StreamConsumer<String> consumer = consumer();

        producer.send(TOPIC, "value");
        store.evict(keysIn(queue.element()).get(0));

        assertThatThrownBy(consumer::nextObject).isInstanceOf(ProxyResolveMissingKeyException.class)
                .hasMessageContaining("of topic 'default'").hasMessageContaining("stream-local");
    }

    @Test
    void endOfStreamEndsTheIterationForGoodUntilANewIterationStarts() {
        BlockingQueue<byte[]> shared = new LinkedBlockingQueue<>();
        StreamProducer<String> producer = open(StreamProducer.<String>builder(
                new QueuePublisher(Map.of("a", shared, "b", shared))));
        StreamConsumer<String> consumer = StreamConsumer.<String>builder(new QueueSubscriber(shared)).build();
        toClose.add(consumer);

        producer.send("a", "a1");
        producer.send("b", "b1");
        producer.closeTopics("a");
        producer.send("b", "b2");
        producer.closeTopics("b");

        List<String> first = new ArrayList<>();
        consumer.forEach(first::add);
        assertThat(first).containsExactly("a1", "b1");
        assertThat(consumer.hasNext()).isFalse();
        assertThat(consumer.hasNext()).isFalse();
        assertThatThrownBy(consumer::next).isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("end-of-stream");

        List<String> second = new ArrayList<>();
        consumer.forEach(second::add);
        assertThat(second).containsExactly("b2");
    }

    @Test
    void aClosedTopicRefusesObjectsAndClosingItAgainDoesNothing() {
        StreamProducer<String> producer = open(producerOn(Storage.LOCAL));

        producer.closeTopics(TOPIC);
        producer.closeTopics(TOPIC);

        assertThat(queue).hasSize(1);
        assertThatIllegalStateException().isThrownBy(() -> producer.send(TOPIC, "late"))
                .withMessageContaining("topic 'default' is closed");
    }

    @Test
    void closeTopicsSendsTheBufferedObjectsAndTheEndOfStreamInOneMessage() {
        StreamProducer<String> producer = open(this.<String>producerOn(Storage.LOCAL).batchSize(10));
        StreamConsumer<String> consumer = consumer();

        producer.send(TOPIC, "x");
        producer.send(TOPIC, "y");
        producer.closeTopics(TOPIC);

        assertThat(queue).hasSize(1);
        List<String> received = new ArrayList<>();
        consumer.forEach(received::add);
        assertThat(received).containsExactly("x", "y");
    }

    @Test
    void closeFlushesTheBatchesButSendsNoEndOfStream() {
        StreamProducer<String> producer = this.<String>producerOn(Storage.LOCAL).batchSize(10).build();
        StreamConsumer<String> consumer = consumer();

        producer.send(TOPIC, "x");
        producer.send(TOPIC, "y");
        producer.close();
        producer.close();

        assertThat(consumer.next()).isEqualTo("x");
        assertThat(consumer.next()).isEqualTo("y");
        assertThat(consumer.next(Duration.ofMillis(200))).isEmpty();
        assertThatIllegalStateException().isThrownBy(() -> producer.send(TOPIC, "z"))
                .withMessageContaining("producer is closed");
        assertThatIllegalStateException().isThrownBy(() -> publisher.sendMessage(TOPIC, new byte[1]));
    }

    @ParameterizedTest
    @EnumSource(value = Storage.class, names = {"LOCAL", "NONE"})
    void metadataTravelsWithEachObjectAsJsonValues(Storage storage) {
        StreamProducer<Integer> producer = open(producerOn(storage));
        StreamConsumer<Integer> consumer = consumer();
        Map<String, Object> metadata = new java.util.LinkedHashMap<>();
        metadata.put("value", 3);
        metadata.put("big", 1L << 40);
        metadata.put("ratio", 0.5);
        metadata.put("name", "third");
        metadata.put("flags", List.of(true, false));
        metadata.put("nested", Map.of("unit", "m"));
        metadata.put("none", null);

        producer.send(TOPIC, 3, true, metadata);
        producer.send(TOPIC, 4);
        StreamItem<Integer> third = consumer.nextWithMetadata();
        StreamItem<Integer> fourth = consumer.nextObjectWithMetadata();

        assertThat(third.object()).isEqualTo(3);
        assertThat(third.metadata()).isEqualTo(metadata);
        assertThat(fourth.metadata()).isEmpty();
        assertThatThrownBy(() -> third.metadata().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void metadataThatIsNotJsonIsRefusedWhenSent() {
        StreamProducer<Integer> producer = open(producerOn(Storage.NONE));

        assertThatIllegalArgumentException()
                .isThrownBy(() -> producer.send(TOPIC, 1, true, Map.of("at", Map.of("when", Duration.ZERO))))
                .withMessageContaining("metadata.at.when is a java.time.Duration");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> producer.send(TOPIC, 1, true, Map.of("x", Double.NaN)))
                .withMessageContaining("metadata.x is NaN");
        assertThat(queue).isEmpty();
    }

    @Test
    void objectsOfATopicWithoutAStoreTravelInsideTheEventAndComeOutAsThemselves() {
        StreamProducer<ArrayList<Integer>> producer = open(producerOn(Storage.NONE));
        StreamConsumer<ArrayList<Integer>> consumer = consumer();

        producer.send(TOPIC, list(1, 2));
        producer.send(TOPIC, list(3));

        assertThat(new String(queue.element(), StandardCharsets.UTF_8)).contains("\"type\":\"new-object\"")
                .doesNotContain("\"reference\"");
        ArrayList<Integer> first = consumer.next();
        ArrayList<Integer> second = consumer.nextObject();
        assertThat(Proxies.isProxy(first)).isFalse();
        assertThat(Proxies.isProxy(second)).isFalse();
        assertThat(first).containsExactly(1, 2);
        assertThat(second).containsExactly(3);
    }

    @Test
    void objectsThatCannotBeProxiedComeOutAsThemselvesAndLeaveTheStoreWhenSentWithEvict() {
        Store store = store(Storage.LOCAL);
        StreamProducer<Object> producer = open(StreamProducer.builder(publisher).store(TOPIC, store));
        StreamConsumer<Object> consumer = consumer();

        producer.send(TOPIC, "text");
        producer.send(TOPIC, new int[] {1, 2});
        producer.send(TOPIC, 42L, false, Map.of());
        List<Key<?>> keys = queue.stream().flatMap(message -> keysIn(message).stream()).toList();

        Object text = consumer.next();
        Object array = consumer.next();
        Object number = consumer.next();

        assertThat(text).isEqualTo("text");
        assertThat(array).isEqualTo(new int[] {1, 2});
        assertThat(number).isEqualTo(42L);
        assertThat(keys.stream().map(store::exists)).containsExactly(false, false, true);
    }

    @Test
    void aRecordComesOutAsItself() {
        Store store = Store.builder("stream-records", new LocalConnector())
                .serializer(DefaultSerializer.create().allowPackages("dev.proxystore.stream.testmodel"))
                .build();
        toClose.add(store);
        StreamProducer<Object> producer = open(StreamProducer.builder(publisher).store(TOPIC, store));
        StreamConsumer<Object> consumer = consumer();

        producer.send(TOPIC, new Point(1, 2));

        assertThat(consumer.next()).isEqualTo(new Point(1, 2));
    }

    @Test
    void eachTopicUsesItsOwnStoreOrTheDefault() {
        BlockingQueue<byte[]> shared = new LinkedBlockingQueue<>();
        Store special = store(Storage.LOCAL);
        Store files = store(Storage.FILE);
        StreamProducer<ArrayList<Integer>> producer = open(StreamProducer.<ArrayList<Integer>>builder(
                        new QueuePublisher(Map.of("special", shared, "other", shared)))
                .store("special", special)
                .defaultStore(files));
        StreamConsumer<ArrayList<Integer>> consumer = StreamConsumer.<ArrayList<Integer>>builder(
                new QueueSubscriber(shared)).build();
        toClose.add(consumer);

        producer.send("special", list(1));
        producer.send("other", list(2));

        assertThat(StoreFactory.of(consumer.next()).config().name()).isEqualTo(special.name());
        assertThat(StoreFactory.of(consumer.next()).config().name()).isEqualTo(files.name());
    }

    @Test
    void objectsNoConsumerTookLeaveWithTheProducersLifetime() {
        Store store = store(Storage.FILE);
        ContextLifetime lifetime = new ContextLifetime(store);
        StreamProducer<String> producer = open(StreamProducer.<String>builder(publisher)
                .store(TOPIC, store)
                .lifetime(lifetime));

        producer.send(TOPIC, "never consumed");
        producer.send(TOPIC, "kept", false, Map.of());
        List<Key<?>> keys = queue.stream().flatMap(message -> keysIn(message).stream()).toList();
        assertThat(keys).allMatch(store::exists);

        lifetime.close();

        assertThat(keys).noneMatch(store::exists);
    }

    @Test
    void aLeaseEvictsTheObjectsNoConsumerTookWhenItEnds() throws Exception {
        Store store = store(Storage.LOCAL);
        LeaseLifetime lease = new LeaseLifetime(store, Duration.ofMillis(300));
        toClose.add(lease);
        StreamProducer<String> producer = open(StreamProducer.<String>builder(publisher)
                .store(TOPIC, store)
                .lifetime(lease));
        StreamConsumer<String> consumer = consumer();

        producer.send(TOPIC, "consumed");
        producer.send(TOPIC, "forgotten");
        List<Key<?>> keys = queue.stream().flatMap(message -> keysIn(message).stream()).toList();
        assertThat(consumer.nextObject()).isEqualTo("consumed");
        assertThat(keys.stream().map(store::exists)).containsExactly(false, true);

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!lease.done() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(lease.done()).isTrue();
        assertThat(keys).noneMatch(store::exists);
    }

    @Test
    void concurrentProducersLoseNothingAndKeepEachThreadsOrder() throws Exception {
        StreamProducer<String> producer = open(this.<String>producerOn(Storage.LOCAL).batchSize(4));
        StreamConsumer<String> consumer = consumer();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<Void>> sends = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                String thread = "t" + t;
                sends.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 250; i++) {
                        producer.send(TOPIC, thread + ":" + i);
                    }
                }, threads));
            }
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            producer.closeTopics(TOPIC);
        } finally {
            threads.shutdownNow();
        }
        List<String> received = new ArrayList<>();
        consumer.forEach(received::add);

        assertThat(received).hasSize(1_000).doesNotHaveDuplicates();
        for (int t = 0; t < 4; t++) {
            String prefix = "t" + t + ":";
            assertThat(received.stream().filter(s -> s.startsWith(prefix)).toList())
                    .containsExactlyElementsOf(IntStream.range(0, 250).mapToObj(i -> prefix + i).toList());
        }
    }

    @Test
    void nextWithATimeoutWaitsAtMostThatLongAndStillEndsAtEndOfStream() {
        StreamProducer<String> producer = open(producerOn(Storage.NONE));
        StreamConsumer<String> consumer = consumer();

        long start = System.nanoTime();
        assertThat(consumer.next(Duration.ofMillis(150))).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(140),
                Duration.ofSeconds(5));

        producer.send(TOPIC, "now");
        assertThat(consumer.next(Duration.ofSeconds(5))).contains("now");
        producer.closeTopics(TOPIC);
        assertThatThrownBy(() -> consumer.next(Duration.ofSeconds(5))).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void closingAConsumerWhileAnotherThreadWaitsEndsThatThreadsIteration() throws Exception {
        StreamConsumer<String> consumer = consumer();
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(consumer::hasNext, thread);
            Thread.sleep(100);
            assertThat(waiting).isNotDone();

            consumer.close();

            assertThat(waiting.get(5, TimeUnit.SECONDS)).isFalse();
            assertThatThrownBy(consumer::next).isInstanceOf(NoSuchElementException.class)
                    .hasMessageContaining("closed");
            consumer.close();
        } finally {
            thread.shutdownNow();
        }
    }

    @Test
    void aFailedPublishTakesTheWrittenObjectsBackOutOfTheStore() {
        Store store = store(Storage.LOCAL);
        List<Key<?>> written = new ArrayList<>();
        MessagePublisher failing = new MessagePublisher() {
            @Override
            public void sendMessage(String topic, byte[] message) {
                written.addAll(keysIn(message));
                throw new StreamException("broker down");
            }

            @Override
            public void close() {
            }
        };
        StreamProducer<String> producer = open(StreamProducer.<String>builder(failing).store(TOPIC, store));

        assertThatThrownBy(() -> producer.send(TOPIC, "lost")).isInstanceOf(StreamException.class)
                .hasMessage("broker down");
        assertThat(written).hasSize(1).noneMatch(store::exists);
    }

    @Test
    void buildersRejectASettingTwiceAndInvalidValuesAtOnce() {
        StreamProducer.Builder<Integer> producer = StreamProducer.<Integer>builder(publisher).batchSize(3);
        Store store = store(Storage.LOCAL);

        assertThatIllegalStateException().isThrownBy(() -> producer.batchSize(4))
                .withMessage("batch size was already set to 3");
        assertThatIllegalArgumentException().isThrownBy(() -> StreamProducer.builder(publisher).batchSize(0))
                .withMessage("batch size must be at least 1, was 0");
        producer.store("a", store).defaultStore(store);
        assertThatIllegalStateException().isThrownBy(() -> producer.store("a", store))
                .withMessage("store of topic 'a' was already set to stream-local");
        assertThatIllegalStateException().isThrownBy(() -> producer.defaultStore(store))
                .withMessageStartingWith("default store was already set");
        producer.aggregator(values -> values.get(0)).filter(metadata -> false);
        assertThatIllegalStateException().isThrownBy(() -> producer.aggregator(values -> values.get(0)))
                .withMessageStartingWith("aggregator was already set");
        assertThatIllegalStateException().isThrownBy(() -> producer.filter(metadata -> true))
                .withMessageStartingWith("filter was already set");
        StreamConsumer.Builder<Integer> consumer = StreamConsumer.<Integer>builder(subscriber).filter(m -> false);
        assertThatIllegalStateException().isThrownBy(() -> consumer.filter(m -> true))
                .withMessageStartingWith("filter was already set");
    }

    private static final Pattern KEY = Pattern.compile("\"key\":\"([^\"]+)\"");

    /** The keys the events of a message name. */
    static List<Key<?>> keysIn(byte[] message) {
        Matcher matcher = KEY.matcher(new String(message, StandardCharsets.UTF_8));
        List<Key<?>> keys = new ArrayList<>();
        while (matcher.find()) {
            keys.add(new Key<>(matcher.group(1)));
        }
        return keys;
    }

    private static int eventCount(byte[] message) {
        return keysIn(message).size();
    }
}
