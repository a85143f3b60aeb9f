package dev.proxystore.testing;

import dev.proxystore.store.StoreRegistry;
import dev.proxystore.store.TrustPolicy;

/**
 * This JVM receiving references under another policy, as a separate process with its own configuration would: the
 * policy's registry is attached to {@link StoreRegistry#global()} until {@link #close()}, which also closes the stores
 * the policy re-created.
 */
public final class Receiver implements AutoCloseable {

    private final TrustPolicy policy;
    private final StoreRegistry registry;
    private final StoreRegistry.Registration attachment;

    private Receiver(TrustPolicy policy) {
        this.policy = policy;
        this.registry = StoreRegistry.create(policy);
        this.attachment = StoreRegistry.attachToGlobal(registry);
    }

    /** Receives Java-deserialized references under {@code policy} until closed. */
    public static Receiver under(TrustPolicy policy) {
        return new Receiver(policy);
    }

    public TrustPolicy policy() {
        return policy;
    }

    /** The receiver's own registry (attached to the global one). */
    public StoreRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        attachment.close();
        policy.close();
    }
}
