package dev.proxystore.ref;

/** A borrow conflicts with an existing one: one mutable borrow or any number of immutable ones, never both. */
public class MutableBorrowException extends RefProxyException {

    public MutableBorrowException(String message) {
        super(message);
    }
}
