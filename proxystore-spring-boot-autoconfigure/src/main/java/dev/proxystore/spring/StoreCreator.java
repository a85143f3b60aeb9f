package dev.proxystore.spring;

import dev.proxystore.connector.Connector;
import dev.proxystore.connector.FileConnector;
import dev.proxystore.connector.LocalConnector;
import dev.proxystore.connector.multi.MultiConnector;
import dev.proxystore.connector.multi.Policy;
import dev.proxystore.serialize.Serializer;
import dev.proxystore.spring.ProxyStoreProperties.ConnectorProperties;
import dev.proxystore.spring.ProxyStoreProperties.ConnectorType;
import dev.proxystore.spring.ProxyStoreProperties.Route;
import dev.proxystore.spring.ProxyStoreProperties.StoreProperties;
import dev.proxystore.store.Store;
import dev.proxystore.store.TrustPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.util.ClassUtils;
import org.springframework.util.unit.DataSize;

/**
 * Builds the {@link Store} beans: the connector named by the properties, the application's serializer and trust
 * policy, then the {@link StoreBuilderCustomizer} beans. The factory bean of every store bean that
 * {@link StoreBeanRegistrar} registers.
 *
 * <p>Metrics: a store with {@code metrics: true} records into Micrometer when it is on the class path (see
 * {@link MeterRegistryStoreCustomizer} for which registry); without Micrometer it records nothing.
 */
final class StoreCreator {

    /** The bean name. */
    static final String BEAN_NAME = "proxyStoreStoreCreator";

    private static final boolean MICROMETER_PRESENT =
            ClassUtils.isPresent("io.micrometer.core.instrument.MeterRegistry", StoreCreator.class.getClassLoader());

    private final ConfigurableListableBeanFactory beanFactory;
    private final ObjectProvider<Serializer> serializer;
    private final ObjectProvider<TrustPolicy> trustPolicy;
    private final ObjectProvider<StoreBuilderCustomizer> customizers;

    StoreCreator(ConfigurableListableBeanFactory beanFactory, ObjectProvider<Serializer> serializer,
            ObjectProvider<TrustPolicy> trustPolicy,
            ObjectProvider<StoreBuilderCustomizer> customizers) {
        this.beanFactory = beanFactory;
        this.serializer = serializer;
        this.trustPolicy = trustPolicy;
        this.customizers = customizers;
    }

    /**
     * A new store named {@code name}, which is also the name of its bean. The properties were checked by
     * {@link StoreDefinitions#validate}.
     */
    Store create(String name, StoreProperties properties) {
        Connector connector = connector(name, properties);
        try {
            Store.Builder builder = Store.builder(name, connector)
                    .cacheSize(properties.getCacheSize())
                    .populateTarget(properties.isPopulateTarget())
                    .metrics(properties.isMetrics() && MICROMETER_PRESENT)
                    .referencesCarryConfig(properties.isReferencesCarryConfig());
            TrustPolicy policy = trustPolicy.getIfAvailable();
            if (policy != null) {
                builder.trustPolicy(policy);
            }
            // several serializers and none primary: fail rather than silently trust fewer classes
            Serializer shared = serializer.getIfAvailable();
            if (shared != null) {
                builder.serializer(shared);
            }
            customizers.orderedStream().forEach(customizer -> customizer.customize(name, builder));
            return builder.build();
        } catch (RuntimeException e) {
            try {
                connector.close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    private Connector connector(String name, StoreProperties properties) {
        if (ConnectorType.MULTI.equals(properties.getConnector())) {
            return multi(name, properties);
        }
        return connector(name, (ConnectorProperties) properties);
    }

    private Connector connector(String name, ConnectorProperties properties) {
        return switch (properties.getConnector()) {
            case ConnectorType.LOCAL -> new LocalConnector();
            case ConnectorType.FILE -> {
                Path directory = Objects.requireNonNull(properties.getFile().getDirectory(), "file.directory");
                yield new FileConnector(directory);
            }
            // a separate class, so that Spring Data Redis is loaded only when a redis store exists
            case ConnectorType.REDIS -> RedisStoreConnectors.create(beanFactory, name, properties.getRedis());
            default -> throw new IllegalStateException("unchecked connector type " + properties.getConnector());
        };
    }

    private Connector multi(String name, StoreProperties properties) {
        MultiConnector.Builder builder = MultiConnector.builder();
        List<Connector> opened = new ArrayList<>();
        try {
            for (Map.Entry<String, Route> entry : properties.getMulti().entrySet()) {
                Route route = entry.getValue();
                Connector connector = connector(name, route);
                opened.add(connector);
                DataSize max = route.getMaxSize();
                Policy policy = Policy.any()
                        .withSize(route.getMinSize().toBytes(), max == null ? Long.MAX_VALUE : max.toBytes())
                        .withTags(route.getTags())
                        .withPriority(route.getPriority());
                builder.route(entry.getKey(), connector, policy);
            }
            return builder.build();
        } catch (RuntimeException e) {
            for (Connector connector : opened) {
                try {
                    connector.close();
                } catch (RuntimeException closing) {
                    e.addSuppressed(closing);
                }
            }
            throw e;
        }
    }
}
