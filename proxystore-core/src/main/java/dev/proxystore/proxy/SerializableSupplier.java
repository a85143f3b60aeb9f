package dev.proxystore.proxy;

import java.io.Serializable;
import java.util.function.Supplier;

/** A {@link Supplier} that is {@link Serializable}: the factory of a proxy's target. */
@FunctionalInterface
public interface SerializableSupplier<T> extends Supplier<T>, Serializable {
}
