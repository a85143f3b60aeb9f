package dev.proxystore.store;

import dev.proxystore.proxy.SerializableSupplier;

/**
 * A proxy factory that reads its target from a {@link Store}: a {@link StoreFactory} itself, or a factory that wraps
 * one (such as an ownership reference). Lifetimes and the registry use it to find a proxy's store and key.
 */
public interface StoreBackedFactory<T> extends SerializableSupplier<T> {

    /** The store factory behind this factory. */
    StoreFactory<T> storeFactory();
}
