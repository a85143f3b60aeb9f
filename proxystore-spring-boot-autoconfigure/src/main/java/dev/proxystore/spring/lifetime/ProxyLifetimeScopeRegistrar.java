package dev.proxystore.spring.lifetime;

import java.util.List;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * Registers the {@value ProxyLifetimeScope#SCOPE_NAME} scope of the one {@link ProxyLifetimeScope} bean, so that
 * {@link ProxyLifetime @ProxyLifetime} beans work. The auto-configuration declares it; without it, declare it as a
 * {@code static @Bean}.
 */
public final class ProxyLifetimeScopeRegistrar implements BeanFactoryPostProcessor {

    /**
     * @throws IllegalStateException if the bean factory does not define exactly one {@link ProxyLifetimeScope}
     */
    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        // by name and without eager initialization: a post-processor must not instantiate other beans to type them
        String[] names = beanFactory.getBeanNamesForType(ProxyLifetimeScope.class, true, false);
        if (names.length != 1) {
            throw new IllegalStateException("Expected one ProxyLifetimeScope bean to register as the '"
                    + ProxyLifetimeScope.SCOPE_NAME + "' scope, found " + List.of(names));
        }
        beanFactory.registerScope(ProxyLifetimeScope.SCOPE_NAME,
                beanFactory.getBean(names[0], ProxyLifetimeScope.class).beanScope());
    }
}
