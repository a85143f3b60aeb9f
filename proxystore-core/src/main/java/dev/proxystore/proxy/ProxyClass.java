package dev.proxystore.proxy;

import java.lang.invoke.VarHandle;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.springframework.cglib.core.NamingPolicy;
import org.springframework.cglib.proxy.Callback;
import org.springframework.cglib.proxy.CallbackFilter;
import org.springframework.cglib.proxy.Dispatcher;
import org.springframework.cglib.proxy.Enhancer;
import org.springframework.cglib.proxy.Factory;
import org.springframework.cglib.proxy.MethodInterceptor;
import org.springframework.cglib.proxy.NoOp;
import org.springframework.objenesis.instantiator.ObjectInstantiator;
import org.springframework.objenesis.strategy.StdInstantiatorStrategy;

/**
 * The generated proxy class for one requested type, or the reason why that type cannot be proxied.
 *
 * <p>Generated classes have no constructors (instances come from Objenesis) and three callbacks: the
 * {@link ProxyState} as a {@link Dispatcher} for public and package-private methods, so a call on a resolved
 * proxy is a direct call on the target; {@link SpecialMethods} for {@code equals}, {@code writeReplace},
 * {@code finalize} and protected methods; and {@link NoOp} for {@code Object.clone} of interface proxies,
 * which nothing outside the proxy can call.
 *
 * <p>Interfaces get a class implementing them; other classes a subclass, in their own package and class loader.
 * Proxiable classes of the JDK's public API get a subclass in this package and this library's class loader, since
 * JDK packages are closed (package-private JDK methods are then neither visible nor overridden, and nobody outside
 * the JDK can call them); JDK classes outside the public API get a class implementing their public interfaces.
 */
final class ProxyClass {

    static final int TARGET = 0;
    private static final int SPECIAL = 1;
    private static final int NO_OP = 2;
    private static final Class<?>[] CALLBACK_TYPES = {Dispatcher.class, MethodInterceptor.class, NoOp.class};

    private static final AtomicLong SEQUENCE = new AtomicLong();

    /** Set while a new generated class is mapped to the ProxyClass of its requested type. */
    private static final ThreadLocal<@Nullable ProxyClass> REGISTERING = new ThreadLocal<>();

    private static final @Nullable ClassLoader PLATFORM = ClassLoader.getPlatformClassLoader();

    /** The packages whose collection and map classes get subclass proxies ({@link #impersonationProblem}). */
    private static final Set<String> IMPERSONABLE_PACKAGES = Set.of("java.util", "java.util.concurrent");

    /** Collection and map classes whose code reads the private fields of other instances of the same class. */
    private static final Set<Class<?>> READS_OTHER_INSTANCES = Set.of(EnumMap.class, IdentityHashMap.class);

    /**
     * Keyed by requested type, and by generated class (mapping back to the requested type). Values live as long
     * as the key's class loader and do not pin it.
     */
    private static final ClassValue<ProxyClass> CLASSES = new ClassValue<>() {
        @Override
        protected ProxyClass computeValue(Class<?> type) {
            ProxyClass registering = REGISTERING.get();
            if (registering != null && registering.generated == type) {
                return registering;
            }
            return forType(type);
        }
    };

    /**
     * For classes of the bootstrap and platform loaders, which are never unloaded: a ClassValue would store our
     * objects in those classes and so pin the class loader of this library.
     */
    private static final ConcurrentMap<Class<?>, ProxyClass> JDK_CLASSES = new ConcurrentHashMap<>();

    /** The requested type (never a generated class). */
    final Class<?> type;
    private final @Nullable Class<?> generated;
    private final @Nullable ObjectInstantiator<?> instantiator;
    private final @Nullable SpecialMethods special;
    private final @Nullable String problem;

    private ProxyClass(Class<?> type, Class<?> generated) {
        this.type = type;
        this.generated = generated;
        this.instantiator = new StdInstantiatorStrategy().newInstantiatorOf(generated);
        this.special = new SpecialMethods(type);
        this.problem = null;
    }

    private ProxyClass(Class<?> type, String problem) {
        this.type = type;
        this.generated = null;
        this.instantiator = null;
        this.special = null;
        this.problem = problem;
    }

    static ProxyClass of(Class<?> type) {
        ClassLoader loader = type.getClassLoader();
        if (loader != null && loader != PLATFORM) {
            return CLASSES.get(type);
        }
        ProxyClass proxyClass = JDK_CLASSES.get(type);
        if (proxyClass == null) {
            proxyClass = forType(type);
            ProxyClass raced = JDK_CLASSES.putIfAbsent(type, proxyClass);
            if (raced != null) {
                proxyClass = raced;
            }
        }
        return proxyClass;
    }

    boolean proxiable() {
        return problem == null;
    }

