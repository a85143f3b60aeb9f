package dev.proxystore.spring;

import static dev.proxystore.spring.ProxyStoreAutoConfigurationTests.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.proxystore.proxy.Proxies;
import dev.proxystore.spring.stream.ProxyStoreStreamAutoConfiguration;
import dev.proxystore.spring.stream.ProxyStoreStreamBrokerAutoConfiguration;
import dev.proxystore.store.Store;
import dev.proxystore.store.StoreFactory;
import dev.proxystore.stream.MessagePublisher;
import dev.proxystore.stream.MessageSubscriber;
import dev.proxystore.stream.QueuePublisher;
import dev.proxystore.stream.QueueSubscriber;
import dev.proxystore.stream.StreamConsumer;
import dev.proxystore.stream.StreamItem;
import dev.proxystore.stream.StreamProducer;
import dev.proxystore.testing.RedisServerExtension;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** Stream beans from {@code proxystore.stream.*} on the application's Redis or Kafka. */
class StreamAutoConfigurationTests {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    static EmbeddedKafkaKraftBroker kafka;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, KafkaAutoConfiguration.class,
                    ProxyStoreAutoConfiguration.class, ProxyStoreStreamBrokerAutoConfiguration.class,
                    ProxyStoreStreamAutoConfiguration.class))
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + REDIS.port(),
                    "proxystore.stores.objects.connector=redis");

    @BeforeAll
    static void startKafka() {
        kafka = new EmbeddedKafkaKraftBroker(1, 1, "matrices-kafka");
        kafka.afterPropertiesSet();
    }

    @AfterAll
    static void stopKafka() {
        kafka.destroy();
    }

    @Test
    void noBrokerNoStreamBeans() {
        runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(StreamProducer.class)
                .doesNotHaveBean(MessagePublisher.class).doesNotHaveBean(StreamConsumer.class));
    }

    @Test
    void aProducerAndAConsumerOverRedisStreamsMoveObjectsThroughTheStore() {
        runner.withPropertyValues("proxystore.stream.broker=redis-streams",
                "proxystore.stream.stores.matrices=objects", "proxystore.stream.consumer.topics=matrices",
                "proxystore.stream.consumer.group=workers").run(context -> {
                    assertThat(context).hasNotFailed();
                    @SuppressWarnings("unchecked")
                    StreamProducer<Object> producer = context.getBean(StreamProducer.class);
                    @SuppressWarnings("unchecked")
                    StreamConsumer<Object> consumer = context.getBean(StreamConsumer.class);
                    Store objects = context.getBean("objects", Store.class);

                    for (int i = 0; i < 20; i++) {
                        producer.send("matrices", new ArrayList<>(List.of(i, i * i)), true, Map.of("index", i));
                    }
                    producer.closeTopics("matrices");

                    List<Object> received = new ArrayList<>();
                    while (consumer.hasNext()) {
                        StreamItem<Object> item = consumer.nextWithMetadata();
                        assertThat(Proxies.isProxy(item.object())).as("a lazy proxy").isTrue();
                        assertThat(StoreFactory.of(item.object()).store()).isSameAs(objects);
                        received.add(List.copyOf((List<?>) item.object()));
                        assertThat(item.metadata()).containsKey("index");
                    }
                    assertThat(received).hasSize(20).first().isEqualTo(List.of(0, 0));
                    assertThat(received.get(19)).isEqualTo(List.of(19, 361));
                    MeterRegistry meters = context.getBean(MeterRegistry.class);
                    assertThat(meters.get("proxystore.stream.events").tag("outcome", "sent").counters())
                            .isNotEmpty();
                });
    }

    @Test
    void aProducerAndAConsumerOverKafkaUseBootsKafkaSettings() {
        runner.withPropertyValues("spring.kafka.bootstrap-servers=" + kafka.getBrokersAsString(),
                "proxystore.stream.broker=kafka", "proxystore.stream.default-store=objects",
                "proxystore.stream.batch-size=4", "proxystore.stream.consumer.topics=matrices-kafka").run(context -> {
                    assertThat(context).hasNotFailed();
                    @SuppressWarnings("unchecked")
                    StreamProducer<Object> producer = context.getBean(StreamProducer.class);
                    @SuppressWarnings("unchecked")
                    StreamConsumer<Object> consumer = context.getBean(StreamConsumer.class);

                    for (int i = 0; i < 8; i++) {
                        producer.send("matrices-kafka", new ArrayList<>(List.of(i)));
                    }
                    producer.closeTopics("matrices-kafka");

                    List<Object> received = new ArrayList<>();
                    consumer.forEachRemaining(proxy -> received.add(List.copyOf((List<?>) proxy)));
                    assertThat(received).hasSize(8).last().isEqualTo(List.of(7));
                });
    }

    @Test
    void aTopicNamingAMissingStoreFailsNamingTheProperty() {
        runner.withPropertyValues("proxystore.stream.broker=redis-list", "proxystore.stream.stores.matrices=objcts")
                .run(context -> assertInvalid(context, "proxystore.stream.stores.matrices", "objcts",
                        "No store is named 'objcts'"));
    }

    @Test
    void kafkaWithoutTheKafkaModuleFailsNamingTheProperty() {
        runner.withClassLoader(new FilteredClassLoader("dev.proxystore.stream.kafka"))
                .withPropertyValues("proxystore.stream.broker=kafka")
                .run(context -> assertInvalid(context, "proxystore.stream.broker", "KAFKA", "proxystore-kafka"));
    }

    @Test
    void theApplicationsOwnPublisherAndSubscriberGetAProducerAndAConsumerWithoutABroker() {
        BlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
        runner.withBean(MessagePublisher.class, () -> new QueuePublisher(Map.of("local", queue)))
                .withBean(MessageSubscriber.class, () -> new QueueSubscriber(queue))
                .run(context -> {
                    @SuppressWarnings("unchecked")
                    StreamProducer<Object> producer = context.getBean(StreamProducer.class);
                    @SuppressWarnings("unchecked")
                    StreamConsumer<Object> consumer = context.getBean(StreamConsumer.class);
                    producer.send("local", "inline");
                    producer.flush();
                    assertThat(consumer.next()).isEqualTo("inline");
                });
    }
}
