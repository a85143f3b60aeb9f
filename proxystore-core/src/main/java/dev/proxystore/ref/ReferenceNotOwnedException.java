package dev.proxystore.ref;

/** The operation needs the owner (or a mutable borrow), and the reference is not it. */
public class ReferenceNotOwnedException extends RefProxyException {

    public ReferenceNotOwnedException(String message) {
        super(message);
    }
}
