package dev.proxystore.spring.actuate;

import dev.proxystore.lifetime.ContextLifetime;
import dev.proxystore.lifetime.Lifetime;
import dev.proxystore.store.Store;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The live lifetimes of an application context, for monitoring: those whose default store is one of its stores, and
 * those without a default store (the static lifetime, custom ones).
 */
final class LiveLifetimes {

    private LiveLifetimes() {
    }

    /** The lifetimes that have not ended and belong to one of {@code stores}, or to no store in particular. */
    static List<Lifetime> of(Collection<Store> stores) {
        Set<Store> own = Collections.newSetFromMap(new IdentityHashMap<>());
        own.addAll(stores);
        List<Lifetime> live = new ArrayList<>();
        for (Lifetime lifetime : ContextLifetime.live()) {
            if (lifetime.defaultStore().map(own::contains).orElse(true)) {
                live.add(lifetime);
            }
        }
        return live;
    }
}
