package dev.proxystore.spring;

import dev.proxystore.store.Store;

/**
 * Customizes the {@link Store.Builder} of every store the auto-configuration creates, after the
 * {@code proxystore.stores.*} properties are applied and before the store is built: for example to set a
 * {@link dev.proxystore.store.StoreMetrics} recorder or a store-specific serializer. Customizer beans run in
 * {@link org.springframework.core.Ordered} order.
 */
@FunctionalInterface
public interface StoreBuilderCustomizer {

    /**
     * Customizes the builder of the store named {@code name} (also its bean name).
     *
     * @param name the store's name
     * @param builder the builder, already configured from the properties
     */
    void customize(String name, Store.Builder builder);
}
