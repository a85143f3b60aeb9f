package dev.proxystore.spring.stream;

import dev.proxystore.spring.StreamProperties;
import dev.proxystore.stream.MessagePublisher;
import dev.proxystore.stream.MessageSubscriber;
import dev.proxystore.stream.kafka.KafkaPublisher;
import dev.proxystore.stream.kafka.KafkaSubscriber;
import java.util.HashMap;
import java.util.Map;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

/**
 * A publisher and a subscriber with clients of their own, configured like the application's from {@code spring.kafka.*}
 * (bootstrap servers, security, client settings); the record serializers are theirs, bytes. The consumer's group is
 * {@code spring.kafka.consumer.group-id}, else {@code proxystore.stream.consumer.group}.
 */
final class KafkaBrokers {

    private KafkaBrokers() {
    }

    static MessagePublisher publisher(ConfigurableListableBeanFactory beanFactory) {
        Map<String, Object> settings = new HashMap<>(properties(beanFactory).buildProducerProperties());
        settings.remove("key.serializer");
        settings.remove("value.serializer");
        return new KafkaPublisher(settings);
    }

    static MessageSubscriber subscriber(StreamProperties.Consumer consumer, String[] topics,
            ConfigurableListableBeanFactory beanFactory) {
        Map<String, Object> settings = new HashMap<>(properties(beanFactory).buildConsumerProperties());
        settings.remove("key.deserializer");
        settings.remove("value.deserializer");
        settings.putIfAbsent("group.id", consumer.getGroup());
        return new KafkaSubscriber(settings, topics);
    }

    private static KafkaProperties properties(ConfigurableListableBeanFactory beanFactory) {
        KafkaProperties properties = beanFactory.getBeanProvider(KafkaProperties.class).getIfAvailable();
        return properties != null ? properties : new KafkaProperties();
    }
}
