package dev.proxystore.spring;

import dev.proxystore.lifetime.StaticLifetime;
import dev.proxystore.store.Store;
import dev.proxystore.store.StoreRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.DestructionAwareBeanPostProcessor;
import org.springframework.context.SmartLifecycle;

/**
 * Evicts the {@link StaticLifetime} objects of the context's stores when the context stops, instead of at JVM exit.
 * {@link StaticLifetime#instance()} itself goes on, for other stores and later contexts in the same JVM.
 *
 * <p>Runs in phase {@link #PHASE}: lifecycles stop from the highest phase down, so this runs after the web server's
 * graceful shutdown ({@code WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE}, {@code Integer.MAX_VALUE - 1024})
 * and the web server's stop ({@code START_STOP_LIFECYCLE_PHASE}, {@code Integer.MAX_VALUE - 2048}),
 * after executors and message listener containers ({@link SmartLifecycle#DEFAULT_PHASE}), and before connection
 * factories such as Lettuce's (phase 0) stop; beans, the stores among them, are destroyed only after all
 * lifecycles stopped. If the context never started (a failed refresh), {@link BeforeStoreDestruction} evicts a Store
 * bean's static objects just before the bean is destroyed.
 */
final class StaticLifetimeEviction implements SmartLifecycle {

    /** The bean name. */
    static final String BEAN_NAME = "proxyStoreStaticLifetimeEviction";

    /** The lifecycle phase: below the web server's shutdown and stop, above connection factories. */
    static final int PHASE = Integer.MAX_VALUE - 4096;

    private static final Log logger = LogFactory.getLog(StaticLifetimeEviction.class);

    private final ConfigurableListableBeanFactory beanFactory;
    private final StoreRegistry registry;
    private volatile boolean running;

    StaticLifetimeEviction(ConfigurableListableBeanFactory beanFactory, StoreRegistry registry) {
        this.beanFactory = beanFactory;
        this.registry = registry;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        try {
            evict();
        } finally {
            running = false;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** Evicts the static objects of every store of the context; a store that fails does not stop the others. */
    void evict() {
        for (Store store : ContextStoreRegistry.contextStores(beanFactory, registry)) {
            evict(store);
        }
    }

    static void evict(Store store) {
        try {
            int evicted = StaticLifetime.instance().evictKeysOf(store);
            if (evicted > 0 && logger.isInfoEnabled()) {
                logger.info("Evicted " + evicted + " static-lifetime objects of ProxyStore store '" + store.name()
                        + "'");
            }
        } catch (RuntimeException e) {
            logger.warn("Failed to evict the static-lifetime objects of ProxyStore store '" + store.name() + "'", e);
        }
    }

    /**
     * Evicts a Store bean's static objects just before the bean is destroyed (closed): a no-op after a normal stop,
     * the eviction itself when the context failed to start and its lifecycles never ran.
     */
    static final class BeforeStoreDestruction implements DestructionAwareBeanPostProcessor {

        @Override
        public void postProcessBeforeDestruction(Object bean, String beanName) {
            if (bean instanceof Store store) {
                evict(store);
            }
        }

        @Override
        public boolean requiresDestruction(Object bean) {
            return bean instanceof Store;
        }
    }
}
