package dev.proxystore.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proxystore.connector.LocalConnector;
import dev.proxystore.proxy.Proxies;
import dev.proxystore.serialize.DefaultSerializer;
import dev.proxystore.serialize.SerializationException;
import dev.proxystore.store.Key;
import dev.proxystore.store.ReferenceMessages;
import dev.proxystore.store.Store;
import dev.proxystore.store.StoreRegistry;
import dev.proxystore.store.TrustPolicy;
import dev.proxystore.store.TrustPolicy.UnsignedReferences;
import dev.proxystore.store.UntrustedReferenceException;
import dev.proxystore.stream.testmodel.Reading;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Events are references: a consumer admits an event only if its tag verifies under the consumer's keys (or, unsigned,
 * as its policy allows), and each reference in it as a JSON reference would be, before anything is read or evicted.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StreamTrustTest {

    static final String TOPIC = "default";
    static final TrustPolicy OURS = TrustPolicy.builder()
            .signingKey("the key every producer and consumer of this stream holds").build();
    static final TrustPolicy THEIRS = TrustPolicy.builder()
            .signingKey("a key that someone outside this deployment holds").build();

    final BlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
    final QueuePublisher publisher = new QueuePublisher(Map.of(TOPIC, queue));
    final RecordingConnector connector = new RecordingConnector(new LocalConnector());
    final Store store = Store.builder("trusted", connector).trustPolicy(OURS).build();
    final List<AutoCloseable> toClose = new ArrayList<>(List.of(store));

    @AfterEach
    void closeAll() throws Exception {
        Collections.reverse(toClose);
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
    }

    <T> StreamProducer<T> producer(Store objects, TrustPolicy signer) {
        StreamProducer<T> producer = StreamProducer.<T>builder(publisher)
                .store(TOPIC, objects)
                .trustPolicy(signer)
                .build();
        toClose.add(producer);
        return producer;
    }

    /** A consumer in a process that has the store {@code trusted} and receives under {@code policy}. */
    <T> StreamConsumer<T> consumer(TrustPolicy policy) {
        StoreRegistry registry = StoreRegistry.create(policy);
        registry.register(store);
        StreamConsumer<T> consumer = StreamConsumer.<T>builder(new QueueSubscriber(queue))
                .registry(registry)
                .build();
        toClose.add(consumer);
        return consumer;
    }

    String take() throws InterruptedException {
        return new String(queue.take(), StandardCharsets.UTF_8);
    }

    void put(String message) throws InterruptedException {
        queue.put(message.getBytes(StandardCharsets.UTF_8));
    }

    static String unsigned(String message) {
        return message.replaceFirst(",\"tag\":\"[A-Za-z0-9_-]{43}\"}$", "}");
    }

    /** A message as another implementation of the format would sign it, with {@code policy}'s key. */
    static String signed(String unsignedMessage, TrustPolicy policy) {
        byte[] bytes = unsignedMessage.getBytes(StandardCharsets.UTF_8);
        byte[] tag = ReferenceMessages.tag(policy, "proxystore-stream-event", bytes, bytes.length - 1);
        return unsignedMessage.substring(0, unsignedMessage.length() - 1) + ",\"tag\":\""
                + Base64.getUrlEncoder().withoutPadding().encodeToString(tag) + "\"}";
    }

    @Test
    void anEventSignedWithAKeyTheConsumerLacksIsRefusedBeforeAnythingIsReadOrEvicted() {
        Store theirs = Store.builder("trusted", connector).trustPolicy(THEIRS).build();
        toClose.add(theirs);
        producer(theirs, THEIRS).send(TOPIC, "payload");
        StreamConsumer<String> consumer = consumer(OURS);
        Key<?> key = StreamTest.keysIn(queue.element()).get(0);
        int touchedBefore = connector.touches();

        assertThatThrownBy(consumer::next).isInstanceOf(UntrustedReferenceException.class)
                .hasMessageStartingWith("Refused a stream event on topic 'default': its tag does not verify");

        assertThat(connector.touches()).isEqualTo(touchedBefore);
        assertThat(theirs.exists(key)).isTrue();
    }

    @Test
    void changedMetadataIsRefusedAndTheNextGenuineEventStillArrives() throws Exception {
        StreamProducer<String> producer = producer(store, OURS);
        StreamConsumer<String> consumer = consumer(OURS);
        producer.send(TOPIC, "first", true, Map.of("priority", 1));
        producer.send(TOPIC, "second", true, Map.of("priority", 1));

        put(take().replace("\"priority\":1", "\"priority\":9"));
        queue.add(queue.remove());

        assertThatThrownBy(consumer::nextWithMetadata).isInstanceOf(UntrustedReferenceException.class)
                .hasMessageContaining("topic 'default'").hasMessageContaining("does not verify");
        StreamItem<String> next = consumer.nextObjectWithMetadata();
        assertThat(next.object()).isEqualTo("second");
        assertThat(next.metadata()).containsEntry("priority", 1);
    }

    @Test
    void anEvictFlagSetAfterSigningIsRefusedAndTheObjectStays() throws Exception {
        producer(store, OURS).send(TOPIC, "shared by many consumers", false, Map.of());
        StreamConsumer<String> consumer = consumer(OURS);
        Key<?> key = StreamTest.keysIn(queue.element()).get(0);
        int touchedBefore = connector.touches();

        put(take().replace("\"evict\":false", "\"evict\":true"));

        assertThatThrownBy(consumer::nextObject).isInstanceOf(UntrustedReferenceException.class)
                .hasMessageContaining("topic 'default'");
        assertThat(connector.touches()).isEqualTo(touchedBefore);
        assertThat(store.exists(key)).isTrue();
    }

    @Test
    void eachReferenceInAGenuineEventIsCheckedOnItsOwn() {
        Store signedElsewhere = Store.builder("elsewhere", new LocalConnector()).trustPolicy(THEIRS).build();
        toClose.add(signedElsewhere);
        producer(signedElsewhere, OURS).send(TOPIC, "payload");
        StreamConsumer<String> consumer = consumer(OURS);

        assertThatThrownBy(consumer::next).isInstanceOfSatisfying(UntrustedReferenceException.class, e -> {
            assertThat(e.storeName()).isEqualTo("elsewhere");
            assertThat(e).hasMessageStartingWith("Refused a stream event on topic 'default': a reference it carries"
                    + " is refused: its tag does not verify");
        });
    }

    @Test
    void aReferenceToAStoreThisProcessLacksIsRefusedNamingTopicAndStore() {
        Store gone = Store.builder("gone", new LocalConnector()).trustPolicy(OURS).build();
        producer(gone, OURS).send(TOPIC, "payload");
        gone.close();
        StreamConsumer<String> consumer = consumer(OURS);

        assertThatThrownBy(consumer::next).isInstanceOf(UntrustedReferenceException.class)
                .hasMessageContaining("topic 'default'").hasMessageContaining("no store of that name");
    }

    @Test
    void anUnsignedEventIsRefusedWhereUnsignedReferencesAre() throws Exception {
        producer(store, OURS).send(TOPIC, "payload");
        put(unsigned(take()));
        StreamConsumer<String> consumer = consumer(TrustPolicy.builder()
                .signingKey("the key every producer and consumer of this stream holds")
                .unsignedReferences(UnsignedReferences.REJECT).build());

        assertThatThrownBy(consumer::next).isInstanceOf(UntrustedReferenceException.class)
                .hasMessage("Refused a stream event on topic 'default': it is unsigned, and this process rejects"
                        + " unsigned events");
    }

    @Test
    void anUnsignedEventIsReadOnlyByDefault() throws Exception {
        Key<String> kept = store.put("kept");
        Key<String> ephemeral = store.put("ephemeral");
        StreamConsumer<String> consumer = consumer(OURS);

        put("{\"@proxystore-event\":1,\"topic\":\"default\",\"events\":[{\"type\":\"new-object-key\",\"reference\":"
                + "{\"@proxystore\":2,\"store\":\"trusted\",\"key\":\"" + kept.id() + "\",\"evict\":false}}]}");
        put("{\"@proxystore-event\":1,\"topic\":\"default\",\"events\":[{\"type\":\"new-object-key\",\"reference\":"
                + "{\"@proxystore\":2,\"store\":\"trusted\",\"key\":\"" + ephemeral.id() + "\",\"evict\":true}}]}");
        put("{\"@proxystore-event\":1,\"topic\":\"default\",\"events\":[{\"type\":\"new-object\",\"data\":\""
                + Base64.getEncoder().encodeToString(DefaultSerializer.create().serialize("inline")) + "\"}]}");
        put("{\"@proxystore-event\":1,\"topic\":\"default\",\"events\":[{\"type\":\"end-of-stream\"}]}");

        Object read = consumer.next();
        assertThat(read).isEqualTo("kept");
        assertThat(Proxies.isProxy(read)).as("a read-only event's type is nobody's word: no class is loaded for it")
                .isFalse();
        assertThatThrownBy(consumer::next).isInstanceOf(UntrustedReferenceException.class)
                .hasMessageContaining("evict");
        assertThatThrownBy(consumer::next).isInstanceOf(UntrustedReferenceException.class)
                .hasMessageContaining("an object inside the event");
        assertThatThrownBy(consumer::hasNext).isInstanceOf(UntrustedReferenceException.class)
                .hasMessageContaining("an end-of-stream event");
        assertThat(store.exists(kept)).isTrue();
        assertThat(store.exists(ephemeral)).isTrue();
    }

    @Test
    void anUnsignedEventIsHonouredWhereUnsignedReferencesAreAccepted() throws Exception {
        StreamConsumer<String> consumer = consumer(TrustPolicy.builder()
                .unsignedReferences(UnsignedReferences.ACCEPT).build());

        put("{\"@proxystore-event\":1,\"topic\":\"default\",\"events\":[{\"type\":\"new-object\",\"data\":\""
                + Base64.getEncoder().encodeToString(DefaultSerializer.create().serialize("inline"))
                + "\"},{\"type\":\"end-of-stream\"}]}");

        assertThat(consumer.next()).isEqualTo("inline");
        assertThat(consumer.hasNext()).isFalse();
    }

    @Test
    void anEventOfAnotherFormatVersionIsRefusedNamingVersionAndTopic() throws Exception {
        producer(store, OURS).send(TOPIC, "payload");
        StreamConsumer<String> consumer = consumer(OURS);

        put(take().replace("{\"@proxystore-event\":1,", "{\"@proxystore-event\":2,"));
        put("not an event");

        assertThatThrownBy(consumer::next).isInstanceOf(StreamException.class)
                .hasMessage("Unsupported stream event on topic 'default': format version 2, and this process reads"
                        + " version 1 (upgrade the consumer to read what newer producers send)");
        assertThatThrownBy(consumer::next).isInstanceOf(StreamException.class)
                .hasMessageStartingWith("Invalid stream event: not valid JSON");
        assertThat(connector.touches()).isZero();
    }

    @Test
    void anOlderVersionOneReferenceInASignedEventIsReadOnly() throws Exception {
        Key<String> kept = store.put("kept");
        StreamConsumer<String> consumer = consumer(OURS);
        String reference = "{\"@proxystore\":1,\"store\":{\"name\":\"trusted\",\"connector\":{\"type\":\"local\","
                + "\"options\":{}}},\"key\":\"" + kept.id() + "\",\"evict\":%s}";

        put(signed("{\"@proxystore-event\":1,\"topic\":\"default\",\"events\":[{\"type\":\"new-object-key\","
                + "\"reference\":" + reference.formatted("true") + "}]}", OURS));
        put(signed("{\"@proxystore-event\":1,\"topic\":\"default\",\"events\":[{\"type\":\"new-object-key\","
                + "\"reference\":" + reference.formatted("false") + "}]}", OURS));

        assertThatThrownBy(consumer::next).isInstanceOf(UntrustedReferenceException.class)
                .hasMessageContaining("a read-only reference never evicts");
        assertThat(consumer.nextObject()).isEqualTo("kept");
        assertThat(store.exists(kept)).isTrue();
    }

    @Test
    void objectsInsideEventsAreReadThroughTheConsumersAllowList() {
        StreamProducer<Reading> producer = StreamProducer.<Reading>builder(publisher)
                .serializer(DefaultSerializer.create().allowPackages("dev.proxystore.stream.testmodel"))
                .trustPolicy(OURS)
                .build();
        toClose.add(producer);
        StreamConsumer<Reading> strict = consumer(OURS);
        producer.send(TOPIC, new Reading("t1", 21.5));
        producer.send(TOPIC, new Reading("t2", 22.5));
        int created = Reading.CREATED.get();

        assertThatThrownBy(strict::next).isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic 'default'")
                .hasMessageContaining("dev.proxystore.stream.testmodel.Reading");
        assertThat(Reading.CREATED.get()).isEqualTo(created);

        StreamConsumer<Reading> trusting = StreamConsumer.<Reading>builder(new QueueSubscriber(queue))
                .registry(StoreRegistry.create(OURS))
                .serializer(DefaultSerializer.create().allowPackages("dev.proxystore.stream.testmodel"))
                .build();
        toClose.add(trusting);
        assertThat(trusting.next()).isEqualTo(new Reading("t2", 22.5));
    }
}
