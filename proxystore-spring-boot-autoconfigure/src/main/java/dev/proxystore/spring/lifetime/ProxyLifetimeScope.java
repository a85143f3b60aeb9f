package dev.proxystore.spring.lifetime;

import dev.proxystore.lifetime.ContextLifetime;
import dev.proxystore.lifetime.Lifetime;
import dev.proxystore.store.Store;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.Scope;

/**
 * Runs code inside a ProxyStore {@link Lifetime}, which is what {@link ProxyLifetime @ProxyLifetime} beans (the
 * {@value #SCOPE_NAME} scope) live by: inside {@link #call}, each such bean has one instance per lifetime,
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
 * thread binds it with {@link #call(Lifetime, Callable)}. {@link ProxyLifetimeScopeRegistrar} registers the bean scope
 * of this bean with the bean factory.
 */
public final class ProxyLifetimeScope implements DisposableBean {

    /** The scope name used by {@link ProxyLifetime @ProxyLifetime}. */
    public static final String SCOPE_NAME = "proxyLifetime";

    private final LifetimeBinding binding = new LifetimeBinding();
    private final LifetimeBeanScope beans = new LifetimeBeanScope(binding);

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
        beans.checkOpen();
        if (lifetime.done()) {
            beans.endIfDone(lifetime);
            throw new IllegalStateException("lifetime '" + lifetime.name() + "' has ended");
        }
        binding.push(lifetime);
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
            binding.pop();
        }
    }

    /** The lifetime bound to the current thread by the innermost {@link #call}, if any. */
    public Optional<Lifetime> current() {
        return binding.current();
    }

    /** How many lifetimes currently hold scoped beans. */
    public int activeLifetimes() {
        return beans.activeLifetimes();
    }

    /** Destroys the scoped beans of every lifetime; later calls fail. Called when the application context closes. */
    @Override
    public void destroy() {
        beans.destroy();
    }

    @Override
    public String toString() {
        return "ProxyLifetimeScope[lifetimes=" + beans.activeLifetimes() + "]";
    }

    /** The Spring scope holding this bean's {@link ProxyLifetime @ProxyLifetime} instances. */
    Scope beanScope() {
        return beans;
    }
}
