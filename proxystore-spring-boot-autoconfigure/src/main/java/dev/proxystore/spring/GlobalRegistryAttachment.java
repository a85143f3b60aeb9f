package dev.proxystore.spring;

import dev.proxystore.store.Store;
import dev.proxystore.store.StoreRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanNameAware;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * Makes {@link StoreRegistry#global()} see the context's {@link StoreRegistry} bean from the moment this bean is
 * created until it is destroyed, so a proxy resolved on any thread finds the context's stores. It is destroyed before
 * any Store bean (it is registered as depending on all of them), so proxies resolve until the stores close.
 */
final class GlobalRegistryAttachment
        implements InitializingBean, SmartInitializingSingleton, DisposableBean, BeanNameAware {

    /** The bean name. */
    static final String BEAN_NAME = "proxyStoreGlobalRegistryAttachment";

    private final StoreRegistry registry;
    private final ConfigurableListableBeanFactory beanFactory;
    private String beanName = BEAN_NAME;
    private volatile StoreRegistry.@Nullable Registration attachment;

    GlobalRegistryAttachment(StoreRegistry registry, ConfigurableListableBeanFactory beanFactory) {
        this.registry = registry;
        this.beanFactory = beanFactory;
    }

    @Override
    public void setBeanName(String name) {
        this.beanName = name;
    }

    @Override
    public void afterPropertiesSet() {
        if (registry != StoreRegistry.global()) {
            attachment = StoreRegistry.attachToGlobal(registry);
        }
    }

    @Override
    public void afterSingletonsInstantiated() {
        for (String store : beanFactory.getBeanNamesForType(Store.class, false, false)) {
            beanFactory.registerDependentBean(store, beanName);
        }
    }

    /** Whether the global registry currently sees the context's registry. */
    boolean attached() {
        return attachment != null;
    }

    @Override
    public void destroy() {
        StoreRegistry.Registration registration = attachment;
        attachment = null;
        if (registration != null) {
            registration.close();
        }
    }
}
