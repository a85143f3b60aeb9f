package dev.proxystore.store;

import dev.proxystore.connector.Connector;
import dev.proxystore.testing.ForwardingConnector;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/** Counts reads on the way to a real connector. */
final class CountingConnector extends ForwardingConnector {

    final AtomicInteger gets = new AtomicInteger();
    final AtomicInteger batches = new AtomicInteger();

    CountingConnector(Connector delegate) {
        super(delegate);
    }

    @Override
    public byte @Nullable [] get(String key) {
        gets.incrementAndGet();
        return super.get(key);
    }

    @Override
    public List<byte @Nullable []> getBatch(List<String> keys) {
        gets.addAndGet(keys.size());
        batches.incrementAndGet();
        return super.getBatch(keys);
    }
}
