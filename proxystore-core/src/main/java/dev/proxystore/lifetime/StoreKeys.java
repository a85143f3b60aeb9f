package dev.proxystore.lifetime;

import dev.proxystore.store.Key;
import dev.proxystore.store.Store;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The keys a lifetime holds, by store, in insertion order. Not thread-safe: its lifetime guards it. */
final class StoreKeys {

    private final Map<Store, Set<Key<?>>> keys = new LinkedHashMap<>();

    /** Adds keys of {@code store}; whether the store had no keys here before. */
    boolean add(Store store, Key<?>... added) {
        boolean first = !keys.containsKey(store);
        Set<Key<?>> set = keys.computeIfAbsent(store, s -> new LinkedHashSet<>());
        for (Key<?> key : added) {
            set.add(key);
        }
        return first;
    }

    /** All keys, removed from this set. */
    Map<Store, Set<Key<?>>> drain() {
        Map<Store, Set<Key<?>>> all = new LinkedHashMap<>(keys);
        keys.clear();
        return all;
    }

    /** The keys of {@code store}, removed from this set; null when there are none. */
    @Nullable Set<Key<?>> drain(Store store) {
        return keys.remove(store);
    }

    int size() {
        return keys.values().stream().mapToInt(Set::size).sum();
    }

    Map<Store, List<Key<?>>> snapshot() {
        Map<Store, List<Key<?>>> copy = new LinkedHashMap<>();
        keys.forEach((store, set) -> copy.put(store, List.copyOf(set)));
        return copy;
    }
}
