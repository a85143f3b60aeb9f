package dev.proxystore.spring.stream;

import dev.proxystore.spring.ProxyStoreAutoConfiguration;
import dev.proxystore.spring.ProxyStoreProperties;
import dev.proxystore.spring.StreamProperties;
import dev.proxystore.stream.MessagePublisher;
import dev.proxystore.stream.MessageSubscriber;
import dev.proxystore.stream.StreamProducer;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * The {@link MessagePublisher} (and, with {@code consumer.topics}, the {@link MessageSubscriber}) on
 * {@code proxystore.stream.broker}: the application's {@code RedisConnectionFactory} or its {@code spring.kafka.*}
 * settings. Each backs off when the application defines its own.
 */
@AutoConfiguration(after = ProxyStoreAutoConfiguration.class,
        afterName = {"org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
            "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration"})
@ConditionalOnClass(StreamProducer.class)
@ConditionalOnBooleanProperty(name = "proxystore.enabled", matchIfMissing = true)
@ConditionalOnProperty(name = "proxystore.stream.broker")
public final class ProxyStoreStreamBrokerAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    MessagePublisher proxyStoreMessagePublisher(ProxyStoreProperties properties,
            ConfigurableListableBeanFactory beanFactory) {
        return Brokers.publisher(broker(properties), beanFactory);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @Conditional(OnConsumerTopicsCondition.class)
    MessageSubscriber proxyStoreMessageSubscriber(ProxyStoreProperties properties,
            ConfigurableListableBeanFactory beanFactory) {
        StreamProperties.Consumer consumer = properties.getStream().getConsumer();
        return Brokers.subscriber(broker(properties), consumer, beanFactory);
    }

    private static StreamProperties.Broker broker(ProxyStoreProperties properties) {
        StreamProperties.Broker broker = properties.getStream().getBroker();
        if (broker == null) {
            throw new IllegalStateException(ProxyStoreStreamAutoConfiguration.PREFIX + "broker is not set");
        }
        return broker;
    }
}
