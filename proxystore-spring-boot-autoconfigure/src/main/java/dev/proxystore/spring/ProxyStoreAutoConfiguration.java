package dev.proxystore.spring;

import dev.proxystore.serialize.DefaultSerializer;
import dev.proxystore.serialize.Serializer;
import dev.proxystore.spring.lifetime.ProxyLifetimeScope;
import dev.proxystore.spring.lifetime.ProxyLifetimeScopeRegistrar;
import dev.proxystore.store.Store;
import dev.proxystore.store.StoreRegistry;
import dev.proxystore.store.TrustPolicy;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Auto-configuration of ProxyStore: the {@link Store} beans of {@code proxystore.stores.*} (or one local store named
 * {@code default}), the serializer they share, the context's {@link StoreRegistry} (which
 * {@link StoreRegistry#global()} sees while the context runs), the eviction of static-lifetime objects when the
 * context stops, and the {@code proxyLifetime} bean scope. Off with {@code proxystore.enabled=false}.
 */
@AutoConfiguration(afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass(Store.class)
@ConditionalOnBooleanProperty(name = "proxystore.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ProxyStoreProperties.class)
@Import(StoreBeanRegistrar.class)
public final class ProxyStoreAutoConfiguration {

    /** The name of the store created when none is declared. */
    public static final String DEFAULT_STORE_NAME = "default";

    @Bean(StoreCreator.BEAN_NAME)
    StoreCreator proxyStoreStoreCreator(ProxyStoreProperties properties, ConfigurableListableBeanFactory beanFactory,
            ObjectProvider<Serializer> serializer, ObjectProvider<TrustPolicy> trustPolicy,
            ObjectProvider<StoreBuilderCustomizer> customizers) {
        return new StoreCreator(properties, beanFactory, serializer, trustPolicy, customizers);
    }

    /**
     * The serializer of the stores: {@link DefaultSerializer} trusting JDK value types, the application's packages
     * and {@code proxystore.serializer.trusted-packages}.
     */
    @Bean
    @ConditionalOnMissingBean
    Serializer proxyStoreSerializer(ProxyStoreProperties properties, ConfigurableListableBeanFactory beanFactory) {
        List<String> packages = new ArrayList<>();
        if (properties.getSerializer().isTrustApplicationPackages() && AutoConfigurationPackages.has(beanFactory)) {
            for (String name : AutoConfigurationPackages.get(beanFactory)) {
                if (!name.isBlank()) {
                    packages.add(name);
                }
            }
        }
        DefaultSerializer serializer = DefaultSerializer.create().allowPackages(packages.toArray(String[]::new));
        List<String> configured = properties.getSerializer().getTrustedPackages();
        try {
            return serializer.allowPackages(configured.toArray(String[]::new));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationPropertyValueException(
                    ProxyStoreProperties.PREFIX + ".serializer.trusted-packages", String.join(",", configured),
                    e.getMessage() + ".", e);
        }
    }

    /**
     * What references read by this application are granted, from {@code proxystore.security.*}: signed with
     * {@code signing-key}, read-only when unsigned, no store re-created unless allowed. Closing it closes the stores
     * it re-created.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    TrustPolicy proxyStoreTrustPolicy(ProxyStoreProperties properties, Serializer serializer) {
        return TrustPolicies.of(properties.getSecurity(), serializer);
    }

    /** The context's store registry: its Store beans plus stores registered at run time, under its trust policy. */
    @Bean
    @ConditionalOnMissingBean
    StoreRegistry proxyStoreRegistry(ConfigurableListableBeanFactory beanFactory, TrustPolicy trustPolicy) {
        return new ContextStoreRegistry(beanFactory, trustPolicy);
    }

    @Bean(GlobalRegistryAttachment.BEAN_NAME)
    GlobalRegistryAttachment proxyStoreGlobalRegistryAttachment(StoreRegistry registry,
            ConfigurableListableBeanFactory beanFactory) {
        return new GlobalRegistryAttachment(registry, beanFactory);
    }

    @Bean(StaticLifetimeEviction.BEAN_NAME)
    StaticLifetimeEviction proxyStoreStaticLifetimeEviction(ConfigurableListableBeanFactory beanFactory,
            StoreRegistry registry) {
        return new StaticLifetimeEviction(beanFactory, registry);
    }

    /** Evicts a Store bean's static objects before it is destroyed, when the context failed to start. */
    @Bean
    static StaticLifetimeEviction.BeforeStoreDestruction proxyStoreStaticLifetimeEvictionBeforeStoreDestruction() {
        return new StaticLifetimeEviction.BeforeStoreDestruction();
    }

    /** The bean to run code in a lifetime with; its {@code proxyLifetime} scope is registered below. */
    @Bean
    @ConditionalOnMissingBean
    static ProxyLifetimeScope proxyLifetimeScope() {
        return new ProxyLifetimeScope();
    }

    /** Registers the {@code proxyLifetime} scope of the {@link ProxyLifetimeScope} bean. */
    @Bean
    static BeanFactoryPostProcessor proxyLifetimeScopeRegistrar() {
        return new ProxyLifetimeScopeRegistrar();
    }

    /** Stores with {@code metrics: true} record into the application's meter registry. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
    static class MicrometerConfiguration {

        @Bean
        MeterRegistryStoreCustomizer proxyStoreMeterRegistryCustomizer(ProxyStoreProperties properties,
                ObjectProvider<io.micrometer.core.instrument.MeterRegistry> meterRegistry) {
            return new MeterRegistryStoreCustomizer(properties, meterRegistry);
        }
    }

    /** Stores are observed in the application's observation registry, so traces show their puts and resolves. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.observation.ObservationRegistry")
    static class ObservationConfiguration {

        @Bean
        StoreBuilderCustomizer proxyStoreObservationRegistryCustomizer(
                ObjectProvider<io.micrometer.observation.ObservationRegistry> observationRegistry) {
            return (name, builder) -> {
                io.micrometer.observation.ObservationRegistry registry = observationRegistry.getIfUnique();
                if (registry != null) {
                    builder.observationRegistry(registry);
                }
            };
        }
    }

    /** The store {@code default}, when no store is declared and the application defines none. */
    @Configuration(proxyBeanMethods = false)
    @Conditional(NoStoreDeclaredCondition.class)
    static class DefaultStoreConfiguration {

        @Bean(name = DEFAULT_STORE_NAME, destroyMethod = "close")
        @ConditionalOnMissingBean(Store.class)
        Store defaultStore(StoreCreator creator) {
            return creator.create(DEFAULT_STORE_NAME);
        }
    }

    /** Matches when {@code proxystore.stores} declares no store. */
    static final class NoStoreDeclaredCondition extends SpringBootCondition {

        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return StoreDeclarations.any(context.getEnvironment())
                    ? ConditionOutcome.noMatch("stores are declared under " + StoreDeclarations.STORES)
                    : ConditionOutcome.match("no store is declared under " + StoreDeclarations.STORES);
        }
    }
}
