package dev.proxystore.reliability.canary;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts what happened to the canary classes: class initialization and construction. The tests name the canaries by
 * string only, so nothing but a deserializer could make these counts move.
 */
public final class CanaryCounters {

    public static final AtomicInteger CANARY_INITIALIZED = new AtomicInteger();
    public static final AtomicInteger CANARY_CONSTRUCTED = new AtomicInteger();
    public static final AtomicInteger SERIAL_CANARY_INITIALIZED = new AtomicInteger();
    public static final AtomicInteger SERIAL_CANARY_CONSTRUCTED = new AtomicInteger();

    private CanaryCounters() {
    }
}
