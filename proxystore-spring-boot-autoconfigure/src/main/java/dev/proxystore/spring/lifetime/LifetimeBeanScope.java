package dev.proxystore.spring.lifetime;

import dev.proxystore.lifetime.Lifetime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectFactory;
import org.springframework.beans.factory.config.Scope;

/**
 * The {@value ProxyLifetimeScope#SCOPE_NAME} bean scope: holds the {@link ProxyLifetime @ProxyLifetime} instances of
 * each lifetime bound through {@link ProxyLifetimeScope}, and destroys them when that lifetime ends.
 */
final class LifetimeBeanScope implements Scope {

    private static final Log logger = LogFactory.getLog(ProxyLifetimeScope.class);

    private final LifetimeBinding binding;
    private final Map<Identity, Instances> instances = new ConcurrentHashMap<>();
    private volatile boolean destroyed;

    LifetimeBeanScope(LifetimeBinding binding) {
        this.binding = binding;
    }

    /**
     * The instance of bean {@code name} for the current lifetime, created on first use.
     *
     * @throws IllegalStateException if no lifetime is bound to the current thread, or it has ended
     */
    @Override
    public Object get(String name, ObjectFactory<?> objectFactory) {
        Lifetime lifetime = requireCurrent(name);
        return instancesOf(lifetime).get(name, objectFactory);
    }

    @Override
    public @Nullable Object remove(String name) {
        Lifetime lifetime = requireCurrent(name);
        Instances holder = instances.get(new Identity(lifetime));
        return holder == null ? null : holder.remove(name);
    }

    @Override
    public void registerDestructionCallback(String name, Runnable callback) {
        Lifetime lifetime = requireCurrent(name);
        instancesOf(lifetime).registerDestructionCallback(name, callback);
    }

    @Override
    public @Nullable Object resolveContextualObject(String key) {
        return null;
    }

    /** The name of the current lifetime, if any. */
    @Override
    public @Nullable String getConversationId() {
        return binding.current().map(Lifetime::name).orElse(null);
    }

    @Override
    public String toString() {
        return "LifetimeBeanScope[lifetimes=" + instances.size() + "]";
    }

    int activeLifetimes() {
        return instances.size();
    }

    /** Destroys the instances of {@code lifetime} if it has ended. */
    void endIfDone(Lifetime lifetime) {
        if (lifetime.done()) {
            end(new Identity(lifetime));
        }
    }

    /** Destroys the instances of every lifetime; later use fails. */
    void destroy() {
        destroyed = true;
        for (Identity identity : List.copyOf(instances.keySet())) {
            end(identity);
        }
    }

    void checkOpen() {
        if (destroyed) {
            throw new IllegalStateException("the proxy lifetime scope is closed (its application context closed)");
        }
    }

    private Lifetime requireCurrent(String beanName) {
        Lifetime lifetime = binding.current().orElseThrow(() -> new IllegalStateException("Bean '" + beanName
                + "' is @ProxyLifetime-scoped, but no ProxyStore lifetime is active on thread '"
                + Thread.currentThread().getName() + "': use it inside ProxyLifetimeScope.call(...)"));
        if (lifetime.done()) {
            endIfDone(lifetime);
            throw new IllegalStateException("Bean '" + beanName + "' is @ProxyLifetime-scoped, but lifetime '"
                    + lifetime.name() + "' has ended");
        }
        return lifetime;
    }

    private Instances instancesOf(Lifetime lifetime) {
        checkOpen();
        Identity identity = new Identity(lifetime);
        Instances existing = instances.get(identity);
        if (existing != null) {
            return existing;
        }
        Instances created = new Instances(lifetime);
        existing = instances.putIfAbsent(identity, created);
        if (existing != null) {
            return existing;
        }
        // runs at once if the lifetime ended meanwhile; the new holder then refuses to create beans. A lifetime that
        // does not report its end has its instances ended when a call finds it done.
        lifetime.whenDone(() -> end(identity));
        if (destroyed) {
            end(identity);
        }
        return created;
    }

    private void end(Identity identity) {
        Instances holder = instances.remove(identity);
        if (holder != null) {
            holder.destroy();
        }
    }

    /** A lifetime compared by identity: lifetimes are distinct even if a class defines equality. */
    private record Identity(Lifetime lifetime) {

        @Override
        public boolean equals(@Nullable Object other) {
            return other instanceof Identity that && that.lifetime == lifetime;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(lifetime);
        }
    }

    /** The scoped beans of one lifetime and their destruction callbacks. */
    private static final class Instances {

        private final Lifetime lifetime;
        private final Map<String, Object> beans = new LinkedHashMap<>();
        private final Map<String, Runnable> callbacks = new LinkedHashMap<>();
        private boolean ended;

        Instances(Lifetime lifetime) {
            this.lifetime = lifetime;
        }

        synchronized Object get(String name, ObjectFactory<?> objectFactory) {
            checkLive(name);
            Object bean = beans.get(name);
            if (bean == null) {
                bean = objectFactory.getObject();
                checkLive(name);
                beans.put(name, bean);
            }
            return bean;
        }

        synchronized @Nullable Object remove(String name) {
            callbacks.remove(name);
            return beans.remove(name);
        }

        synchronized void registerDestructionCallback(String name, Runnable callback) {
            checkLive(name);
            callbacks.put(name, callback);
        }

        void destroy() {
            List<Map.Entry<String, Runnable>> toRun;
            synchronized (this) {
                if (ended) {
                    return;
                }
                ended = true;
                toRun = new ArrayList<>(callbacks.entrySet());
                callbacks.clear();
                beans.clear();
            }
            for (int i = toRun.size() - 1; i >= 0; i--) {
                Map.Entry<String, Runnable> callback = toRun.get(i);
                try {
                    callback.getValue().run();
                } catch (RuntimeException e) {
                    logger.warn("Failed to destroy bean '" + callback.getKey() + "' of lifetime '"
                            + lifetime.name() + "'", e);
                }
            }
        }

        private void checkLive(String name) {
            if (ended) {
                throw new IllegalStateException("Bean '" + name + "' is @ProxyLifetime-scoped, but lifetime '"
                        + lifetime.name() + "' has ended");
            }
        }
    }
}
