package dev.proxystore.proxy;

import dev.proxystore.ProxyStoreException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.springframework.cglib.proxy.Dispatcher;
import org.springframework.cglib.proxy.Factory;

/**
 * The state of one proxy: its factory and, once resolved, its target. As the proxy's {@link Dispatcher} it
 * supplies the target for every dispatched call.
 */
final class ProxyState implements Dispatcher {

    private static final VarHandle LOCK;

    static {
        try {
            LOCK = MethodHandles.lookup().findVarHandle(ProxyState.class, "lock", ReentrantLock.class);
        }
        catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final ProxyClass proxyClass;
    final SerializableSupplier<?> factory;
    private final @Nullable GuardedSupplier<?> guard;
    private volatile @Nullable Object target;
    /** Serializes the first resolution; created on demand and dropped once the target is set. */
    private volatile @Nullable ReentrantLock lock;

    ProxyState(ProxyClass proxyClass, SerializableSupplier<?> factory, @Nullable Object target) {
        this.proxyClass = proxyClass;
        this.factory = factory;
        this.guard = factory instanceof GuardedSupplier<?> guarded ? guarded : null;
        this.target = target;
    }

    /** The state of a proxy, or null if {@code obj} is not one. */
    static @Nullable ProxyState find(@Nullable Object obj) {
        if (obj instanceof ProxyObject && obj instanceof Factory factory
                && factory.getCallback(ProxyClass.TARGET) instanceof ProxyState state) {
            return state;
        }
        return null;
    }

    static ProxyState of(@Nullable Object proxy) {
        ProxyState state = find(proxy);
        if (state == null) {
            throw new IllegalArgumentException(
                    "not a proxy: " + (proxy == null ? "null" : "an instance of " + proxy.getClass().getTypeName()));
        }
        return state;
    }

    @Override
    public Object loadObject() {
        return target();
    }

    /** The target, resolving it first if needed. */
    Object target() {
        checkAccess();
        Object target = this.target;
        return target != null ? target : resolve();
    }

    boolean isResolved() {
        checkAccess();
        return target != null;
    }

    SerialForm serialForm() {
        return new SerialForm(proxyClass.type, factory);
    }

    private void checkAccess() {
        GuardedSupplier<?> guard = this.guard;
        if (guard != null) {
            guard.checkAccess();
        }
    }

    private Object resolve() {
        ReentrantLock lock = lock();
        lock.lock();
        try {
            Object target = this.target;
            if (target == null) {
                target = callFactory();
                this.target = target;
                // Written after the target: a thread that finds no lock also finds the target.
                this.lock = null;
            }
            return target;
        }
        finally {
            lock.unlock();
        }
    }

    private ReentrantLock lock() {
        ReentrantLock lock = this.lock;
        if (lock == null) {
            ReentrantLock fresh = new ReentrantLock();
            lock = (ReentrantLock) LOCK.compareAndExchange(this, (ReentrantLock) null, fresh);
            if (lock == null) {
                lock = fresh;
            }
        }
        return lock;
    }

    private Object callFactory() {
        Class<?> type = proxyClass.type;
        Object value;
        try {
            value = factory.get();
        }
        catch (ProxyStoreException e) {
            throw e;
        }
        catch (Exception e) {
            throw new ProxyResolveException("cannot resolve a proxy of " + type.getTypeName() + ": its factory "
                    + factory.getClass().getTypeName() + " failed", e);
        }
        if (value == null) {
            throw new ProxyResolveException("cannot resolve a proxy of " + type.getTypeName() + ": its factory "
                    + factory.getClass().getTypeName() + " returned null", null);
        }
        ProxyState nested = find(value);
        if (nested != null) {
            value = nested.target();
        }
        if (!type.isInstance(value)) {
            throw new ProxyResolveException("cannot resolve a proxy of " + type.getTypeName() + ": its factory "
                    + factory.getClass().getTypeName() + " returned a " + value.getClass().getTypeName(), null);
        }
        return value;
    }
}
