package dev.proxystore.connector;

/** A stored object is larger than the reader accepts: see {@link Connector#get(String, long)}. */
public class ObjectTooLargeException extends ConnectorException {

    private final String key;
    private final long size;
    private final long limit;

    public ObjectTooLargeException(String key, long size, long limit) {
        super("object " + key + " has " + size + " bytes, more than the " + limit + " bytes accepted");
        this.key = key;
        this.size = size;
        this.limit = limit;
    }

    /** The key of the object. */
    public String key() {
        return key;
    }

    /** The object's size in bytes. */
    public long size() {
        return size;
    }

    /** The most bytes the reader accepted. */
    public long limit() {
        return limit;
    }
}
