package dev.proxystore.store;

import java.util.Locale;

/** Why an object left a store; the {@code cause} tag of the {@code proxystore.store.evictions} counter. */
public enum EvictionCause {
    /** {@link Store#evict(Key)} was called. */
    EXPLICIT,
    /** An ephemeral proxy ({@code evict=true}) was resolved. */
    EPHEMERAL,
    /** The object's lifetime ended. */
    LIFETIME,
    /** The object's owner was dropped or became unreachable. */
    OWNERSHIP;

    /** The lower-case tag value, for example {@code lifetime}. */
    public String tagValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
