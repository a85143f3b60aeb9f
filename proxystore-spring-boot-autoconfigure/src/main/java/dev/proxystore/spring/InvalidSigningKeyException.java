package dev.proxystore.spring;

/**
 * A signing key property ({@code proxystore.security.signing-key} or {@code previous-signing-keys}) whose value is not
 * a usable key. Carries the property and the reason, never the value: a secret is not printed, not even a wrong one.
 */
final class InvalidSigningKeyException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String property;
    private final String reason;

    InvalidSigningKeyException(String property, String reason) {
        super("Invalid value for configuration property '" + property + "' (not shown): " + reason);
        this.property = property;
        this.reason = reason;
    }

    String property() {
        return property;
    }

    String reason() {
        return reason;
    }
}
