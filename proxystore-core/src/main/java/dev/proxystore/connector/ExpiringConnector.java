package dev.proxystore.connector;

import java.time.Duration;

/** A connector whose backend can expire keys by itself, so objects go away even if this process dies. */
public interface ExpiringConnector extends Connector {

    /** Expires {@code key} after {@code ttl}, replacing any earlier expiry; a missing key is a no-op. */
    void expire(String key, Duration ttl);
}
