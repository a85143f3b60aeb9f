package dev.proxystore.spring;

import dev.proxystore.store.Store;
import java.util.List;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Registers one {@link Store} bean per {@code proxystore.stores.<name>} entry, named after the store, created by
 * {@link StoreCreator} from the {@link ProxyStoreProperties} bean and closed with the context. An entry whose name is already taken by a bean definition (the
 * user's own store, for example) is skipped: the user's bean wins.
 */
final class StoreBeanRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware {

    private static final Log logger = LogFactory.getLog(StoreBeanRegistrar.class);

    private @Nullable Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
        if (environment == null) {
            throw new IllegalStateException("no environment");
        }
        Map<String, Boolean> declared = StoreDeclarations.primaryByName(environment);
        List<String> primaries = declared.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey)
                .toList();
        if (primaries.size() > 1) {
            throw new InvalidConfigurationPropertyValueException(StoreDeclarations.property(primaries.get(1), "primary"),
                    true, "Only one store can be primary, and " + primaries + " all set "
                            + StoreDeclarations.property("<name>", "primary") + "=true. Keep it on one of them.");
        }
        declared.forEach((name, primary) -> {
            if (registry.containsBeanDefinition(name)) {
                logger.info("Not creating ProxyStore store '" + name + "' from " + StoreDeclarations.STORES
                        + ": a bean named '" + name + "' is already defined");
                return;
            }
            registry.registerBeanDefinition(name, definition(name, primary));
        });
    }

    private static RootBeanDefinition definition(String name, boolean primary) {
        RootBeanDefinition definition = new RootBeanDefinition();
        definition.setTargetType(Store.class);
        definition.setFactoryBeanName(StoreCreator.BEAN_NAME);
        definition.setFactoryMethodName("create");
        definition.getConstructorArgumentValues().addIndexedArgumentValue(0, name);
        definition.setDestroyMethodName("close");
        definition.setPrimary(primary);
        definition.setDescription("ProxyStore store '" + name + "' from " + StoreDeclarations.property(name, "*"));
        return definition;
    }
}
