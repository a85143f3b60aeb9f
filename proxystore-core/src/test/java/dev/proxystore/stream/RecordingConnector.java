package dev.proxystore.stream;

import dev.proxystore.connector.Connector;
import dev.proxystore.testing.ForwardingConnector;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/** Counts what reaches a real connector, to show what a refused event did not touch. */
final class RecordingConnector extends ForwardingConnector {

    final AtomicInteger reads = new AtomicInteger();
    final AtomicInteger evictions = new AtomicInteger();

    RecordingConnector(Connector delegate) {
        super(delegate);
    }

    @Override
    public byte @Nullable [] get(String key) {
        reads.incrementAndGet();
        return super.get(key);
    }

    @Override
    public List<byte @Nullable []> getBatch(List<String> keys) {
        reads.addAndGet(keys.size());
        return super.getBatch(keys);
    }

    @Override
    public boolean exists(String key) {
        reads.incrementAndGet();
        return super.exists(key);
    }

    @Override
    public void evict(String key) {
        evictions.incrementAndGet();
        super.evict(key);
    }

    int touches() {
        return reads.get() + evictions.get();
    }
}
