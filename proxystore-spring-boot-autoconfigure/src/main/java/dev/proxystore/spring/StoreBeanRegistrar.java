package dev.proxystore.spring;

import dev.proxystore.spring.ProxyStoreProperties.StoreProperties;
import dev.proxystore.store.Store;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Registers one {@link Store} bean per {@code proxystore.stores.<name>} entry, named after the store, created by
 * {@link StoreCreator} and closed with the context. An entry whose name is already taken by a bean definition (the
 * user's own store, for example) is skipped: the user's bean wins.
 */
final class StoreBeanRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware, BeanClassLoaderAware {

    private static final Log logger = LogFactory.getLog(StoreBeanRegistrar.class);

    private @Nullable Environment environment;
    private @Nullable ClassLoader classLoader;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void setBeanClassLoader(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    @Override
    public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
        if (environment == null) {
            throw new IllegalStateException("no environment");
        }
        Map<String, StoreProperties> stores = StoreDefinitions.bind(environment);
        stores.forEach((name, properties) -> {
            if (registry.containsBeanDefinition(name)) {
                logger.info("Not creating ProxyStore store '" + name + "' from " + StoreDefinitions.STORES
                        + ": a bean named '" + name + "' is already defined");
                return;
            }
            StoreDefinitions.validate(name, properties, classLoader);
            registry.registerBeanDefinition(name, definition(name, properties));
        });
    }

    private static RootBeanDefinition definition(String name, StoreProperties properties) {
        RootBeanDefinition definition = new RootBeanDefinition();
        definition.setTargetType(Store.class);
        definition.setFactoryBeanName(StoreCreator.BEAN_NAME);
        definition.setFactoryMethodName("create");
        definition.getConstructorArgumentValues().addIndexedArgumentValue(0, name);
        definition.getConstructorArgumentValues().addIndexedArgumentValue(1, properties);
        definition.setDestroyMethodName("close");
        definition.setPrimary(properties.isPrimary());
        definition.setDescription("ProxyStore store '" + name + "' from " + StoreDefinitions.property(name, "*"));
        return definition;
    }
}
