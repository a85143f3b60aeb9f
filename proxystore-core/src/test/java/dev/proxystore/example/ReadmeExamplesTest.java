package dev.proxystore.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxystore.connector.FileConnector;
import dev.proxystore.connector.LocalConnector;
import dev.proxystore.lifetime.ContextLifetime;
import dev.proxystore.lifetime.LeaseLifetime;
import dev.proxystore.lifetime.StaticLifetime;
import dev.proxystore.proxy.Proxies;
import dev.proxystore.ref.Refs;
import dev.proxystore.store.Key;
import dev.proxystore.store.ProxyOptions;
import dev.proxystore.store.Store;
import dev.proxystore.store.StoreRegistry;
import dev.proxystore.testing.JavaSerialization;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examples of the README, kept compiling and passing. */
class ReadmeExamplesTest {

    @Test
    void quickstart(@TempDir Path scratch) {
        byte[] wire;
        try (Store store = new Store("demo", new FileConnector(scratch))) {
            List<Double> data = new ArrayList<>(List.of(1.0, 2.0, 3.0));
            List<Double> proxy = store.proxy(data);        // written once; proxy starts resolved here
            wire = JavaSerialization.serialize(proxy);     // a few hundred bytes, whatever the size of data
        }
        // ... in another process or JVM that can read the directory (and has the same PROXYSTORE_SIGNING_KEY):
        try (Store store = Store.builder("demo", new FileConnector(scratch)).register(true).build()) {
            List<Double> remote = JavaSerialization.deserialize(wire);
            assertThat(Proxies.isResolved(remote)).isFalse();
            double sum = remote.stream().mapToDouble(Double::doubleValue).sum(); // resolves on first use
            assertThat(sum).isEqualTo(6.0);
        }
    }

    @Test
    void lifetimes() {
        try (Store store = new Store("lifetimes", new LocalConnector())) {
            Key<String> key;
            try (ContextLifetime job = new ContextLifetime(store)) {
                key = store.put("intermediate result", job);
                List<Integer> p = store.proxy(new ArrayList<>(List.of(1)), ProxyOptions.defaults().withLifetime(job));
                assertThat(p).containsExactly(1);
            } // everything associated with the job is evicted here
            assertThat(store.exists(key)).isFalse();

            LeaseLifetime lease = new LeaseLifetime(store, Duration.ofMinutes(5));
            Key<String> leased = store.put("cached for five minutes", lease);
            lease.extend(Duration.ofMinutes(5));        // now ten
            lease.close();                              // or end it early
            assertThat(store.exists(leased)).isFalse();

            Key<String> forever = store.put("until the JVM exits", StaticLifetime.instance());
            assertThat(StaticLifetime.instance().evictKeysOf(store)).isEqualTo(1);
            assertThat(store.exists(forever)).isFalse();
        }
    }

    @Test
    void ownership() throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(2);
        try (Store store = new Store("owners", new LocalConnector());
                StoreRegistry.Registration registration = StoreRegistry.global().registration(store)) {
            List<Integer> owned = store.ownedProxy(new ArrayList<>(List.of(1, 2, 3)));
            List<Integer> view = Refs.borrow(owned);
            int sum = Refs.submit(executor, () -> view.stream().mapToInt(Integer::intValue).sum(), view).get();
            Refs.drop(owned);                           // evicts: no borrow is left
            assertThat(sum).isEqualTo(6);
            assertThat(store.exists(StoreFactoryKeys.keyOf(view))).isFalse();
        } finally {
            executor.shutdownNow();
        }
    }

    /** Reads a proxy's key without using the (now invalid) reference. */
    static final class StoreFactoryKeys {
        static Key<?> keyOf(Object proxy) {
            return dev.proxystore.store.StoreFactory.of(proxy).key();
        }
    }
}
