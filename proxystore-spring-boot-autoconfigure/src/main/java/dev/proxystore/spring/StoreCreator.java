package dev.proxystore.spring;

import dev.proxystore.connector.Connector;
import dev.proxystore.connector.ConnectorConfig;
import dev.proxystore.serialize.Serializer;
import dev.proxystore.spring.ProxyStoreProperties.StoreProperties;
import dev.proxystore.store.Store;
import dev.proxystore.store.TrustPolicy;
import java.util.TreeMap;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.ClassUtils;

/**
 * Builds the {@link Store} beans from {@link ProxyStoreProperties}: the connector its properties describe (see
 * {@link StoreConnectors}), the application's serializer and trust policy, then the {@link StoreBuilderCustomizer}
 * beans in order. The factory bean of every store bean that {@link StoreBeanRegistrar} registers.
 *
 * <p>Metrics: a store with {@code metrics: true} records into Micrometer when it is on the class path (see
 * {@link MeterRegistryStoreCustomizer} for which registry); without Micrometer it records nothing.
 */
final class StoreCreator {

    /** The bean name. */
    static final String BEAN_NAME = "proxyStoreStoreCreator";

    private static final boolean MICROMETER_PRESENT =
            ClassUtils.isPresent("io.micrometer.core.instrument.MeterRegistry", StoreCreator.class.getClassLoader());

    private static final Log logger = LogFactory.getLog(StoreCreator.class);

    private final ProxyStoreProperties properties;
    private final StoreConnectors connectors;
    private final ObjectProvider<Serializer> serializer;
    private final ObjectProvider<TrustPolicy> trustPolicy;
    private final ObjectProvider<StoreBuilderCustomizer> customizers;

    StoreCreator(ProxyStoreProperties properties, ConfigurableListableBeanFactory beanFactory,
            ObjectProvider<Serializer> serializer, ObjectProvider<TrustPolicy> trustPolicy,
            ObjectProvider<StoreBuilderCustomizer> customizers) {
        this.properties = properties;
        this.connectors = new StoreConnectors(beanFactory, properties.isLocalStores());
        this.serializer = serializer;
        this.trustPolicy = trustPolicy;
        this.customizers = customizers;
    }

    /**
     * A new store named {@code name}, which is also the name of its bean, as {@code proxystore.stores.<name>}
     * describes it (the defaults when it is not declared).
     *
     * @throws InvalidConfigurationPropertyValueException naming the property whose value cannot be used
     */
    Store create(String name) {
        StoreProperties store = properties.getStores().getOrDefault(name, new StoreProperties());
        Connector connector = connectors.create(name, store);
        try {
            Store.Builder builder = Store.builder(name, connector);
            StoreConnectors.valid(StoreDeclarations.property(name, "cache-size"), store.getCacheSize(),
                    () -> builder.cacheSize(store.getCacheSize()));
            builder.populateTarget(store.isPopulateTarget())
                    .metrics(store.isMetrics() && MICROMETER_PRESENT)
                    .referencesCarryConfig(store.isReferencesCarryConfig());
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
            Store created = builder.build();
            if (logger.isInfoEnabled()) {
                logger.info("ProxyStore store '" + name + "': " + describe(connector.config()) + ", cache "
                        + store.getCacheSize() + ", metrics " + (store.isMetrics() && MICROMETER_PRESENT ? "on" : "off")
                        + (store.isReferencesCarryConfig() ? ", references carry its config" : "")
                        + (properties.isLocalStores() && !"local".equals(store.getConnector())
                                ? " (configured as " + store.getConnector() + "; proxystore.local-stores is on)" : ""));
            }
            return created;
        } catch (RuntimeException e) {
            try {
                connector.close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /** The connector type and options, which never hold secrets: credentials are read where the connector runs. */
    private static String describe(ConnectorConfig config) {
        return config.options().isEmpty() ? config.type() : config.type() + " " + new TreeMap<>(config.options());
    }
}
