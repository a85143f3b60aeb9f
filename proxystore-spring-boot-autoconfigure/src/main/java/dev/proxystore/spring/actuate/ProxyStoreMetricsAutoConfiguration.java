package dev.proxystore.spring.actuate;

import dev.proxystore.spring.ProxyStoreAutoConfiguration;
import dev.proxystore.store.StoreRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of {@link ProxyStoreMetrics} when the application has a {@link MeterRegistry}. The stores record
 * their own meters into it whatever this configuration does (see {@code proxystore.stores.<name>.metrics}).
 */
@AutoConfiguration(after = ProxyStoreAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"})
@ConditionalOnClass({MeterRegistry.class, StoreRegistry.class})
@ConditionalOnBean({MeterRegistry.class, StoreRegistry.class})
@ConditionalOnBooleanProperty(name = "proxystore.enabled", matchIfMissing = true)
public final class ProxyStoreMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ProxyStoreMetrics proxyStoreMetrics(StoreRegistry registry) {
        return new ProxyStoreMetrics(registry);
    }
}
