package dev.proxystore.store;

import dev.proxystore.connector.Connector;

/** Scaffold: replaced by the real implementation. */
public final class Store implements AutoCloseable {

    private final String name;
    private final Connector connector;

    public Store(String name, Connector connector) {
        this.name = name;
        this.connector = connector;
    }

    public String name() {
        return name;
    }

    public Connector connector() {
        return connector;
    }

    public <T> void evict(Key<T> key) {
        throw new UnsupportedOperationException("scaffold");
    }

    @Override
    public void close() {
        connector.close();
    }
}
