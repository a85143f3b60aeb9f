package dev.proxystore.serialize.untrusted;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Records which canary classes were initialized or constructed. Tests name canaries by string only. */
public final class CanaryLog {

    public static final Set<String> INITIALIZED = ConcurrentHashMap.newKeySet();
    public static final Set<String> CONSTRUCTED = ConcurrentHashMap.newKeySet();

    private CanaryLog() {
    }
}
