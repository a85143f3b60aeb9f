package dev.proxystore.spring;

import dev.proxystore.store.Store;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.NoUniqueBeanDefinitionException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * Explains a {@link Store} injected by type while several stores exist and none is primary, naming the
 * {@code primary} property instead of Spring's generic ambiguity message. Ahead of Boot's own analyzer for the
 * exception.
 */
final class AmbiguousStoreFailureAnalyzer extends AbstractFailureAnalyzer<NoUniqueBeanDefinitionException>
        implements Ordered {

    @Override
    protected @Nullable FailureAnalysis analyze(Throwable rootFailure, NoUniqueBeanDefinitionException cause) {
        if (cause.getBeanType() == null || !Store.class.isAssignableFrom(cause.getBeanType())) {
            return null;
        }
        String names = cause.getBeanNamesFound() == null ? "several" : String.join(", ",
                cause.getBeanNamesFound());
        String example = cause.getBeanNamesFound() == null || cause.getBeanNamesFound().isEmpty() ? "<name>"
                : cause.getBeanNamesFound().iterator().next();
        return new FailureAnalysis("A ProxyStore Store is injected by type, but " + cause.getNumberOfBeansFound()
                + " stores exist (" + names + ") and none is primary.",
                "Make one store the primary one with " + StoreDeclarations.property(example, "primary")
                        + "=true, or inject a store by its name with @Qualifier(\"" + example + "\").",
                cause);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
