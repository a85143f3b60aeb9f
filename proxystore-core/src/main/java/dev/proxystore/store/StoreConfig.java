package dev.proxystore.store;

import dev.proxystore.connector.ConnectorConfig;
import dev.proxystore.serialize.SerializerConfig;
import java.io.Serializable;
import java.util.Objects;

/**
 * Everything needed to re-create a {@link Store} in another process: travels inside every proxy's factory, so it
 * never holds data, code or secrets.
 *
 * @param name the store name
 * @param connector how to re-create the connector
 * @param cacheSize the local cache size in objects (0 disables the cache)
 * @param metrics whether the store records metrics
 * @param populateTarget whether proxies created locally start resolved
 * @param register whether a re-created store registers itself
 * @param serializer how to re-create the serializer
 */
public record StoreConfig(
        String name,
        ConnectorConfig connector,
        int cacheSize,
        boolean metrics,
        boolean populateTarget,
        boolean register,
        SerializerConfig serializer)
        implements Serializable {

    public StoreConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(connector, "connector");
        Objects.requireNonNull(serializer, "serializer");
        if (cacheSize < 0) {
            throw new IllegalArgumentException("cacheSize must be >= 0, was " + cacheSize);
        }
    }
}
