package dev.proxystore.store;

/**
 * A reference (a Java-serialized proxy, a JSON reference, a stream event) that this process refuses: its tag does not
 * verify, or it asks for something the receiver's {@link TrustPolicy} does not grant. Thrown when the reference is
 * read, before anything is connected, created, registered, read or evicted.
 */
public class UntrustedReferenceException extends StoreException {

    private final String storeName;
    private final String reason;

    /**
     * @param storeName the store the reference names (possibly made up by its sender)
     * @param reason why it is refused, for example {@code "its tag does not verify"}
     */
    public UntrustedReferenceException(String storeName, String reason) {
        super("Refused a reference to store '" + shorten(storeName) + "': " + reason);
        this.storeName = storeName;
        this.reason = reason;
    }

    /** The store the reference names. */
    public String storeName() {
        return storeName;
    }

    /** Why the reference is refused. */
    public String reason() {
        return reason;
    }

    /** Text from a reference, cut to a length fit for a message: it may come from hostile input. */
    static String shorten(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }
}
