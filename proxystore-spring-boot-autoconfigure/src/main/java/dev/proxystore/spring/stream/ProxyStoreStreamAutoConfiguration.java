package dev.proxystore.spring.stream;

import dev.proxystore.serialize.Serializer;
import dev.proxystore.spring.ProxyStoreAutoConfiguration;
import dev.proxystore.spring.ProxyStoreProperties;
import dev.proxystore.spring.StreamProperties;
import dev.proxystore.store.Store;
import dev.proxystore.store.StoreRegistry;
import dev.proxystore.store.TrustPolicy;
import dev.proxystore.stream.MessagePublisher;
import dev.proxystore.stream.MessageSubscriber;
import dev.proxystore.stream.StreamConsumer;
import dev.proxystore.stream.StreamMetrics;
import dev.proxystore.stream.StreamProducer;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The stream beans of {@code proxystore.stream.*}: a {@link MessagePublisher} on the configured broker and a
 * {@link StreamProducer} writing each topic's objects to its store; with {@code consumer.topics}, a
 * {@link MessageSubscriber} and a {@link StreamConsumer} reading them. The broker is the application's own: its
 * {@code RedisConnectionFactory} or its {@code spring.kafka.*} settings. Every bean backs off when the application
 * defines one of its type; an application's own publisher (or subscriber) gets a producer (or consumer) without a
 * broker setting.
 */
@AutoConfiguration(after = {ProxyStoreAutoConfiguration.class, ProxyStoreStreamBrokerAutoConfiguration.class})
@ConditionalOnClass(StreamProducer.class)
@ConditionalOnBooleanProperty(name = "proxystore.enabled", matchIfMissing = true)
public final class ProxyStoreStreamAutoConfiguration {

    static final String PREFIX = "proxystore.stream.";

    /** The producer, on the broker's publisher or the application's own. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(MessagePublisher.class)
    static class ProducerConfiguration {

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        StreamProducer<Object> proxyStoreStreamProducer(MessagePublisher publisher, ProxyStoreProperties properties,
                ConfigurableListableBeanFactory beanFactory, TrustPolicy trustPolicy, Serializer serializer,
                ObjectProvider<StreamMetricsSource> metrics) {
            StreamProperties stream = properties.getStream();
            StreamProducer.Builder<Object> builder = StreamProducer.builder(publisher)
                    .trustPolicy(trustPolicy)
                    .serializer(serializer);
            for (Map.Entry<String, String> topic : stream.getStores().entrySet()) {
                builder.store(topic.getKey(), store(beanFactory, "stores." + topic.getKey(), topic.getValue()));
            }
            String defaultStore = stream.getDefaultStore();
            if (defaultStore != null) {
                builder.defaultStore(store(beanFactory, "default-store", defaultStore));
            }
            int batchSize = stream.getBatchSize();
            if (batchSize < 1) {
                throw new InvalidConfigurationPropertyValueException(PREFIX + "batch-size", batchSize,
                        "A batch holds at least one object.");
            }
            builder.batchSize(batchSize);
            StreamMetricsSource source = metrics.getIfAvailable();
            if (stream.isMetrics() && source != null) {
                builder.metrics(source.metrics("producer"));
            }
            return builder.build();
        }
    }

    private static Store store(ConfigurableListableBeanFactory beanFactory, String property, String name) {
        if (!beanFactory.containsBean(name) || !beanFactory.isTypeMatch(name, Store.class)) {
            throw new InvalidConfigurationPropertyValueException(PREFIX + property, name, "No store is named '"
                    + name + "'. Declare it under proxystore.stores." + name + ", or name one of "
                    + String.join(", ", beanFactory.getBeanNamesForType(Store.class)) + ".");
        }
        return beanFactory.getBean(name, Store.class);
    }

    /** The consumer, on the broker's subscriber or the application's own. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(MessageSubscriber.class)
    static class ConsumerConfiguration {

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        StreamConsumer<Object> proxyStoreStreamConsumer(MessageSubscriber subscriber, ProxyStoreProperties properties,
                StoreRegistry registry, Serializer serializer, ObjectProvider<StreamMetricsSource> metrics) {
            StreamConsumer.Builder<Object> builder = StreamConsumer.builder(subscriber)
                    .registry(registry)
                    .serializer(serializer);
            StreamMetricsSource source = metrics.getIfAvailable();
            if (properties.getStream().isMetrics() && source != null) {
                builder.metrics(source.metrics("consumer"));
            }
            return builder.build();
        }
    }

    /** Stream metrics in the application's meter registry, when Micrometer is there. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
    static class MetricsConfiguration {

        @Bean
        StreamMetricsSource proxyStoreStreamMetricsSource(
                ObjectProvider<io.micrometer.core.instrument.MeterRegistry> meterRegistry) {
            return name -> {
                io.micrometer.core.instrument.MeterRegistry registry = meterRegistry.getIfUnique();
                return registry == null ? StreamMetrics.disabled() : StreamMetrics.micrometer(registry, name);
            };
        }
    }

    /** Where the stream beans record their metrics, by producer or consumer name. */
    @FunctionalInterface
    interface StreamMetricsSource {
        StreamMetrics metrics(String name);
    }
}
