package dev.proxystore.proxy;

/**
 * A proxy factory that vets every use of its proxies.
 *
 * <p>When a proxy's factory implements this interface, {@link #checkAccess()} runs before every method call
 * dispatched through the proxy and in {@link Proxies#resolve}, {@link Proxies#extract} and
 * {@link Proxies#isResolved}. Whatever it throws reaches the caller unchanged. It is not consulted by
 * {@link Proxies#factoryOf}, {@link Proxies#proxiedType} or when the proxy is serialized.
 */
public interface GuardedSupplier<T> extends SerializableSupplier<T> {

    /** Throws if the proxy may no longer be used; returns normally otherwise. */
    void checkAccess();
}
