package dev.proxystore.spring.stream;

import dev.proxystore.spring.StreamProperties;
import dev.proxystore.stream.MessagePublisher;
import dev.proxystore.stream.MessageSubscriber;
import dev.proxystore.stream.redis.RedisPublisher;
import dev.proxystore.stream.redis.RedisQueuePublisher;
import dev.proxystore.stream.redis.RedisQueueSubscriber;
import dev.proxystore.stream.redis.RedisStreamPublisher;
import dev.proxystore.stream.redis.RedisStreamSubscriber;
import dev.proxystore.stream.redis.RedisSubscriber;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/** Publishers and subscribers on the application's {@link RedisConnectionFactory}, which they leave open. */
final class RedisBrokers {

    private RedisBrokers() {
    }

    static MessagePublisher publisher(StreamProperties.Broker broker, ConfigurableListableBeanFactory beanFactory) {
        RedisConnectionFactory factory = factory(broker, beanFactory);
        return switch (broker) {
            case REDIS_PUBSUB -> new RedisPublisher(factory);
            case REDIS_LIST -> new RedisQueuePublisher(factory);
            case REDIS_STREAMS -> new RedisStreamPublisher(factory);
            case KAFKA -> throw new IllegalArgumentException("not a Redis broker: " + broker);
        };
    }

    static MessageSubscriber subscriber(StreamProperties.Broker broker, StreamProperties.Consumer consumer,
            String[] topics, ConfigurableListableBeanFactory beanFactory) {
        RedisConnectionFactory factory = factory(broker, beanFactory);
        return switch (broker) {
            case REDIS_PUBSUB -> new RedisSubscriber(factory, topics);
            case REDIS_LIST -> new RedisQueueSubscriber(factory, topics);
            case REDIS_STREAMS -> new RedisStreamSubscriber(factory, consumer.getGroup(), Brokers.consumerName(consumer),
                    topics);
            case KAFKA -> throw new IllegalArgumentException("not a Redis broker: " + broker);
        };
    }

    private static RedisConnectionFactory factory(StreamProperties.Broker broker,
            ConfigurableListableBeanFactory beanFactory) {
        RedisConnectionFactory factory = beanFactory.getBeanProvider(RedisConnectionFactory.class).getIfUnique();
        if (factory == null) {
            throw new InvalidConfigurationPropertyValueException(ProxyStoreStreamAutoConfiguration.PREFIX + "broker",
                    broker, "No unique RedisConnectionFactory bean exists: add spring-boot-starter-data-redis and"
                            + " configure spring.data.redis.*.");
        }
        return factory;
    }
}
