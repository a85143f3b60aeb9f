package dev.proxystore.stream.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxystore.connector.redis.RedisConnector;
import dev.proxystore.lifetime.LeaseLifetime;
import dev.proxystore.store.Store;
import dev.proxystore.store.StoreRegistry;
import dev.proxystore.stream.StreamConsumer;
import dev.proxystore.stream.StreamItem;
import dev.proxystore.stream.StreamProducer;
import dev.proxystore.testing.RedisServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** The README's plain-Java stream example, kept compiling and passing against a real redis-server. */
class StreamReadmeExampleTest {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    @Test
    void plainJavaStream() {
        LettuceConnectionFactory connectionFactory = Factories.lettuce(REDIS.port());
        List<Double> row = new ArrayList<>(List.of(1.5, 2.5));
        try (Store store = Store.builder("readme-stream", new RedisConnector(connectionFactory, "readme:"))
                .register(true).build()) {
            // README: Streams, plain Java
            StreamProducer<List<Double>> producer = StreamProducer.<List<Double>>builder(
                            new RedisStreamPublisher(connectionFactory))
                    .store("matrices", store)
                    .batchSize(8)
                    .lifetime(new LeaseLifetime(store, Duration.ofMinutes(10)))   // what no one consumes goes with the lease
                    .build();
            producer.send("matrices", row, false, Map.of("index", 3));
            producer.closeTopics("matrices");

            try (StreamConsumer<List<Double>> consumer = StreamConsumer.<List<Double>>builder(
                    new RedisStreamSubscriber(connectionFactory, "workers", "worker-1", "matrices")).build()) {
                StreamItem<List<Double>> item = consumer.nextWithMetadata();  // blocks; next(Duration) waits at most that long
                double first = item.object().get(0);                          // resolves the proxy from the store
                // end of the README example
                assertThat(first).isEqualTo(1.5);
                assertThat(item.metadata()).containsEntry("index", 3);
                assertThat(StoreRegistry.global().storeOf(item.object())).containsSame(store);
            }
            producer.close();
        } finally {
            connectionFactory.destroy();
        }
    }
}
