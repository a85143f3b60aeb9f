package dev.proxystore.proxy;

import java.io.ObjectStreamException;
import java.io.Serializable;

/**
 * Implemented by every generated proxy class. It is public only because generated classes live in the package
 * of the type they proxy; applications use {@link Proxies} instead and never implement it.
 */
public interface ProxyObject extends Serializable {

    /** Java serialization hook: the proxy is written as its type and factory, never its target. */
    Object writeReplace() throws ObjectStreamException;
}
