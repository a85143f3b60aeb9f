package dev.proxystore.spring.actuate;

import dev.proxystore.lifetime.ContextLifetime;
import dev.proxystore.lifetime.LeaseLifetime;
import dev.proxystore.lifetime.Lifetime;
import dev.proxystore.lifetime.StaticLifetime;
import dev.proxystore.store.Store;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The live lifetimes of an application context, for monitoring: the context and lease lifetimes over one of its
 * stores, and the static lifetime.
 */
final class LiveLifetimes {

    private LiveLifetimes() {
    }

    /** The kinds of lifetime, as reported in metrics tags and by the endpoint. */
    enum Kind {
        CONTEXT, LEASE, STATIC, OTHER;

        /** The lower-case tag value, for example {@code lease}. */
        public String tagValue() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The kind of {@code lifetime}. */
        public static Kind of(Lifetime lifetime) {
            if (lifetime instanceof LeaseLifetime) {
                return LEASE;
            }
            if (lifetime instanceof ContextLifetime) {
                return CONTEXT;
            }
            if (lifetime instanceof StaticLifetime) {
                return STATIC;
            }
            return OTHER;
        }
    }

    /**
     * The lifetimes that have not ended and belong to one of {@code stores}: context and lease lifetimes whose
     * {@link ContextLifetime#store() store} is one of them, plus the static lifetime unless it was closed.
     */
    static List<Lifetime> of(Collection<Store> stores) {
        Set<Store> own = Collections.newSetFromMap(new IdentityHashMap<>());
        own.addAll(stores);
        List<Lifetime> live = new ArrayList<>();
        for (Lifetime lifetime : ContextLifetime.live()) {
            if (lifetime instanceof ContextLifetime context ? own.contains(context.store())
                    : lifetime instanceof StaticLifetime) {
                live.add(lifetime);
            }
        }
        return live;
    }

    /** How many keys {@code lifetime} tracks; -1 when its kind does not tell. */
    static int keys(Lifetime lifetime) {
        if (lifetime instanceof ContextLifetime context) {
            return context.size();
        }
        if (lifetime instanceof StaticLifetime staticLifetime) {
            return staticLifetime.size();
        }
        return -1;
    }
}
