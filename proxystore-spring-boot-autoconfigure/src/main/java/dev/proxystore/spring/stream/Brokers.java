package dev.proxystore.spring.stream;

import dev.proxystore.spring.StreamProperties;
import dev.proxystore.stream.MessagePublisher;
import dev.proxystore.stream.MessageSubscriber;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.ClassUtils;

/**
 * Publishers and subscribers on the configured broker. The Redis and Kafka classes are loaded only for their own
 * broker, so an application needs only the library of the broker it chose; a missing one fails naming the property.
 */
final class Brokers {

    private static final String BROKER = ProxyStoreStreamAutoConfiguration.PREFIX + "broker";

    private Brokers() {
    }

    static MessagePublisher publisher(StreamProperties.Broker broker, ConfigurableListableBeanFactory beanFactory) {
        requireLibrary(broker, beanFactory.getBeanClassLoader());
        return broker == StreamProperties.Broker.KAFKA ? KafkaBrokers.publisher(beanFactory)
                : RedisBrokers.publisher(broker, beanFactory);
    }

    static MessageSubscriber subscriber(StreamProperties.Broker broker, StreamProperties.Consumer consumer,
            ConfigurableListableBeanFactory beanFactory) {
        requireLibrary(broker, beanFactory.getBeanClassLoader());
        String[] topics = consumer.getTopics().toArray(String[]::new);
        return broker == StreamProperties.Broker.KAFKA ? KafkaBrokers.subscriber(consumer, topics, beanFactory)
                : RedisBrokers.subscriber(broker, consumer, topics, beanFactory);
    }

    /** The consumer's name: as configured, else the host name and process id. */
    static String consumerName(StreamProperties.Consumer consumer) {
        String name = consumer.getName();
        if (name != null) {
            return name;
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return host + "-" + ManagementFactory.getRuntimeMXBean().getPid();
    }

    private static void requireLibrary(StreamProperties.Broker broker, @Nullable ClassLoader loader) {
        if (broker == StreamProperties.Broker.KAFKA) {
            if (!ClassUtils.isPresent("dev.proxystore.stream.kafka.KafkaPublisher", loader)
                    || !ClassUtils.isPresent("org.springframework.boot.kafka.autoconfigure.KafkaProperties", loader)) {
                throw new InvalidConfigurationPropertyValueException(BROKER, broker, "Streams over Kafka need"
                        + " dev.proxystore:proxystore-kafka and spring-boot-starter-kafka on the class path.");
            }
        } else if (!ClassUtils.isPresent("dev.proxystore.stream.redis.RedisPublisher", loader)
                || !ClassUtils.isPresent("org.springframework.data.redis.connection.RedisConnectionFactory", loader)) {
            throw new InvalidConfigurationPropertyValueException(BROKER, broker, "Streams over Redis need"
                    + " dev.proxystore:proxystore-redis and spring-boot-starter-data-redis on the class path.");
        }
    }
}
