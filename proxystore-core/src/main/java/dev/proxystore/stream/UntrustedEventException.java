package dev.proxystore.stream;

import dev.proxystore.store.UntrustedReferenceException;
import org.jspecify.annotations.Nullable;

/**
 * A stream event this process refuses: its tag does not verify, it is unsigned where the receiver's policy refuses
 * that, or a reference it carries is refused. Its message names the topic; {@link #storeName()} is the store the
 * refused reference names, or empty when the event as a whole is refused.
 */
final class UntrustedEventException extends UntrustedReferenceException {

    private final String message;

    UntrustedEventException(String topic, String storeName, String reason, @Nullable Throwable cause) {
        super(storeName, reason);
        this.message = "Refused a stream event on topic '" + EventFormat.shorten(topic) + "': " + reason;
        if (cause != null) {
            initCause(cause);
        }
    }

    @Override
    public String getMessage() {
        return message;
    }
}
