package dev.proxystore.spring;

import dev.proxystore.connector.DeferrableConnector;
import dev.proxystore.connector.LocalConnector;
import dev.proxystore.store.ConnectorConfig;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/** A local connector that records evictions and its closing, in order. */
final class RecordingConnector implements DeferrableConnector {

    final List<String> events = new CopyOnWriteArrayList<>();
    private final LocalConnector delegate = new LocalConnector();

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
        events.add("evict " + key);
        delegate.evict(key);
    }

    @Override
    public String newKey() {
        return delegate.newKey();
    }

    @Override
    public void set(String key, byte[] data) {
        delegate.set(key, data);
    }

    @Override
    public ConnectorConfig config() {
        return delegate.config();
    }

    @Override
    public void close() {
        events.add("close");
        delegate.close();
    }
}
