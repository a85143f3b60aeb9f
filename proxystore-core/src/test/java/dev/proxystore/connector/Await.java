package dev.proxystore.connector;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds or a timeout passes. */
final class Await {

    private Await() {}

    /** Whether {@code condition} held within {@code timeout}; {@code beforeEachCheck} runs before every poll. */
    static boolean until(Duration timeout, Runnable beforeEachCheck, BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            beforeEachCheck.run();
            if (condition.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(10);
        }
    }

    static boolean until(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        return until(timeout, () -> {}, condition);
    }
}
