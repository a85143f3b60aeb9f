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
 *   <li>the public, non-final collection and map classes of {@code java.util} and {@code java.util.concurrent}
 *       ({@code ArrayList}, {@code LinkedList}, {@code ArrayDeque}, {@code HashSet}, {@code TreeSet},
 *       {@code HashMap}, {@code LinkedHashMap}, {@code TreeMap}, {@code ConcurrentHashMap},
 *       {@code CopyOnWriteArrayList}, ...) and {@code Object}: the proxy is a subclass as well, generated in this
 *       package, so it is an instance of whatever type javac infers at a call site
 *       ({@code Map.of("data", store.proxy(arrayList))}). Every public and protected method is overridden; the
 *       public ones (and the interfaces' default methods) run on the target, including those the JDK calls on a
 *       collection passed to it ({@code toArray} in {@code new ArrayList<>(proxy)}, {@code entrySet} in
 *       {@code putAll}, {@code sort} in {@code Collections.sort}), and {@code clone} returns a copy of the
 *       target, which is no proxy. Protected methods cannot be forwarded and throw
 *       {@code UnsupportedOperationException}, but only the JDK's own code could call them;</li>
 *   <li>JDK classes outside the public API (non-public or in unexported packages, such as the classes of
 *       {@code List.of}, {@code Arrays.asList} or {@code Collections.unmodifiableList}): the proxy implements
 *       all their public interfaces, the only types such a value can be declared as;</li>
 *   <li>a generated proxy class stands for the type it was generated for.</li>
 * </ul>
 * Final classes, records, enums, sealed types, arrays and primitive types cannot be proxied:
 * {@link dev.proxystore.proxy.NonProxiableTypeException}. Neither can the other public JDK classes: outside the
 * collections, JDK code is free to read the private fields of any instance of a class it is handed, which a proxy
 * leaves empty ({@code BigInteger.add} reads its argument's magnitude), so {@code BigInteger}, {@code Date},
 * {@code File}, ... are not proxied; nor are {@code EnumMap} and {@code IdentityHashMap} (their {@code equals},
 * {@code putAll} and copy constructors read the other map's fields) or {@code PriorityQueue} (its final
 * {@code spliterator} would run on the empty proxy). Name an interface they implement instead
 * ({@code Proxies.create(Map.class, ...)}, {@code ProxyOptions.withType(Map.class)}).
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