    /** A new proxy; already resolved when {@code target} is not null. */
    Object newProxy(SerializableSupplier<?> factory, @Nullable Object target) {
        ObjectInstantiator<?> instantiator = this.instantiator;
        if (instantiator == null || special == null) {
            throw new NonProxiableTypeException(String.valueOf(problem));
        }
        if (target != null) {
            ProxyState targetState = ProxyState.find(target);
            if (targetState != null) {
                target = targetState.target();
            }
            if (!type.isInstance(target)) {
                throw new IllegalArgumentException(
                        "target " + target.getClass().getTypeName() + " is not a " + type.getTypeName());
            }
        }
        Object proxy = instantiator.newInstance();
        ((Factory) proxy).setCallbacks(
                new Callback[] {new ProxyState(this, factory, target), special, NoOp.INSTANCE});
        // The callbacks live in plain fields; publish them before the proxy can escape, as final fields would be.
        VarHandle.releaseFence();
        return proxy;
    }

    private static ProxyClass forType(Class<?> type) {
        String problem = problem(type);
        if (problem != null) {
            return new ProxyClass(type, describe(type, problem));
        }
        Class<?> generated;
        ProxyClass proxyClass;
        try {
            generated = generate(type);
            proxyClass = new ProxyClass(type, generated);
        }
        catch (RuntimeException | LinkageError e) {
            return new ProxyClass(type, describe(type, "its proxy class could not be generated (" + e + ")"));
        }
        REGISTERING.set(proxyClass);
        try {
            CLASSES.get(generated);
        }
        finally {
            REGISTERING.remove();
        }
        return proxyClass;
    }

    private static @Nullable String problem(Class<?> type) {
        int modifiers = type.getModifiers();
        if (type.isPrimitive()) {
            return "it is a primitive type";
        }
        if (type.isArray()) {
            return "it is an array type";
        }
        if (Enum.class.isAssignableFrom(type)) {
            return "it is an enum";
        }
        if (type.isRecord()) {
            return "it is a record";
        }
        if (type.isSealed()) {
            return "it is sealed";
        }
        if (isJdk(type)) {
            return jdkProblem(type);
        }
        if (Modifier.isFinal(modifiers)) {
            return "it is a final class";
        }
        if (!seesProxyStore(type.getClassLoader())) {
            return "its class loader cannot see the ProxyStore classes";
        }
        return null;
    }

    private static String describe(Class<?> type, String problem) {
        return "cannot proxy " + type.getTypeName() + ": " + problem
                + "; name a proxiable type (an interface or a non-final class it extends) with ProxyOptions.withType";
    }

    /**
     * Why a JDK type cannot be proxied, or null. Public interfaces get interface proxies. The classes of the JDK's
     * public API get subclass proxies, so that a proxy is an instance of whatever type javac infers, where the JDK's
     * own code treats such a subclass like the target ({@link #impersonationProblem}); the others are not
     * proxiable. Implementation classes nobody can name ({@code List.of(...)}, {@code Arrays.asList(...)},
     * {@code Collections.unmodifiableList(...)}) get proxies of all their public interfaces.
     */
    private static @Nullable String jdkProblem(Class<?> type) {
        int modifiers = type.getModifiers();
        if (type.isInterface()) {
            return Modifier.isPublic(modifiers) ? null : "it is a non-public JDK interface";
        }
        if (isPublicApi(type)) {
            return Modifier.isFinal(modifiers) ? "it is a final class" : impersonationProblem(type);
        }
        for (Class<?> i : jdkInterfaces(type)) {
            if (i.getMethods().length > 0) {
                return null;
            }
        }
        return "it is a JDK class without a public interface to proxy it through";
    }

    /**
     * Why a subclass proxy of a public, non-final JDK class could not stand in for its target, or null.
     *
     * <p>A subclass proxy has the class's fields but never sets them, and forwards only the public methods that are
     * not final. So it can stand in for the target only where the JDK never reads the private fields or calls the
     * package-private, protected or final methods of an instance it was given. The collection and map
     * classes of {@code java.util} and {@code java.util.concurrent} are written against their interfaces for other
     * people's subclasses, and take their shortcuts into another instance only after checking its exact class
     * ({@code c.getClass() == ArrayList.class}), which a proxy fails. Two of them break that rule
     * ({@link #READS_OTHER_INSTANCES}); elsewhere the JDK freely reads the state of other instances of a class:
     * {@code BigInteger.add} reads its argument's magnitude, {@code File(File, String)} its parent's path.
     */
    private static @Nullable String impersonationProblem(Class<?> type) {
        if (type == Object.class) {
            return null;
        }
        if (!IMPERSONABLE_PACKAGES.contains(type.getPackageName())
                || !(Collection.class.isAssignableFrom(type) || Map.class.isAssignableFrom(type))) {
            return "JDK code may read the private fields of any instance of a JDK class, which a proxy does not"
                    + " have; only the collection and map classes of java.util and java.util.concurrent are proxied"
                    + " as subclasses";
        }
        if (READS_OTHER_INSTANCES.contains(type)) {
            return "JDK code reads the private fields of other " + type.getSimpleName()
                    + " instances (in equals, putAll and its copy constructor), which a proxy does not have";
        }
        for (Method method : type.getMethods()) {
            int modifiers = method.getModifiers();
            if (Modifier.isFinal(modifiers) && !Modifier.isStatic(modifiers)
                    && method.getDeclaringClass() != Object.class) {
                return "its public method " + method.getName() + " is final, so a proxy could not forward it to"
                        + " the target";
            }
        }
        return null;
    }

