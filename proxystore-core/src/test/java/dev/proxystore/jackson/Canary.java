package dev.proxystore.jackson;

import java.util.concurrent.atomic.AtomicInteger;

/** Counts its own initialization; tests name it only as a string, so only reflective loading initializes it. */
public class Canary {

    /** How often any Canary class was initialized. */
    public static final class Counter {
        public static final AtomicInteger INITIALIZED = new AtomicInteger();

        private Counter() {
        }
    }

    static {
        Counter.INITIALIZED.incrementAndGet();
    }
}
