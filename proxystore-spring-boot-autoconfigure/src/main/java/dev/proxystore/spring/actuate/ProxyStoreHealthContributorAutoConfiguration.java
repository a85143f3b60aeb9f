package dev.proxystore.spring.actuate;

import dev.proxystore.spring.ProxyStoreAutoConfiguration;
import dev.proxystore.store.Store;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.SimpleAutowireCandidateResolver;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.CompositeHealthContributorConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code proxystore} health contributor: a composite with one {@link StoreHealthIndicator}
 * per Store bean, keyed by bean name (also with a single store, so that {@code /actuator/health/proxystore/<store>}
 * stays the same when stores are added). Off with {@code management.health.proxystore.enabled=false}.
 */
@AutoConfiguration(after = ProxyStoreAutoConfiguration.class)
@ConditionalOnClass({Store.class, HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class})
@ConditionalOnBean(Store.class)
@ConditionalOnEnabledHealthIndicator("proxystore")
@ConditionalOnBooleanProperty(name = "proxystore.enabled", matchIfMissing = true)
public final class ProxyStoreHealthContributorAutoConfiguration
        extends CompositeHealthContributorConfiguration<StoreHealthIndicator, Store> {

    ProxyStoreHealthContributorAutoConfiguration() {
        super(StoreHealthIndicator::new);
    }

    @Bean
    @ConditionalOnMissingBean(name = {"proxystoreHealthIndicator", "proxystoreHealthContributor"})
    HealthContributor proxystoreHealthContributor(ConfigurableListableBeanFactory beanFactory) {
        return createComposite(SimpleAutowireCandidateResolver.resolveAutowireCandidates(beanFactory, Store.class));
    }
}
