package dev.proxystore.spring.async;

import dev.proxystore.executor.ProxyPolicy;
import dev.proxystore.executor.ResultProxier;
import dev.proxystore.spring.ProxyStoreAutoConfiguration;
import dev.proxystore.spring.ProxyStoreProperties;
import dev.proxystore.store.Store;
import java.util.concurrent.Executor;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.support.TaskExecutorAdapter;
import org.springframework.scheduling.annotation.AsyncConfigurer;
import org.springframework.util.unit.DataSize;

/**
 * With {@code proxystore.async.store=<name>}, {@code @Async} methods that return a {@code Future} or
 * {@code CompletableFuture} hand back their results as proxies of that store, so the value can be passed on by
 * reference. Runs on Boot's {@code applicationTaskExecutor}. Backs off when the application has its own
 * {@link AsyncConfigurer}.
 */
@AutoConfiguration(after = ProxyStoreAutoConfiguration.class, before = TaskExecutionAutoConfiguration.class)
@ConditionalOnClass({Store.class, AsyncConfigurer.class})
@ConditionalOnBooleanProperty(name = "proxystore.enabled", matchIfMissing = true)
@ConditionalOnProperty(prefix = "proxystore.async", name = "store")
public final class ProxyStoreAsyncAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(AsyncConfigurer.class)
    AsyncConfigurer proxyStoreAsyncConfigurer(ProxyStoreProperties properties, BeanFactory beanFactory) {
        ProxyStoreProperties.Async async = properties.getAsync();
        String storeName = async.getStore();
        if (storeName == null || storeName.isBlank()) {
            throw new InvalidConfigurationPropertyValueException("proxystore.async.store", storeName,
                    "Name the store that @Async results are written to.");
        }
        Store store;
        try {
            store = beanFactory.getBean(storeName, Store.class);
        } catch (NoSuchBeanDefinitionException e) {
            throw new InvalidConfigurationPropertyValueException("proxystore.async.store", storeName,
                    "No Store bean of that name exists.");
        }
        DataSize minSize = async.getMinSize();
        ResultProxier proxier = ResultProxier.builder(store)
                .policy(minSize == null ? ProxyPolicy.always() : ProxyPolicy.minSize(minSize.toBytes()))
                .ownership(async.isOwnership())
                .build();
        return new AsyncConfigurer() {
            @Override
            public Executor getAsyncExecutor() {
                return new ProxyingAsyncTaskExecutor(delegate(beanFactory), proxier);
            }
        };
    }

    private static AsyncTaskExecutor delegate(BeanFactory beanFactory) {
        String name = TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME;
        if (beanFactory.containsBean(name)) {
            Object executor = beanFactory.getBean(name);
            if (executor instanceof AsyncTaskExecutor async) {
                return async;
            }
            if (executor instanceof Executor plain) {
                return new TaskExecutorAdapter(plain);
            }
        }
        return fallback();
    }

    private static AsyncTaskExecutor fallback() {
        SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("proxystore-async-");
        executor.setVirtualThreads(false);
        return executor;
    }
}
