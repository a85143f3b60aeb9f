package dev.proxystore.spring;

import dev.proxystore.connector.DeferrableConnector;
import dev.proxystore.connector.LocalConnector;
import dev.proxystore.testing.ForwardingConnector;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A local connector that records evictions and its closing, in order. */
final class RecordingConnector extends ForwardingConnector implements DeferrableConnector {

    final List<String> events = new CopyOnWriteArrayList<>();
    private final LocalConnector local;

    RecordingConnector() {
        this(new LocalConnector());
    }

    private RecordingConnector(LocalConnector local) {
        super(local);
        this.local = local;
    }

    @Override
    public void evict(String key) {
        events.add("evict " + key);
        super.evict(key);
    }

    @Override
    public String newKey() {
        return local.newKey();
    }

    @Override
    public void set(String key, byte[] data) {
        local.set(key, data);
    }

    @Override
    public void close() {
        events.add("close");
        super.close();
    }
}
