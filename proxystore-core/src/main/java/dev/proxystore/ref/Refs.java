package dev.proxystore.ref;

import dev.proxystore.proxy.Proxies;
import dev.proxystore.proxy.SerializableSupplier;
import dev.proxystore.serialize.Serializer;
import dev.proxystore.store.Key;
import dev.proxystore.store.ProxyStoreFactoryException;
import dev.proxystore.store.Store;
import dev.proxystore.store.StoreFactory;
import dev.proxystore.store.UntrustedReferenceException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * Rust-like ownership of objects in a store. Each target has one owned proxy; it can lend any number of immutable
 * borrows or exactly one mutable borrow; dropping the owner evicts the target, which is refused while it is
 * borrowed. An owner that becomes unreachable is evicted by a cleaner as a safety net, if its store is still
 * registered, but {@link #drop(Object)} is the normal path. Serializing a reference moves it: the original becomes
 * invalid.
 *
 * <pre>{@code
 * Matrix owned = store.ownedProxy(matrix);
 * Matrix view = Refs.borrow(owned);
 * Refs.submit(executor, () -> view.sum(), view).join(); // releases the borrow when done
 * Refs.drop(owned);                                    // evicts the matrix
 * }</pre>
 */
public final class Refs {

    private Refs() {
    }

    /** Whether {@code proxy} is an owned proxy. */
    public static boolean isOwned(Object proxy) {
        return kindOf(proxy) == RefKind.OWNED;
    }

    /** Whether {@code proxy} is an immutable borrow. */
    public static boolean isBorrowed(Object proxy) {
        return kindOf(proxy) == RefKind.BORROWED;
    }

    /** Whether {@code proxy} is a mutable borrow. */
    public static boolean isMutBorrowed(Object proxy) {
        return kindOf(proxy) == RefKind.MUT_BORROWED;
    }

    /** An immutable borrow of {@code owned}, resolved if the owner is. */
    public static <T> T borrow(T owned) {
        return borrow(owned, true);
    }

    /**
     * An immutable borrow of {@code owned}.
     *
     * @param populateTarget copy an already-resolved target into the borrow
     * @throws ReferenceNotOwnedException if {@code owned} is not an owner
     * @throws MutableBorrowException if it is mutably borrowed
     */
    public static <T> T borrow(T owned, boolean populateTarget) {
        RefFactory<T> owner = owner(owned, "borrowed");
        return newProxy(owned, owner.borrow(false), populateTarget);
    }

    /** The one mutable borrow of {@code owned}, resolved if the owner is. */
    public static <T> T mutBorrow(T owned) {
        return mutBorrow(owned, true);
    }

    /**
     * The one mutable borrow of {@code owned}.
     *
     * @throws ReferenceNotOwnedException if {@code owned} is not an owner
     * @throws MutableBorrowException if it is borrowed in any way
     */
    public static <T> T mutBorrow(T owned, boolean populateTarget) {
        RefFactory<T> owner = owner(owned, "mutably borrowed");
        return newProxy(owned, owner.borrow(true), populateTarget);
    }

    /**
     * A new owner of a copy of the target under a new key. A resolved local target is deep-copied (through the
     * store's serializer), so local changes not yet written with {@link #update(Object)} are copied too.
     *
     * @throws ReferenceNotOwnedException if {@code owned} is not an owner
     */
    public static <T> T clone(T owned) {
        RefFactory<T> owner = owner(owned, "cloned");
        StoreFactory<T> factory = owner.storeFactory();
        Store store = factory.store();
        T target = null;
        if (Proxies.isResolved(owned)) {
            Serializer serializer = store.serializerFor(factory);
            @SuppressWarnings("unchecked")
            T deepCopy = (T) serializer.deserialize(serializer.serialize(Proxies.extract(owned)));
            target = deepCopy;
        }
        Key<T> key = store.copy(factory.key());
        return create(owned, RefFactory.owner(factory.withKey(key)), target);
    }

    /**
     * An owned proxy of a plain store proxy's target, with the evict flag cleared. The caller makes sure no other
     * copy of {@code proxy} is in use.
     *
     * @throws IllegalArgumentException if {@code proxy} is not a proxy or is already a reference proxy
     * @throws ProxyStoreFactoryException if its factory is not a store factory
     */
    public static <T> T intoOwned(T proxy) {
        SerializableSupplier<?> factory = Proxies.factoryOf(proxy);
        if (factory instanceof RefFactory<?> ref) {
            throw new IllegalArgumentException("only a plain store proxy can become owned, not a " + ref.kind()
                    + " reference");
        }
        if (!(factory instanceof StoreFactory<?> storeFactory)) {
            throw new ProxyStoreFactoryException(
                    "an owned proxy needs a store factory, not a " + factory.getClass().getName());
        }
        if (storeFactory.readOnly()) {
            throw new UntrustedReferenceException(storeFactory.config().name(), "a read-only reference (unsigned,"
                    + " read under the read-only policy) cannot become owned: it never evicts its object");
        }
        @SuppressWarnings("unchecked")
        StoreFactory<T> typed = (StoreFactory<T>) storeFactory;
        return create(proxy, RefFactory.owner(typed), Proxies.isResolved(proxy) ? Proxies.extract(proxy) : null);
    }

    /**
     * Writes the local target of an owner or mutable borrow back to the store, replacing the stored object, and
     * drops the store's cached copy. An unresolved reference has nothing to write: a no-op.
     *
     * @throws ReferenceNotOwnedException if {@code ownedOrMutBorrowed} is an immutable borrow or not a reference
     * @throws MutableBorrowException if it is an owner that is currently borrowed
     * @throws UnsupportedOperationException if the store's connector cannot write under a given key
     */
    public static void update(Object ownedOrMutBorrowed) {
        RefFactory<?> ref = refOf(ownedOrMutBorrowed);
        if (ref == null || ref.kind() == RefKind.BORROWED) {
            throw new ReferenceNotOwnedException("only an owner or a mutable borrow can update the stored object");
        }
        if (ref.kind() == RefKind.OWNED) {
            ref.checkNotBorrowed("update");
        } else {
            ref.checkAccess();
        }
        if (!Proxies.isResolved(ownedOrMutBorrowed)) {
            return;
        }
        @SuppressWarnings("unchecked")
        StoreFactory<Object> factory = (StoreFactory<Object>) ref.storeFactory();
        factory.store().replace(factory, Proxies.extract(ownedOrMutBorrowed));
    }

    /**
     * Ends borrows: each gives its count back to its owner and becomes invalid. Releasing twice is a no-op.
     *
     * @throws IllegalArgumentException if an argument is not a borrow; then nothing is released
     */
    public static void release(Object... refs) {
        List<RefFactory<?>> borrows = new ArrayList<>(refs.length);
        for (Object ref : refs) {
            borrows.add(borrowOf(ref));
        }
        borrows.forEach(RefFactory::release);
    }

    /**
     * Ends the owner now and evicts its target.
     *
     * @throws ReferenceNotOwnedException if {@code owned} is not an owner
     * @throws IllegalStateException if it is still borrowed
     */
    public static void drop(Object owned) {
        owner(owned, "dropped").drop();
    }

    /**
     * Runs {@code task} on {@code executor} and releases the borrows {@code refs} when it completes, whatever the
     * outcome, before the returned future completes. The borrows are not resolved here.
     *
     * @throws IllegalArgumentException if a ref is not a borrow; then nothing is submitted
     */
    public static <R> CompletableFuture<R> submit(Executor executor, Callable<R> task, Object... refs) {
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(task, "task");
        List<RefFactory<?>> borrows = new ArrayList<>(refs.length);
        for (Object ref : refs) {
            borrows.add(borrowOf(ref));
        }
        CompletableFuture<R> result = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                R value = null;
                Throwable failure = null;
                try {
                    value = task.call();
                } catch (Throwable t) {
                    failure = t;
                } finally {
                    borrows.forEach(RefFactory::release);
                }
                if (failure == null) {
                    result.complete(value);
                } else {
                    result.completeExceptionally(failure);
                }
            });
        } catch (RuntimeException rejected) {
            borrows.forEach(RefFactory::release);
            throw rejected;
        }
        return result;
    }

    private static @Nullable RefKind kindOf(Object proxy) {
        RefFactory<?> ref = refOf(proxy);
        return ref == null ? null : ref.kind();
    }

    private static @Nullable RefFactory<?> refOf(@Nullable Object proxy) {
        if (proxy == null || !Proxies.isProxy(proxy)) {
            return null;
        }
        return Proxies.factoryOf(proxy) instanceof RefFactory<?> ref ? ref : null;
    }

    private static <T> RefFactory<T> owner(T owned, String action) {
        RefFactory<?> ref = refOf(owned);
        if (ref == null || ref.kind() != RefKind.OWNED) {
            throw new ReferenceNotOwnedException("only an owned proxy can be " + action + ", not "
                    + (ref == null ? "a " + describe(owned) : "a " + ref.kind() + " reference"));
        }
        ref.checkAccess();
        @SuppressWarnings("unchecked")
        RefFactory<T> typed = (RefFactory<T>) ref;
        return typed;
    }

    private static RefFactory<?> borrowOf(Object ref) {
        RefFactory<?> factory = refOf(ref);
        if (factory == null || factory.kind() == RefKind.OWNED) {
            throw new IllegalArgumentException("not a borrowed reference: "
                    + (factory == null ? describe(ref) : "an owned proxy"));
        }
        return factory;
    }

    private static String describe(@Nullable Object obj) {
        if (obj == null) {
            return "null";
        }
        return Proxies.isProxy(obj) ? "plain proxy" : obj.getClass().getName();
    }

    private static <T> T newProxy(T owned, RefFactory<T> factory, boolean populateTarget) {
        T target = populateTarget && Proxies.isResolved(owned) ? Proxies.extract(owned) : null;
        return create(owned, factory, target);
    }

    @SuppressWarnings("unchecked")
    private static <T> T create(T like, RefFactory<T> factory, @Nullable T target) {
        Class<? super T> type = (Class<? super T>) Proxies.proxiedType(like);
        return Proxies.create(type, factory, target);
    }
}
