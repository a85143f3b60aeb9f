package dev.proxystore.spring.actuate;

import dev.proxystore.spring.ProxyStoreAutoConfiguration;
import dev.proxystore.store.Store;
import java.time.Duration;
import java.util.function.Function;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.SimpleAutowireCandidateResolver;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.autoconfigure.contributor.CompositeHealthContributorConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the {@code proxystore} health contributor: a composite with one {@link StoreHealthIndicator}
 * per Store bean, keyed by bean name (also with a single store, so that {@code /actuator/health/proxystore/<store>}
 * stays the same when stores are added). Each check waits at most {@code management.health.proxystore.timeout}
 * (default 2 s) for the backend. Off with {@code management.health.proxystore.enabled=false}.
 */
@AutoConfiguration(after = ProxyStoreAutoConfiguration.class)
@ConditionalOnClass({Store.class, HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class})
@ConditionalOnBean(Store.class)
@ConditionalOnEnabledHealthIndicator("proxystore")
@ConditionalOnBooleanProperty(name = "proxystore.enabled", matchIfMissing = true)
public final class ProxyStoreHealthContributorAutoConfiguration
        extends CompositeHealthContributorConfiguration<StoreHealthIndicator, Store> {

    private static final String TIMEOUT = "management.health.proxystore.timeout";

    ProxyStoreHealthContributorAutoConfiguration(Environment environment) {
        super(indicators(environment));
    }

    private static Function<Store, StoreHealthIndicator> indicators(Environment environment) {
        Duration timeout = Binder.get(environment).bind(TIMEOUT, Duration.class)
                .orElse(StoreHealthIndicator.DEFAULT_TIMEOUT);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new InvalidConfigurationPropertyValueException(TIMEOUT, timeout, "The timeout must be positive.");
        }
        return store -> new StoreHealthIndicator(store, timeout);
    }

    @Bean
    @ConditionalOnMissingBean(name = {"proxystoreHealthIndicator", "proxystoreHealthContributor"})
    HealthContributor proxystoreHealthContributor(ConfigurableListableBeanFactory beanFactory) {
        return createComposite(SimpleAutowireCandidateResolver.resolveAutowireCandidates(beanFactory, Store.class));
    }
}
