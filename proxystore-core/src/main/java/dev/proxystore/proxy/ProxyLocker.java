package dev.proxystore.proxy;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;

/**
 * Holds a proxy so that it can be passed around without being used, and therefore without being resolved by
 * accident. It serializes like the proxy itself: only the proxy's type and factory are written.
 */
public final class ProxyLocker<T> implements Serializable {

    private static final long serialVersionUID = 1L;

    private final T proxy;

    /** @throws IllegalArgumentException if {@code proxy} is not a proxy */
    public ProxyLocker(T proxy) {
        if (!Proxies.isProxy(proxy)) {
            throw new IllegalArgumentException("not a proxy: "
                    + (proxy == null ? "null" : "an instance of " + proxy.getClass().getTypeName()));
        }
        this.proxy = proxy;
    }

    /** The proxy, as it is: unlocking does not resolve it. */
    public T unlock() {
        return proxy;
    }

    @Override
    public String toString() {
        return "ProxyLocker[" + Proxies.proxiedType(proxy).getTypeName() + "]";
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        if (!Proxies.isProxy(proxy)) {
            throw new InvalidObjectException("ProxyLocker without a proxy");
        }
    }
}
