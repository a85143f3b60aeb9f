package dev.proxystore.executor;

import java.util.List;
import java.util.Objects;

/** Decides which task results a {@link StoreExecutor} returns as proxies. */
@FunctionalInterface
public interface ProxyPolicy {

    /**
     * Whether to proxy {@code result}.
     *
     * @param result the task's result, never null
     * @param serializedSize supplies the serialized size in bytes, computed at most once and only if asked for
     */
    boolean shouldProxy(Object result, SerializedSize serializedSize);

    /** Proxy every proxiable result. */
    static ProxyPolicy always() {
        return (result, size) -> true;
    }

    /** Never proxy. */
    static ProxyPolicy never() {
        return (result, size) -> false;
    }

    /** Proxy results that are instances of any of {@code types}. */
    static ProxyPolicy types(Class<?>... types) {
        List<Class<?>> list = List.of(types);
        return (result, size) -> list.stream().anyMatch(type -> type.isInstance(result));
    }

    /** Proxy results whose serialized form is at least {@code bytes} long. */
    static ProxyPolicy minSize(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must be >= 0, was " + bytes);
        }
        return (result, size) -> size.bytes() >= bytes;
    }

    /** Proxy when this policy and {@code other} both say so. */
    default ProxyPolicy and(ProxyPolicy other) {
        Objects.requireNonNull(other, "other");
        return (result, size) -> shouldProxy(result, size) && other.shouldProxy(result, size);
    }

    /** The serialized size of a result, computed lazily. */
    @FunctionalInterface
    interface SerializedSize {
        long bytes();
    }
}
