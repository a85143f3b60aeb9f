package dev.proxystore.lifetime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proxystore.connector.LocalConnector;
import dev.proxystore.proxy.Proxies;
import dev.proxystore.proxy.ProxyLocker;
import dev.proxystore.store.Key;
import dev.proxystore.store.ProxyOptions;
import dev.proxystore.store.ProxyStoreFactoryException;
import dev.proxystore.store.Store;
import dev.proxystore.store.StoreFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ContextLifetimeTest {

    private final LocalConnector connector = new LocalConnector();
    private final Store store = new Store("context-lifetime-test", connector);

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void closingEvictsEveryAssociatedKey() {
        Key<String> outside = store.put("stays");
        Key<String> inside;
        try (ContextLifetime lifetime = new ContextLifetime(store)) {
            inside = store.put("goes", lifetime);
            assertThat(lifetime.size()).isEqualTo(1);
            assertThat(lifetime.done()).isFalse();
        }
        assertThat(store.exists(inside)).isFalse();
        assertThat(store.exists(outside)).isTrue();
    }

    @Test
    void everyCreatingStoreMethodTakesTheLifetime() {
        ContextLifetime lifetime = new ContextLifetime(store);
        ProxyOptions options = ProxyOptions.defaults().withLifetime(lifetime);

        Key<String> put = store.put("a", lifetime);
        List<Key<String>> batch = store.putBatch(List.of("b", "c"), lifetime);
        List<Integer> proxy = store.proxy(new ArrayList<>(List.of(1)), options);
        List<List<Integer>> proxies = store.proxyBatch(List.of(new ArrayList<>(List.of(2))), options);
        Key<String> existing = store.put("d");
        CharSequence fromKey = store.proxyFromKey(existing, CharSequence.class, options);
        ProxyLocker<List<Integer>> locker = store.lockedProxy(new ArrayList<>(List.of(3)), options);

        Set<Key<?>> keys = new HashSet<>(List.of(put, batch.get(0), batch.get(1), existing,
                StoreFactory.of(proxy).key(), StoreFactory.of(proxies.get(0)).key(),
                StoreFactory.of(locker.unlock()).key()));
        assertThat(lifetime.size()).isEqualTo(7);
        assertThat(connector.size()).isEqualTo(7);
        assertThat(Proxies.isProxy(fromKey)).isTrue();

        lifetime.close();

        assertThat(keys).noneMatch(store::exists);
        assertThat(connector.size()).isZero();
    }

    @Test
    void evictTogetherWithALifetimeIsRejectedBeforeWriting() {
        try (ContextLifetime lifetime = new ContextLifetime(store)) {
            ProxyOptions options = ProxyOptions.defaults().withLifetime(lifetime).withEvict(true);
            assertThatThrownBy(() -> store.proxy(new ArrayList<>(List.of(1)), options))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(connector.size()).isZero();
        }
    }

    @Test
    void addingAfterTheEndFailsAndClosingTwiceIsANoOp() {
        ContextLifetime lifetime = new ContextLifetime(store);
        lifetime.close();
        lifetime.close();

        assertThat(lifetime.done()).isTrue();
        Key<String> key = store.put("x");
        assertThatThrownBy(() -> lifetime.addKey(key)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.put("y", lifetime)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.proxy(new ArrayList<>(), ProxyOptions.defaults().withLifetime(lifetime)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(connector.size()).isEqualTo(1);
    }

    @Test
    void addProxyTakesStoreProxiesOnly() {
        try (ContextLifetime lifetime = new ContextLifetime(store)) {
            Runnable foreign = Proxies.create(Runnable.class, () -> () -> { });
            assertThatThrownBy(() -> lifetime.addProxy(foreign)).isInstanceOf(ProxyStoreFactoryException.class);
            assertThatThrownBy(() -> lifetime.addProxy("plain")).isInstanceOf(IllegalArgumentException.class);
            assertThat(lifetime.size()).isZero();
        }
    }

    @Test
    void addProxyAssociatesTheProxysKey() {
        List<Integer> proxy = store.proxy(new ArrayList<>(List.of(1)));
        Key<?> key = StoreFactory.of(proxy).key();
        try (var registration = dev.proxystore.store.StoreRegistry.global().registration(store);
                ContextLifetime lifetime = new ContextLifetime(store)) {
            lifetime.addProxy(proxy);
            assertThat(lifetime.size()).isEqualTo(1);
        }
        assertThat(store.exists(key)).isFalse();
    }

    @Test
    void closeWithStoresClosesThem() {
        Store other = new Store("other", new LocalConnector());
        ContextLifetime lifetime = new ContextLifetime(store, "named");
        lifetime.addKey(other, other.put("o"));
        lifetime.close(true);

        assertThat(lifetime.name()).isEqualTo("named");
        assertThat(other.isClosed()).isTrue();
        assertThat(store.isClosed()).isTrue();
    }

    @Test
    void generatedNamesAreUniqueAndLiveLifetimesAreListed() {
        ContextLifetime first = new ContextLifetime(store);
        ContextLifetime second = new ContextLifetime(store);
        assertThat(first.name()).isNotEqualTo(second.name()).startsWith("context-lifetime-");
        assertThat(ContextLifetime.live()).contains(first, second);
        first.close();
        assertThat(ContextLifetime.live()).doesNotContain(first).contains(second);
        second.close();
    }

    @Test
    void whenDoneRunsAfterTheEndOrAtOnce() {
        ContextLifetime lifetime = new ContextLifetime(store);
        Key<String> key = store.put("x", lifetime);
        List<Boolean> seen = new ArrayList<>();
        lifetime.whenDone(() -> seen.add(store.exists(key)));
        assertThat(seen).isEmpty();

        lifetime.close();
        lifetime.whenDone(() -> seen.add(true));

        assertThat(seen).containsExactly(false, true);
    }
}