    /**
     * Whether {@code type} is a class of the JDK's public API: loaded by the JDK, public, nested only in public
     * classes, in a package its module exports to everyone. Only such a JDK class can be the type javac infers.
     * ({@code javax.*} libraries on the class path are proxied through their interfaces, as they always were.)
     */
    private static boolean isPublicApi(Class<?> type) {
        ClassLoader loader = type.getClassLoader();
        if (loader != null && loader != PLATFORM) {
            return false;
        }
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            if (!Modifier.isPublic(c.getModifiers())) {
                return false;
            }
        }
        return type.getModule().isExported(type.getPackageName());
    }

    /** Whether {@code type} belongs to the JDK, whose packages are closed to the classes generated here. */
    private static boolean isJdk(Class<?> type) {
        ClassLoader loader = type.getClassLoader();
        String name = type.getName();
        return loader == null || loader == PLATFORM
                || name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.");
    }

    private static Class<?>[] jdkInterfaces(Class<?> type) {
        Set<Class<?>> interfaces = new LinkedHashSet<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            addPublicInterfaces(c.getInterfaces(), interfaces);
        }
        return interfaces.toArray(new Class<?>[0]);
    }

    private static void addPublicInterfaces(Class<?>[] candidates, Set<Class<?>> into) {
        for (Class<?> i : candidates) {
            if (Modifier.isPublic(i.getModifiers()) && !i.isSealed()) {
                into.add(i);
            }
            addPublicInterfaces(i.getInterfaces(), into);
        }
    }

    private static boolean seesProxyStore(@Nullable ClassLoader loader) {
        try {
            return Class.forName(ProxyObject.class.getName(), false, loader) == ProxyObject.class
                    && Class.forName(Factory.class.getName(), false, loader) == Factory.class;
        }
        catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static Class<?> generate(Class<?> type) {
        boolean jdk = isJdk(type);
        boolean subclass = !type.isInterface() && (!jdk || isPublicApi(type));
        Class<?>[] interfaces = type.isInterface() ? new Class<?>[] {type}
                : subclass ? new Class<?>[0]
                : jdkInterfaces(type);
        Class<?>[] all = new Class<?>[interfaces.length + 1];
        System.arraycopy(interfaces, 0, all, 0, interfaces.length);
        all[interfaces.length] = ProxyObject.class;

        // JDK packages are closed, so those proxies (subclasses included) live next to ProxyObject, in this
        // library's class loader, which sees the JDK; the others are defined in the requested type's package and
        // class loader, which lets them reach package-private types and methods.
        Class<?> home = jdk ? ProxyObject.class : type;
        String name = home.getPackageName() + "." + type.getName().substring(type.getName().lastIndexOf('.') + 1)
                + "$$ProxyStore$$";

        Enhancer enhancer = new ConstructorlessEnhancer();
        if (subclass) {
            enhancer.setSuperclass(type);
        }
        enhancer.setInterfaces(all);
        enhancer.setContextClass(home);
        enhancer.setClassLoader(home.getClassLoader());
        enhancer.setNamingPolicy(new Naming(name));
        enhancer.setUseCache(false);
        enhancer.setAttemptLoad(false);
        enhancer.setCallbackTypes(CALLBACK_TYPES);
        enhancer.setCallbackFilter(new Filter(subclass));
        return enhancer.createClass();
    }

    private record Filter(boolean subclass) implements CallbackFilter {
        @Override
        public int accept(Method method) {
            if (SpecialMethods.handles(method)) {
                return SPECIAL;
            }
            if (Modifier.isProtected(method.getModifiers())) {
                // interface proxies only inherit Object.clone, which only the proxy itself could call
                return subclass ? SPECIAL : NO_OP;
            }
            return TARGET;
        }
    }

    private record Naming(String base) implements NamingPolicy {
        @Override
        public String getClassName(String prefix, String source, Object key,
                org.springframework.cglib.core.Predicate names) {
            String name;
            do {
                name = base + SEQUENCE.getAndIncrement();
            } while (names.evaluate(name));
            return name;
        }
    }

    /** Generates no constructors: instances are created without running any constructor of the proxied class. */
    private static final class ConstructorlessEnhancer extends Enhancer {
        @Override
        @SuppressWarnings("rawtypes")
        protected void filterConstructors(Class sc, List constructors) {
            constructors.clear();
        }
    }
}
