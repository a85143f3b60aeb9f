package dev.proxystore.connector;

/** A connector that can hand out a key before the data exists, and write or overwrite data under a key. */
public interface DeferrableConnector extends Connector {

    /** A fresh key with no data yet. */
    String newKey();

    /** Writes {@code data} under {@code key}, replacing what was there. */
    void set(String key, byte[] data);
}
