package dev.proxystore.proxy;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;
import org.springframework.cglib.proxy.MethodInterceptor;
import org.springframework.cglib.proxy.MethodProxy;

/**
 * The methods of a proxy that cannot be a plain dispatch to the target: {@code writeReplace} (the serial form),
 * {@code finalize} (ignored: it must never run against the empty proxy instance), {@code equals} (a proxy
 * argument is compared by its target, so a proxy equals itself) and protected methods (invoked on the target
 * through a method handle, since generated code may not call them on another instance). The JDK does not open its
 * packages for such handles, so the protected methods of a JDK class's proxy throw
 * {@link UnsupportedOperationException}; only the JDK's own code could call them on a proxy.
 */
final class SpecialMethods implements MethodInterceptor {

    private static final MethodType FORWARDER_TYPE = MethodType.methodType(Object.class, Object.class, Object[].class);

    /** The proxied type; protected methods are looked up from it so that their receiver may be the target. */
    private final Class<?> lookupClass;
    private final ConcurrentMap<Method, MethodHandle> forwarders = new ConcurrentHashMap<>();

    SpecialMethods(Class<?> lookupClass) {
        this.lookupClass = lookupClass;
    }

    static boolean handles(Method method) {
        return isWriteReplace(method) || isFinalize(method) || isEquals(method);
    }

    @Override
    public @Nullable Object intercept(Object proxy, Method method, Object[] args, MethodProxy methodProxy)
            throws Throwable {
        ProxyState state = ProxyState.of(proxy);
        if (isWriteReplace(method)) {
            return state.serialForm();
        }
        if (isFinalize(method)) {
            return null;
        }
        Object target = state.target();
        if (isEquals(method)) {
            ProxyState other = ProxyState.find(args[0]);
            return target.equals(other != null ? other.target() : args[0]);
        }
        return (Object) forwarder(method).invokeExact(target, args);
    }

    private MethodHandle forwarder(Method method) {
        MethodHandle forwarder = forwarders.get(method);
        if (forwarder == null) {
            try {
                forwarder = MethodHandles.privateLookupIn(lookupClass, MethodHandles.lookup())
                        .unreflect(method)
                        .asSpreader(Object[].class, method.getParameterCount())
                        .asType(FORWARDER_TYPE);
            }
            catch (IllegalAccessException e) {
                throw new UnsupportedOperationException(
                        "cannot delegate " + method + " from a proxy of " + lookupClass.getName() + " to its target",
                        e);
            }
            forwarders.putIfAbsent(method, forwarder);
        }
        return forwarder;
    }

    private static boolean isWriteReplace(Method method) {
        return method.getParameterCount() == 0 && method.getName().equals("writeReplace")
                && method.getReturnType() == Object.class;
    }

    private static boolean isFinalize(Method method) {
        return method.getParameterCount() == 0 && method.getName().equals("finalize")
                && method.getReturnType() == void.class;
    }

    private static boolean isEquals(Method method) {
        return method.getParameterCount() == 1 && method.getName().equals("equals")
                && method.getParameterTypes()[0] == Object.class && method.getReturnType() == boolean.class;
    }
}
