package dev.proxystore.connector.multi;

import dev.proxystore.connector.Connector;
import dev.proxystore.connector.ConnectorConfig;
import dev.proxystore.connector.ConnectorException;
import dev.proxystore.connector.LocalConnector;
import dev.proxystore.testing.ForwardingConnector;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A plain {@link Connector} (neither deferrable nor expiring) over an in-memory store, which counts calls and fails
 * the operations it is told to fail.
 */
final class FaultyConnector extends ForwardingConnector {

    final LocalConnector backend;
    final AtomicInteger puts = new AtomicInteger();
    final AtomicInteger putBatches = new AtomicInteger();
    final AtomicInteger getBatches = new AtomicInteger();
    final AtomicInteger closes = new AtomicInteger();
    volatile boolean failPuts;
    volatile boolean failEvicts;
    volatile boolean failClose;
    private final ConnectorConfig config;

    FaultyConnector() {
        this(Map.of());
    }

    FaultyConnector(Map<String, String> configOptions) {
        this(new LocalConnector(), configOptions);
    }

    private FaultyConnector(LocalConnector backend, Map<String, String> configOptions) {
        super(backend);
        this.backend = backend;
        this.config = new ConnectorConfig("faulty", configOptions);
    }

    /** Objects stored. */
    int size() {
        return backend.size();
    }

    @Override
    public String put(byte[] data) {
        puts.incrementAndGet();
        if (failPuts) {
            throw new ConnectorException("faulty: put refused");
        }
        return backend.put(data);
    }

    @Override
    public List<String> putBatch(List<byte[]> data) {
        putBatches.incrementAndGet();
        if (failPuts) {
            throw new ConnectorException("faulty: batch refused");
        }
        return backend.putBatch(data);
    }

    @Override
    public List<byte @Nullable []> getBatch(List<String> keys) {
        getBatches.incrementAndGet();
        return backend.getBatch(keys);
    }

    @Override
    public void evict(String key) {
        if (failEvicts) {
            throw new ConnectorException("faulty: evict refused");
        }
        backend.evict(key);
    }

    @Override
    public ConnectorConfig config() {
        return config;
    }

    @Override
    public void close() {
        closes.incrementAndGet();
        backend.close();
        if (failClose) {
            throw new ConnectorException("faulty: close failed");
        }
    }

    @Override
    public String toString() {
        return "FaultyConnector";
    }
}
