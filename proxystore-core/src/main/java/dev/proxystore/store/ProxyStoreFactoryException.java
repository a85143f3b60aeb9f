package dev.proxystore.store;

/** A proxy's factory is not a {@link StoreFactory}, so the operation cannot find its store. */
public class ProxyStoreFactoryException extends StoreException {

    public ProxyStoreFactoryException(String message) {
        super(message);
    }
}
