package dev.proxystore.spring.lifetime;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Scope;
import org.springframework.context.annotation.ScopedProxyMode;
import org.springframework.core.annotation.AliasFor;

/**
 * Scopes a bean to the ProxyStore lifetime bound by {@link ProxyLifetimeScope#call}: one instance per lifetime,
 * destroyed when that lifetime ends. Like {@code @RequestScope}, the bean is injected as a scoped proxy by default, so
 * singletons can hold it and reach the instance of whichever lifetime is current on the calling thread.
 *
 * <pre>{@code
 * @Component
 * @ProxyLifetime
 * class JobContext {
 *     private final List<Object> results = new ArrayList<>();
 *     void add(Object result) { results.add(result); }
 *     @PreDestroy void done() { ... }   // runs when the lifetime ends
 * }
 *
 * proxyLifetimeScope.call(store, () -> { jobContext.add(...); return ...; });
 * }</pre>
 *
 * <p>Use the bean through its methods: the injected object is a proxy that finds the current lifetime's instance on
 * each method call, and its own fields are empty.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Scope(ProxyLifetimeScope.SCOPE_NAME)
public @interface ProxyLifetime {

    /**
     * How the bean is injected; by default a class-based scoped proxy (so the bean class must not be final).
     * {@link ScopedProxyMode#NO} injects the instance of the lifetime current at injection time, which is only useful
     * for beans obtained inside the lifetime.
     */
    @AliasFor(annotation = Scope.class)
    ScopedProxyMode proxyMode() default ScopedProxyMode.TARGET_CLASS;
}
