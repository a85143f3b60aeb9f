package dev.proxystore.spring;

import dev.proxystore.spring.ProxyStoreProperties.StoreProperties;
import dev.proxystore.store.Store;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;

/**
 * Points a store with {@code metrics: true} at the application's {@link MeterRegistry} bean (the unique or primary
 * one). Without one the store records into Micrometer's global registry, where Boot's registries also are unless
 * {@code management.metrics.use-global-registry=false}, and which drops everything when it holds no registry. Runs
 * before the application's own {@link StoreBuilderCustomizer}s.
 */
final class MeterRegistryStoreCustomizer implements StoreBuilderCustomizer, Ordered {

    private final ProxyStoreProperties properties;
    private final ObjectProvider<MeterRegistry> meterRegistry;

    MeterRegistryStoreCustomizer(ProxyStoreProperties properties, ObjectProvider<MeterRegistry> meterRegistry) {
        this.properties = properties;
        this.meterRegistry = meterRegistry;
    }

    @Override
    public void customize(String name, Store.Builder builder) {
        StoreProperties store = properties.getStores().get(name);
        if (store != null && !store.isMetrics()) {
            return;
        }
        MeterRegistry registry = meterRegistry.getIfUnique();
        if (registry != null) {
            builder.meterRegistry(registry);
        }
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
