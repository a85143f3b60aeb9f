package dev.proxystore.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The open stores of this JVM by instance id, held weakly. A reference names the store instance that made it, so a
 * reference read back in the same JVM resolves through that very store, registered or not.
 */
final class LiveStores {

    private static final Cache<UUID, Store> STORES = Caffeine.newBuilder().weakValues().executor(Runnable::run).build();

    private LiveStores() {
    }

    static void add(Store store) {
        STORES.put(store.instanceId(), store);
    }

    static void remove(Store store) {
        STORES.asMap().remove(store.instanceId(), store);
    }

    /** The open store with that instance id and name, if this JVM has it. */
    static @Nullable Store find(@Nullable UUID instance, String name) {
        if (instance == null) {
            return null;
        }
        Store store = STORES.getIfPresent(instance);
        return store != null && !store.isClosed() && store.name().equals(name) ? store : null;
    }
}
