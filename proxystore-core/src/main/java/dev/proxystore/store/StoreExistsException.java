package dev.proxystore.store;

/** A store with the same name is already registered. */
public class StoreExistsException extends StoreException {

    public StoreExistsException(String name) {
        super("a store named '" + name + "' is already registered");
    }
}
