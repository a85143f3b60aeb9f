package dev.proxystore.proxy;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Creates and inspects lazy transparent proxies.
 *
 * <p>A proxy is an object of the requested type that forwards every call to a target obtained from its
 * factory. The factory is called once, on first use (or never, if the proxy was created with its target);
 * the result is kept in the proxy. Concurrent first uses still call the factory once. If the factory fails or
 * returns null, the call fails with a {@link ProxyResolveException} (any
 * {@link dev.proxystore.ProxyStoreException} thrown by the factory passes through unchanged,
 * other runtime exceptions are wrapped) and the proxy stays unresolved, so a later call tries again.
 *
 * <p>Which types can be proxied:
 * <ul>
 *   <li>interfaces: the proxy implements the interface;</li>
 *   <li>non-final classes: the proxy is a subclass, created without running any constructor. Fields, final
 *       methods and package-private methods inherited from another package are not forwarded: they belong to
 *       the (empty) proxy object itself;</li>
 *   <li>JDK classes ({@code java.*}, {@code javax.*}, {@code jdk.*}) that are not public final classes: the
 *       proxy implements all their public interfaces but does not extend the class. Use the proxy as one of
 *       those interfaces: {@code List<X> list = Proxies.create(ArrayList.class, factory)} works, while
 *       {@code ArrayList<X> list = ...}, {@code var list = ...} or passing the call straight to another generic
 *       method fail with a {@code ClassCastException} at the call site, where javac casts to the inferred
 *       class;</li>
 *   <li>a generated proxy class stands for the type it was generated for.</li>
 * </ul>
 * Final classes, records, enums, sealed types, arrays and primitive types cannot be proxied:
 * {@link dev.proxystore.proxy.NonProxiableTypeException}.
 *
 * <p>{@code equals}, {@code hashCode} and {@code toString} are forwarded to the target; a proxy passed to
 * {@code equals} is compared by its target. Java serialization writes only the requested type and the factory;
 * deserializing yields a new, unresolved proxy.
 */
public final class Proxies {

    private Proxies() {
    }

    /**
     * A lazy proxy of {@code type} whose target {@code factory} supplies on first use.
     *
     * @throws dev.proxystore.proxy.NonProxiableTypeException if {@code type} cannot be proxied
     */
    public static <T> T create(Class<? super T> type, SerializableSupplier<? extends T> factory) {
        return create(type, factory, null);
    }

    /**
     * A proxy of {@code type}; when {@code target} is not null the proxy is already resolved to it and the
     * factory is not called in this JVM (a deserialized copy still calls it).
     *
     * @throws dev.proxystore.proxy.NonProxiableTypeException if {@code type} cannot be proxied
     * @throws IllegalArgumentException if {@code target} is not an instance of {@code type}
     */
    public static <T> T create(Class<? super T> type, SerializableSupplier<? extends T> factory,
            @Nullable T target) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(factory, "factory");
        @SuppressWarnings("unchecked")
        T proxy = (T) ProxyClass.of(type).newProxy(factory, target);
        return proxy;
    }

    /** Whether {@code obj} is a proxy created by this class; false for null. */
    public static boolean isProxy(@Nullable Object obj) {
        return ProxyState.find(obj) != null;
    }

    /** Whether {@link #create} accepts {@code type}. */
    public static boolean isProxiable(Class<?> type) {
        return ProxyClass.of(Objects.requireNonNull(type, "type")).proxiable();
    }

    /**
     * Whether the proxy holds its target.
     *
     * @throws IllegalArgumentException if {@code proxy} is not a proxy (the same holds for the methods below)
     */
    public static boolean isResolved(Object proxy) {
        return ProxyState.of(proxy).isResolved();
    }

    /** Resolves the proxy now, if it is not resolved yet. */
    public static void resolve(Object proxy) {
        ProxyState.of(proxy).target();
    }

    /** The proxy's target, resolving it if needed; never a proxy. */
    @SuppressWarnings("unchecked")
    public static <T> T extract(T proxy) {
        return (T) ProxyState.of(proxy).target();
    }

    /** The factory the proxy resolves its target with. */
    public static SerializableSupplier<?> factoryOf(Object proxy) {
        return ProxyState.of(proxy).factory;
    }

    /** The type the proxy was created for, as requested (for example {@code ArrayList.class}). */
    public static Class<?> proxiedType(Object proxy) {
        return ProxyState.of(proxy).proxyClass.type;
    }
}
