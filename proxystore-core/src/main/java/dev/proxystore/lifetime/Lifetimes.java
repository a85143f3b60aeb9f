package dev.proxystore.lifetime;

import java.util.Objects;

/** Ending lifetimes when the JVM exits: the counterpart of Python's {@code atexit} registration. */
public final class Lifetimes {

    private Lifetimes() {
    }

    /**
     * Registers a JVM shutdown hook that ends {@code lifetime} (closing its stores when {@code closeStores}).
     *
     * @return the hook thread, which {@link Runtime#removeShutdownHook(Thread)} accepts
     */
    public static Thread registerShutdownHook(Lifetime lifetime, boolean closeStores) {
        Objects.requireNonNull(lifetime, "lifetime");
        Thread hook = new Thread(() -> lifetime.close(closeStores), "proxystore-shutdown-" + lifetime.name());
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }
}
