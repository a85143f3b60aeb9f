package dev.proxystore.store;

import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The open stores of this JVM by instance id, held weakly. A reference names the store instance that made it, so a
 * reference read back in the same JVM resolves through that very store, registered or not. A store leaves when it
 * closes; one that is garbage-collected unclosed leaves on the next lookup of its id, or when another store is added.
 */
final class LiveStores {

    private static final Map<UUID, WeakReference<Store>> STORES = new ConcurrentHashMap<>();
    private static final int PURGE_EVERY = 256;
    private static int additions;

    private LiveStores() {
    }

    static void add(Store store) {
        STORES.put(store.instanceId(), new WeakReference<>(store));
        boolean purge;
        synchronized (LiveStores.class) {
            purge = ++additions % PURGE_EVERY == 0;
        }
        if (purge) {
            STORES.values().removeIf(reference -> reference.get() == null);
        }
    }

    static void remove(Store store) {
        STORES.computeIfPresent(store.instanceId(), (id, reference) -> reference.get() == store ? null : reference);
    }

    /** The open store with that instance id and name, if this JVM has it. */
    static @Nullable Store find(@Nullable UUID instance, String name) {
        if (instance == null) {
            return null;
        }
        WeakReference<Store> reference = STORES.get(instance);
        if (reference == null) {
            return null;
        }
        Store store = reference.get();
        if (store == null) {
            STORES.remove(instance, reference);
            return null;
        }
        return !store.isClosed() && store.name().equals(name) ? store : null;
    }
}
