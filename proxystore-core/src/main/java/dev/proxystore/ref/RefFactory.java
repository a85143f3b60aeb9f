package dev.proxystore.ref;

import dev.proxystore.proxy.GuardedSupplier;
import dev.proxystore.store.EvictionCause;
import dev.proxystore.store.Reference;
import dev.proxystore.store.StoreBackedFactory;
import dev.proxystore.store.StoreFactory;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.lang.ref.Cleaner;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The factory of an owned or borrowed proxy: a store factory plus the reference's state. Every use of the proxy
 * checks that the reference is still valid. Serializing it moves the reference: this copy becomes invalid and the
 * deserialized one is live (with fresh counts, since the owner's bookkeeping stays in this process).
 */
final class RefFactory<T> implements GuardedSupplier<T>, StoreBackedFactory<T> {

    @Serial
    private static final long serialVersionUID = 1L;

    private static final Cleaner CLEANER = Cleaner.create(runnable -> {
        Thread thread = new Thread(runnable, "proxystore-ref-cleaner");
        thread.setDaemon(true);
        return thread;
    });

    private final RefKind kind;
    private final StoreFactory<T> factory;
    private final transient State state;

    private RefFactory(RefKind kind, StoreFactory<T> factory, @Nullable RefFactory<T> owner) {
        this.kind = kind;
        this.factory = Objects.requireNonNull(factory, "factory");
        this.state = new State(kind, factory, owner);
        this.state.cleanable = kind == RefKind.BORROWED && owner == null ? null : CLEANER.register(this, state);
    }

    static <T> RefFactory<T> owner(StoreFactory<T> factory) {
        return new RefFactory<>(RefKind.OWNED, factory.withEvict(false), null);
    }

    /** A borrow of this owner; the caller has checked the rules and counted it. */
    RefFactory<T> borrowed(RefKind borrowKind) {
        return new RefFactory<>(borrowKind, factory, this);
    }

    RefKind kind() {
        return kind;
    }

    @Override
    public StoreFactory<T> storeFactory() {
        return factory;
    }

    @Override
    public T get() {
        checkAccess();
        return factory.get();
    }

    @Override
    public void checkAccess() {
        if (!state.valid) {
            throw new ReferenceInvalidException(
                    "this " + kind + " reference to " + factory.key().id() + " was " + state.invalidatedBy
                            + " and cannot be used any more");
        }
    }

    /** Checks the borrow rules, counts a new borrow of this owner, and returns its factory. */
    RefFactory<T> borrow(boolean mutable) {
        synchronized (state) {
            checkAccess();
            if (state.mutBorrows > 0) {
                throw new MutableBorrowException("the owner of " + factory.key().id() + " is mutably borrowed");
            }
            if (mutable && state.borrows > 0) {
                throw new MutableBorrowException(
                        "the owner of " + factory.key().id() + " has " + state.borrows + " immutable borrow(s)");
            }
            if (mutable) {
                state.mutBorrows++;
            } else {
                state.borrows++;
            }
        }
        return borrowed(mutable ? RefKind.MUT_BORROWED : RefKind.BORROWED);
    }

    /** Throws unless the owner is unborrowed; for update and drop. */
    void checkNotBorrowed(String action) {
        synchronized (state) {
            checkAccess();
            if (state.borrows > 0 || state.mutBorrows > 0) {
                throw new MutableBorrowException("cannot " + action + " " + factory.key().id() + ": it has "
                        + state.borrows + " borrow(s) and " + state.mutBorrows + " mutable borrow(s)");
            }
        }
    }

    /** Ends the owner now, evicting the target. */
    void drop() {
        synchronized (state) {
            checkAccess();
            if (state.borrows > 0 || state.mutBorrows > 0) {
                throw new IllegalStateException("cannot drop " + factory.key().id() + " while it has "
                        + state.borrows + " borrow(s) and " + state.mutBorrows + " mutable borrow(s)");
            }
            state.invalidate("dropped");
        }
        Cleaner.Cleanable cleanable = state.cleanable;
        if (cleanable != null) {
            cleanable.clean();
        }
        factory.store().evict(factory.key(), EvictionCause.OWNERSHIP);
    }

    /** Ends a borrow: gives the count back to the owner (in this process) and invalidates it. Idempotent. */
    void release() {
        Cleaner.Cleanable cleanable = state.cleanable;
        state.invalidate("released");
        state.releaseOwner();
        if (cleanable != null) {
            cleanable.clean();
        }
    }

    int borrows() {
        synchronized (state) {
            return state.borrows;
        }
    }

    int mutBorrows() {
        synchronized (state) {
            return state.mutBorrows;
        }
    }

    /**
     * Moves this reference: a signed reference of its kind (with a move ticket for an owner or mutable borrow) is
     * written instead, and this copy becomes invalid.
     */
    @Serial
    private Object writeReplace() throws ObjectStreamException {
        if (kind == RefKind.OWNED) {
            checkNotBorrowed("move");
        } else {
            checkAccess();
        }
        Reference moved = Reference.move(factory, kind.referenceKind());
        state.invalidate("moved by serialization");
        if (kind == RefKind.OWNED) {
            Cleaner.Cleanable cleanable = state.cleanable;
            if (cleanable != null) {
                cleanable.clean();
            }
        }
        return new RefForm(moved);
    }

    @Serial
    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("reference factories are read through their signed form");
    }

    /** The live reference a moved one stands for in this process, admitted by the receiver. */
    @SuppressWarnings("unchecked")
    static RefFactory<Object> moved(Reference reference) {
        RefKind kind = RefKind.of(reference.kind());
        StoreFactory<Object> factory = (StoreFactory<Object>) reference.factory();
        return new RefFactory<>(kind, factory, null);
    }

    @Override
    public String toString() {
        return "RefFactory[" + kind + ", store=" + factory.config().name() + ", key=" + factory.key().id()
                + ", valid=" + state.valid + "]";
    }

    /**
     * A reference's state, shared with its cleanup action (which must not reach the factory itself). For an owner it
     * counts borrows; for a borrow it holds the owner's factory, which keeps the owner alive while borrowed.
     */
    private static final class State implements Runnable {

        private final RefKind kind;
        private final StoreFactory<?> factory;
        private @Nullable RefFactory<?> owner;
        private volatile boolean valid = true;
        private String invalidatedBy = "";
        private int borrows;
        private int mutBorrows;
        private Cleaner.@Nullable Cleanable cleanable;

        State(RefKind kind, StoreFactory<?> factory, @Nullable RefFactory<?> owner) {
            this.kind = kind;
            this.factory = factory;
            this.owner = owner;
        }

        synchronized void invalidate(String reason) {
            if (valid) {
                valid = false;
                invalidatedBy = reason;
            }
        }

        /** A borrow gives its count back to its owner, once. */
        void releaseOwner() {
            RefFactory<?> ownerToNotify;
            synchronized (this) {
                ownerToNotify = owner;
                owner = null;
            }
            if (ownerToNotify != null) {
                State ownerState = ownerToNotify.state;
                synchronized (ownerState) {
                    if (kind == RefKind.MUT_BORROWED) {
                        ownerState.mutBorrows--;
                    } else {
                        ownerState.borrows--;
                    }
                }
            }
        }

        /** The cleanup action: an unreachable owner evicts its target; an unreachable borrow releases. */
        @Override
        public void run() {
            if (kind == RefKind.OWNED) {
                boolean evict;
                synchronized (this) {
                    evict = valid;
                    if (valid) {
                        valid = false;
                        invalidatedBy = "dropped";
                    }
                }
                if (evict) {
                    // Only through a store that exists: re-creating one the application closed, from the cleaner's
                    // thread, would bring it back (registered, with a new connector) for a single eviction.
                    factory.existingStore().ifPresent(store -> {
                        try {
                            store.evict(factory.key(), EvictionCause.OWNERSHIP);
                        } catch (RuntimeException e) {
                            // best effort: the store may be closing or unreachable while the JVM winds down
                        }
                    });
                }
            } else {
                invalidate("released");
                releaseOwner();
            }
        }
    }
}
