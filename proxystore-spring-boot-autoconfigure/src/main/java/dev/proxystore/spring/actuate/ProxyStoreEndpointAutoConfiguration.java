package dev.proxystore.spring.actuate;

import dev.proxystore.spring.ProxyStoreAutoConfiguration;
import dev.proxystore.store.StoreRegistry;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code proxystore} Actuator endpoint, when it is available (enabled and exposed, for
 * example with {@code management.endpoints.web.exposure.include=health,proxystore}).
 */
@AutoConfiguration(after = ProxyStoreAutoConfiguration.class)
@ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class, StoreRegistry.class})
@ConditionalOnAvailableEndpoint(ProxyStoreEndpoint.class)
@ConditionalOnBooleanProperty(name = "proxystore.enabled", matchIfMissing = true)
public final class ProxyStoreEndpointAutoConfiguration {

    @Bean
    @ConditionalOnBean(StoreRegistry.class)
    @ConditionalOnMissingBean
    ProxyStoreEndpoint proxyStoreEndpoint(StoreRegistry registry) {
        return new ProxyStoreEndpoint(registry);
    }
}
