package dev.proxystore.lifetime;

import dev.proxystore.store.EvictionCause;
import dev.proxystore.store.Key;
import dev.proxystore.store.Store;
import dev.proxystore.store.StoreFactory;
import dev.proxystore.store.UntrustedReferenceException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** What ending a lifetime does: evict every key, carry on past failures, report the first with the rest attached. */
final class Evictions {

    private Evictions() {
    }

    /**
     * The store factories of {@code proxies}, all checked before any is used.
     *
     * @throws UntrustedReferenceException if one came from a read-only reference
     */
    static List<StoreFactory<?>> factoriesOf(Object... proxies) {
        List<StoreFactory<?>> factories = new ArrayList<>(proxies.length);
        for (Object proxy : proxies) {
            StoreFactory<?> factory = StoreFactory.of(proxy);
            if (factory.readOnly()) {
                throw new UntrustedReferenceException(factory.config().name(), "a read-only reference (unsigned, read"
                        + " under the read-only policy) cannot join a lifetime: its end would evict the object");
            }
            factories.add(factory);
        }
        return factories;
    }

    /** Evicts every key (cause {@code lifetime}); keys of closed stores are skipped. */
    static @Nullable RuntimeException evictAll(Map<Store, ? extends Collection<Key<?>>> keys,
            @Nullable RuntimeException failure) {
        for (Map.Entry<Store, ? extends Collection<Key<?>>> entry : keys.entrySet()) {
            Store store = entry.getKey();
            if (store.isClosed()) {
                continue;
            }
            for (Key<?> key : entry.getValue()) {
                failure = run(() -> store.evict(key, EvictionCause.LIFETIME), failure);
            }
        }
        return failure;
    }

    /** Runs {@code action}; a failure becomes the result, or is attached to the earlier one. */
    static @Nullable RuntimeException run(Runnable action, @Nullable RuntimeException failure) {
        try {
            action.run();
            return failure;
        } catch (RuntimeException e) {
            if (failure == null) {
                return e;
            }
            failure.addSuppressed(e);
            return failure;
        }
    }
}
