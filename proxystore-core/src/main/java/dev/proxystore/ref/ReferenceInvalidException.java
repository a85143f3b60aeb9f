package dev.proxystore.ref;

/** The reference was dropped, released, or moved by serialization, and cannot be used any more. */
public class ReferenceInvalidException extends RefProxyException {

    public ReferenceInvalidException(String message) {
        super(message);
    }
}
