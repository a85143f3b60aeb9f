package dev.proxystore.testing;

import dev.proxystore.connector.Connector;
import dev.proxystore.connector.ConnectorConfig;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A connector that forwards every call to another: test doubles override only what they observe or break. */
public abstract class ForwardingConnector implements Connector {

    protected final Connector delegate;

    protected ForwardingConnector(Connector delegate) {
        this.delegate = delegate;
    }

    @Override
    public String put(byte[] data) {
        return delegate.put(data);
    }

    @Override
    public List<String> putBatch(List<byte[]> data) {
        return delegate.putBatch(data);
    }

    @Override
    public byte @Nullable [] get(String key) {
        return delegate.get(key);
    }

    @Override
    public List<byte @Nullable []> getBatch(List<String> keys) {
        return delegate.getBatch(keys);
    }

    @Override
    public boolean exists(String key) {
        return delegate.exists(key);
    }

    @Override
    public void evict(String key) {
        delegate.evict(key);
    }

    @Override
    public ConnectorConfig config() {
        return delegate.config();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
