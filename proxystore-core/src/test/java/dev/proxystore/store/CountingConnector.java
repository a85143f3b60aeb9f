package dev.proxystore.store;

import dev.proxystore.connector.Connector;
import dev.proxystore.store.ConnectorConfig;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/** Counts reads on the way to a real connector. */
final class CountingConnector implements Connector {

    final Connector delegate;
    final AtomicInteger gets = new AtomicInteger();
    final AtomicInteger batches = new AtomicInteger();

    CountingConnector(Connector delegate) {
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
        gets.incrementAndGet();
        return delegate.get(key);
    }

    @Override
    public List<byte @Nullable []> getBatch(List<String> keys) {
        gets.addAndGet(keys.size());
        batches.incrementAndGet();
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
