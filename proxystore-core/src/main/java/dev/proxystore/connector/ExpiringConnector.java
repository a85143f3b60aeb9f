package dev.proxystore.connector;

import dev.proxystore.serialize.Payload;
import java.time.Duration;

/** A connector whose backend can expire keys by itself, so objects go away even if this process dies. */
public interface ExpiringConnector extends Connector {

    /** Expires {@code key} after {@code ttl}, replacing any earlier expiry; a missing key is a no-op. */
    void expire(String key, Duration ttl);

    /**
     * Writes {@code payload} under a new key that expires after {@code ttl}, so the object never lives without its
     * expiry. By default a {@link #put(byte[])} then an {@link #expire}; if the expiry fails, the object is evicted
     * (best effort) and the expiry's failure is thrown. Backends that can write both in one command override this.
     */
    default String put(Payload payload, Duration ttl) {
        String key = put(payload.toBytes());
        try {
            expire(key, ttl);
        } catch (RuntimeException e) {
            try {
                evict(key);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        return key;
    }
}
