package dev.proxystore.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports an unusable signing key by its property and the reason, without printing the value. */
final class InvalidSigningKeyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidSigningKeyException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidSigningKeyException cause) {
        return new FailureAnalysis("The value of configuration property '" + cause.property() + "' (not shown, it is a"
                + " secret) is not a usable signing key: " + cause.reason(),
                "Set '" + cause.property() + "' to a secret of at least 32 bytes, shared by every application that"
                        + " exchanges references: text, or 'base64:' followed by the base64 of random bytes (for"
                        + " example the output of 'openssl rand -base64 32').", cause);
    }
}
