package dev.proxystore.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proxystore.connector.LocalConnector;
import dev.proxystore.store.Store;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Stream meters: events and their bytes by topic, outcome and transfer, per named producer or consumer. */
class StreamMetricsTest {

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final BlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
    final QueuePublisher publisher = new QueuePublisher(Map.of("big", queue, "small", queue));
    final Store store = new Store("metered", new LocalConnector());

    @AfterEach
    void close() {
        store.close();
    }

    double events(String name, String topic, String outcome, String transfer) {
        Counter counter = registry.find(MicrometerStreamMetrics.EVENTS).tags("name", name, "topic", topic,
                "outcome", outcome, "transfer", transfer).counter();
        return counter == null ? 0 : counter.count();
    }

    double bytes(String name, String topic, String outcome, String transfer) {
        Counter counter = registry.find(MicrometerStreamMetrics.BYTES).tags("name", name, "topic", topic,
                "outcome", outcome, "transfer", transfer).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void producersAndConsumersCountEventsAndBytesByReferenceAndByValue() {
        StreamProducer<String> producer = StreamProducer.<String>builder(publisher)
                .store("big", store)
                .filter(metadata -> metadata.containsKey("skip"))
                .metrics(StreamMetrics.micrometer(registry, "ingest"))
                .build();
        StreamConsumer<String> consumer = StreamConsumer.<String>builder(new QueueSubscriber(queue))
                .filter(metadata -> metadata.containsKey("ignore"))
                .metrics(StreamMetrics.micrometer(registry, "workers"))
                .build();
        String large = "x".repeat(10_000);

        producer.send("big", large);
        producer.send("big", large);
        producer.send("big", large, true, Map.of("skip", true));
        producer.send("small", "tiny");
        producer.send("small", "ignored", true, Map.of("ignore", true));
        producer.closeTopics("small");
        consumer.forEach(item -> { });

        assertThat(events("ingest", "big", "sent", "reference")).isEqualTo(2);
        assertThat(events("ingest", "big", "dropped", "reference")).isEqualTo(1);
        assertThat(events("ingest", "small", "sent", "value")).isEqualTo(2);
        assertThat(bytes("ingest", "big", "sent", "reference")).isBetween(100.0, 2_000.0);
        assertThat(bytes("ingest", "small", "sent", "value")).isGreaterThan(20.0);
        assertThat(events("workers", "big", "received", "reference")).isEqualTo(2);
        assertThat(events("workers", "small", "received", "value")).isEqualTo(1);
        assertThat(events("workers", "small", "dropped", "value")).isEqualTo(1);
        assertThat(bytes("workers", "big", "received", "reference"))
                .isEqualTo(bytes("ingest", "big", "sent", "reference"));

        producer.close();
        consumer.close();
        assertThat(registry.getMeters()).isEmpty();
    }

    @Test
    void refusedMessagesAreCountedWithoutTheirMadeUpTopic() {
        StreamConsumer<String> consumer = StreamConsumer.<String>builder(new QueueSubscriber(queue))
                .metrics(StreamMetrics.micrometer(registry, "workers"))
                .build();
        queue.add("{\"@proxystore-event\":1,\"topic\":\"made-up\",\"events\":[],\"tag\":\"forged\"}"
                .getBytes(StandardCharsets.UTF_8));
        queue.add("garbage".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(consumer::hasNext).isInstanceOf(dev.proxystore.store.UntrustedReferenceException.class);
        assertThatThrownBy(consumer::hasNext).isInstanceOf(StreamException.class);

        assertThat(registry.get(MicrometerStreamMetrics.REFUSED).tag("name", "workers").counter().count())
                .isEqualTo(2);
        assertThat(registry.find(MicrometerStreamMetrics.EVENTS).meters()).isEmpty();
        consumer.close();
    }
}
