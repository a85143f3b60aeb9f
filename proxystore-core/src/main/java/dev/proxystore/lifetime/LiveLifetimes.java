package dev.proxystore.lifetime;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The lifetimes that have not ended, held weakly so an abandoned lifetime is not kept alive by this list. */
final class LiveLifetimes {

    private static final AtomicLong IDS = new AtomicLong();
    private static final Map<Long, WeakReference<Lifetime>> LIVE = new ConcurrentHashMap<>();

    private LiveLifetimes() {
    }

    static long nextId() {
        return IDS.incrementAndGet();
    }

    static void add(long id, Lifetime lifetime) {
        LIVE.put(id, new WeakReference<>(lifetime));
    }

    static void remove(long id) {
        LIVE.remove(id);
    }

    static List<Lifetime> snapshot() {
        List<Lifetime> live = new ArrayList<>();
        LIVE.forEach((id, ref) -> {
            Lifetime lifetime = ref.get();
            if (lifetime == null || lifetime.done()) {
                LIVE.remove(id, ref);
            } else {
                live.add(lifetime);
            }
        });
        return live;
    }
}
