package dev.proxystore.spring.lifetime;

import dev.proxystore.lifetime.ContextLifetime;
import dev.proxystore.lifetime.Lifetime;
import dev.proxystore.store.Store;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectFactory;
import org.springframework.beans.factory.config.Scope;

/**
 * Runs code inside a ProxyStore {@link Lifetime} and is the {@value #SCOPE_NAME} bean scope of
 * {@link ProxyLifetime @ProxyLifetime} beans: inside {@link #call}, each such bean has one instance per lifetime,
 * shared by every thread that binds the same lifetime, and destroyed (its {@code @PreDestroy} methods run) when that
 * lifetime ends.
 *
 * <pre>{@code
 * Report report = proxyLifetimeScope.call(store, () -> {
 *     Matrix m = store.proxy(matrix, ProxyOptions.defaults().withLifetime(proxyLifetimeScope.current().orElseThrow()));
 *     return analyzer.analyze(m);        // @ProxyLifetime beans used here belong to this lifetime
 * });                                    // the lifetime closes: m's object is evicted, the scoped beans destroyed
 * }</pre>
 *
 * <p>When a lifetime ends, its scoped beans are destroyed as soon as it reports its end through
 * {@link Lifetime#whenDone} (context and lease lifetimes do, a lease also on expiry). A lifetime that does not report
 * its end has its beans destroyed when a later {@link #call} or bean lookup finds it ended, or at the latest when the
 * application context closes. Beans still alive when the context closes are destroyed then.
 *
 * <p>Thread-safe. The binding is per thread and per scope: work handed to another thread sees no lifetime unless that
 * thread binds it with {@link #call(Lifetime, Callable)}.
 */
public final class ProxyLifetimeScope implements Scope, DisposableBean {

    /** The scope name used by {@link ProxyLifetime @ProxyLifetime}. */
    public static final String SCOPE_NAME = "proxyLifetime";

    private static final Log logger = LogFactory.getLog(ProxyLifetimeScope.class);

    private final ThreadLocal<@Nullable Deque<Lifetime>> bound = new ThreadLocal<>();
    private final Map<Identity, Instances> instances = new ConcurrentHashMap<>();
    private volatile boolean destroyed;

    /**
     * Opens a new {@link ContextLifetime} on {@code store}, binds it to the current thread while {@code body} runs,
     * then closes it: its objects are evicted and its scoped beans destroyed, also when {@code body} throws.
     *
     * @return what {@code body} returns
     * @throws RuntimeException what {@code body} throws, as is (as are errors); a failure to close the lifetime
     *     is added to it as suppressed
     * @throws UndeclaredThrowableException wrapping a checked exception thrown by {@code body} (the interrupt flag
     *     is restored for an {@link InterruptedException})
     */
    public <T extends @Nullable Object> T call(Store store, Callable<T> body) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(body, "body");
        ContextLifetime lifetime = new ContextLifetime(store);
        T result;
        try {
            result = call(lifetime, body);
        } catch (RuntimeException | Error e) {
            try {
                lifetime.close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        lifetime.close();
        return result;
    }

    /**
     * Binds {@code lifetime} to the current thread while {@code body} runs, then restores the lifetime bound before
     * (calls nest). The lifetime stays open: its scoped beans live until it ends (see the class description).
     *
     * @return what {@code body} returns
     * @throws IllegalStateException if the lifetime has already ended
     * @throws RuntimeException what {@code body} throws, as is (as are errors)
     * @throws UndeclaredThrowableException wrapping a checked exception thrown by {@code body}
     */
    public <T extends @Nullable Object> T call(Lifetime lifetime, Callable<T> body) {
        Objects.requireNonNull(lifetime, "lifetime");
        Objects.requireNonNull(body, "body");
        if (destroyed) {
            throw new IllegalStateException("the proxy lifetime scope is closed (its application context closed)");
        }
        if (lifetime.done()) {
            endIfDone(lifetime);
            throw new IllegalStateException("lifetime '" + lifetime.name() + "' has ended");
        }
        Deque<Lifetime> stack = bound.get();
        if (stack == null) {
            stack = new ArrayDeque<>();
            bound.set(stack);
        }
        stack.push(lifetime);
        try {
            return body.call();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UndeclaredThrowableException(e, "interrupted inside lifetime '" + lifetime.name() + "'");
        } catch (Exception e) {
            throw new UndeclaredThrowableException(e,
                    "checked exception inside lifetime '" + lifetime.name() + "': " + e);
        } finally {
            stack.pop();
            if (stack.isEmpty()) {
                bound.remove();
            }
        }
    }

    /** The lifetime bound to the current thread by the innermost {@link #call}, if any. */
    public Optional<Lifetime> current() {
        Deque<Lifetime> stack = bound.get();
        return stack == null ? Optional.empty() : Optional.ofNullable(stack.peek());
    }

    /** How many lifetimes currently hold scoped beans. */
    public int activeLifetimes() {
        return instances.size();
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
        return current().map(Lifetime::name).orElse(null);
    }

    /** Destroys the scoped beans of every lifetime; later calls fail. Called when the application context closes. */
    @Override
    public void destroy() {
        destroyed = true;
        for (Identity identity : List.copyOf(instances.keySet())) {
            end(identity);
        }
    }

    @Override
    public String toString() {
        return "ProxyLifetimeScope[lifetimes=" + instances.size() + "]";
    }

    private Lifetime requireCurrent(String beanName) {
        Lifetime lifetime = current().orElseThrow(() -> new IllegalStateException("Bean '" + beanName
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
        if (destroyed) {
            throw new IllegalStateException("the proxy lifetime scope is closed (its application context closed)");
        }
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

    private void endIfDone(Lifetime lifetime) {
        if (lifetime.done()) {
            end(new Identity(lifetime));
        }
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
