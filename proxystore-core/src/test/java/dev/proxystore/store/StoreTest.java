package dev.proxystore.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proxystore.connector.FileConnector;
import dev.proxystore.connector.LocalConnector;
import dev.proxystore.proxy.NonProxiableTypeException;
import dev.proxystore.proxy.Proxies;
import dev.proxystore.proxy.ProxyLocker;
import dev.proxystore.proxy.ProxyResolveMissingKeyException;
import dev.proxystore.serialize.DefaultSerializer;
import dev.proxystore.serialize.SerializationException;
import dev.proxystore.serialize.Serializer;
import dev.proxystore.testing.JavaSerialization;
import dev.proxystore.testing.Receiver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreTest {

    private final Store store = Store.builder("store-test", new LocalConnector())
            .serializer(DefaultSerializer.create().allowPackages("dev.proxystore.store"))
            .build();

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void putExistsGetEvictRoundTrip() {
        Key<String> key = store.put("hello");

        assertThat(store.exists(key)).isTrue();
        assertThat(store.get(key)).contains("hello");
        assertThat(store.isCached(key)).isTrue();

        store.evict(key);

        assertThat(store.exists(key)).isFalse();
        assertThat(store.isCached(key)).isFalse();
        assertThat(store.get(key)).isEmpty();
        store.evict(key);
    }

    @Test
    void getReturnsTheClassThatWasPut() {
        ArrayList<Integer> list = new ArrayList<>(List.of(1, 2, 3));
        HashMap<String, Integer> map = new HashMap<>(Map.of("a", 1));
        Matrix matrix = new Matrix("m", new double[] {1, 2});

        assertThat(store.get(store.put(list)).orElseThrow()).isInstanceOf(ArrayList.class).isEqualTo(list);
        assertThat(store.get(store.put(map)).orElseThrow()).isInstanceOf(HashMap.class).isEqualTo(map);
        assertThat(store.get(store.put(matrix)).orElseThrow()).isInstanceOf(Matrix.class).isEqualTo(matrix);
        assertThat(store.get(store.put(List.of(1, 2))).orElseThrow()).isEqualTo(List.of(1, 2));
        assertThat(store.get(store.put(Map.of("k", "v"))).orElseThrow()).isEqualTo(Map.of("k", "v"));
    }

    @Test
    void getBatchReadsInOrderWithOneConnectorBatchAndFillsTheCache() {
        CountingConnector connector = new CountingConnector(new LocalConnector());
        try (Store counted = new Store("batch", connector)) {
            List<Key<String>> keys = counted.putBatch(List.of("a", "b", "c"));
            counted.get(keys.get(1));
            connector.gets.set(0);
            List<Key<String>> asked = List.of(keys.get(0), keys.get(1), new Key<>("missing"), keys.get(2));

            List<Optional<String>> values = counted.getBatch(asked);

            assertThat(values).containsExactly(Optional.of("a"), Optional.of("b"), Optional.empty(), Optional.of("c"));
            assertThat(connector.gets).as("the three uncached keys").hasValue(3);
            assertThat(connector.batches).as("in one batch").hasValue(1);
            assertThat(counted.isCached(keys.get(2))).isTrue();
            assertThat(counted.getBatch(List.of())).isEmpty();
        }
    }

    @Test
    void putDoesNotFillTheCacheButGetDoes() {
        Key<String> key = store.put("x");
        assertThat(store.isCached(key)).isFalse();
        store.get(key);
        assertThat(store.isCached(key)).isTrue();
    }

    @Test
    void cacheSizeZeroNeverCachesAndTheCacheStaysWithinItsSize() {
        try (Store uncached = Store.builder("uncached", new LocalConnector()).cacheSize(0).build();
                Store small = Store.builder("small", new LocalConnector()).cacheSize(2).build()) {
            Key<String> key = uncached.put("x");
            uncached.get(key);
            assertThat(uncached.isCached(key)).isFalse();

            List<Key<Integer>> keys = IntStream.range(0, 10).mapToObj(small::put).toList();
            keys.forEach(small::get);
            assertThat(keys.stream().filter(small::isCached).count()).isLessThanOrEqualTo(2);
        }
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> Store.builder("bad", new LocalConnector()).cacheSize(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("The cache size must be 0 (no cache) or more");
        assertThatThrownBy(() -> store.put(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Store.builder(" ", new LocalConnector())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void proxyWithPopulatedTargetNeverReadsTheStore() {
        CountingConnector connector = new CountingConnector(new LocalConnector());
        try (Store counted = new Store("counted", connector)) {
            List<Integer> proxy = counted.proxy(new ArrayList<>(List.of(1, 2, 3)));

            assertThat(Proxies.isProxy(proxy)).isTrue();
            assertThat(Proxies.isResolved(proxy)).isTrue();
            assertThat(proxy).containsExactly(1, 2, 3);
            assertThat(connector.gets).hasValue(0);
        }
    }

    @Test
    void proxyWithoutPopulatedTargetResolvesOnFirstUse() {
        try (StoreRegistry.Registration registration = StoreRegistry.global().registration(store)) {
            Matrix proxy = store.proxy(new Matrix("lazy", new double[] {1, 2, 3}),
                    ProxyOptions.defaults().withPopulateTarget(false));

            assertThat(Proxies.isResolved(proxy)).isFalse();
            assertThat(proxy.sum()).isEqualTo(6.0);
            assertThat(Proxies.isResolved(proxy)).isTrue();
        }
    }

    @Test
    void deserializedProxyIsUnresolvedAndResolvesThroughTheRegistry() {
        try (StoreRegistry.Registration registration = StoreRegistry.global().registration(store)) {
            Matrix proxy = store.proxy(new Matrix("m", new double[] {4, 5}));

            Matrix copy = JavaSerialization.roundTrip(proxy);

            assertThat(Proxies.isResolved(copy)).isFalse();
            assertThat(copy.getLabel()).isEqualTo("m");
            assertThat(copy.sum()).isEqualTo(9.0);
        }
    }

    @Test
    void aProxyOfTenMegabytesSerializesToUnderTwoKilobytes() {
        double[] values = new double[10 * 1024 * 1024 / 8];
        Matrix proxy = store.proxy(new Matrix("big", values));

        assertThat(JavaSerialization.serialize(proxy).length).isLessThan(2048);
    }

    @Test
    void aSerializedProxyIsUnderFourHundredBytesAndReadsBackEqual() {
        try (StoreRegistry.Registration registration = StoreRegistry.global().registration(store)) {
            List<Integer> proxy = store.proxy(new ArrayList<>(List.of(1, 2, 3)));
            byte[] serialized = JavaSerialization.serialize(proxy);

            assertThat(serialized.length).isLessThan(400);
            List<Integer> copy = JavaSerialization.deserialize(serialized);
            assertThat(StoreFactory.of(copy)).isEqualTo(StoreFactory.of(proxy));
            assertThat(copy).containsExactly(1, 2, 3);
        }
    }

    @Test
    void ephemeralProxyEvictsOnFirstResolve() {
        try (StoreRegistry.Registration registration = StoreRegistry.global().registration(store)) {
            List<Integer> proxy = store.proxy(new ArrayList<>(List.of(1, 2)), ProxyOptions.defaults().withEvict(true));
            Key<?> key = StoreFactory.of(proxy).key();
            List<Integer> first = JavaSerialization.roundTrip(proxy);
            List<Integer> second = JavaSerialization.roundTrip(proxy);

            assertThat(first).containsExactly(1, 2);
            assertThat(store.exists(key)).isFalse();
            assertThatThrownBy(second::size)
                    .isInstanceOfSatisfying(ProxyResolveMissingKeyException.class, e -> {
                        assertThat(e.key()).isEqualTo(key);
                        assertThat(e.storeName()).isEqualTo("store-test");
                    })
                    .hasMessageContaining("store-test")
                    .hasMessageContaining(key.id());
        }
    }

    @Test
    void aReferenceToAStoreTheReceiverLacksIsRefusedUnlessItsPolicyRecreatesTheStore(@TempDir Path directory) {
        byte[] named;
        byte[] carrying;
        try (Store files = new Store("files", new FileConnector(directory));
                Store sharing = Store.builder("files", new FileConnector(directory)).referencesCarryConfig(true)
                        .build()) {
            named = JavaSerialization.serialize(files.proxy(new ArrayList<>(List.of("a", "b"))));
            carrying = JavaSerialization.serialize(sharing.proxy(new ArrayList<>(List.of("a", "b"))));
        }

        assertThatThrownBy(() -> JavaSerialization.deserialize(named))
                .isInstanceOf(UntrustedReferenceException.class)
                .hasMessageContaining("no store of that name")
                .hasMessageContaining("carries no config").hasMessageContaining("a local store cannot be shared");
        assertThatThrownBy(() -> JavaSerialization.deserialize(carrying))
                .isInstanceOf(UntrustedReferenceException.class)
                .hasMessageContaining("re-creates no store");
        try (Receiver receiver = Receiver.under(TrustPolicy.builder()
                .recreateStores("file").allowDirectories(directory).build())) {
            List<String> copy = JavaSerialization.deserialize(carrying);

            assertThat(copy).containsExactly("a", "b");
            assertThat(receiver.policy().recreatedStores()).isEqualTo(1);
            assertThat(StoreRegistry.global().get("files")).as("a re-created store is never registered").isEmpty();
        }
    }

    @Test
    void concurrentFirstResolvesRecreateTheStoreOnce(@TempDir Path directory) throws Exception {
        byte[] serialized;
        try (Store files = Store.builder("race", new FileConnector(directory)).referencesCarryConfig(true).build()) {
            List<Integer> proxy = files.proxy(new ArrayList<>(List.of(7)));
            serialized = JavaSerialization.serialize(proxy);
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try (Receiver receiver = Receiver.under(TrustPolicy.builder()
                .recreateStores("file").allowDirectories(directory).build())) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                List<Integer> copy = JavaSerialization.deserialize(serialized);
                results.add(pool.submit(() -> {
                    start.await();
                    return copy.get(0);
                }));
            }
            start.countDown();
            for (Future<Integer> result : results) {
                assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo(7);
            }
            assertThat(receiver.policy().recreatedStores()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void sixteenThreadsResolvingCopiesOfOneProxyAllSeeTheObject() throws Exception {
        try (StoreRegistry.Registration registration = StoreRegistry.global().registration(store)) {
            byte[] serialized = JavaSerialization.serialize(store.proxy(new Matrix("shared", new double[] {1, 1})));
            ExecutorService pool = Executors.newFixedThreadPool(16);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Double>> sums = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    Matrix copy = JavaSerialization.deserialize(serialized);
                    sums.add(pool.submit(() -> {
                        start.await();
                        return copy.sum();
                    }));
                }
                start.countDown();
                for (Future<Double> sum : sums) {
                    assertThat(sum.get(30, TimeUnit.SECONDS)).isEqualTo(2.0);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void missingKeyAndBadBytesFailWithTypedExceptions() {
        try (StoreRegistry.Registration registration = StoreRegistry.global().registration(store)) {
            Matrix missing = store.proxyFromKey(new Key<>("no-such-key"), Matrix.class, ProxyOptions.defaults());
            assertThatThrownBy(missing::sum).isInstanceOf(ProxyResolveMissingKeyException.class);

            String id = store.connector().put("not an envelope".getBytes(StandardCharsets.UTF_8));
            Matrix garbage = store.proxyFromKey(new Key<>(id), Matrix.class, ProxyOptions.defaults());
            assertThatThrownBy(garbage::sum).isInstanceOf(SerializationException.class);
            assertThatThrownBy(() -> store.get(new Key<>(id))).isInstanceOf(SerializationException.class);
        }
    }

    record Point(int x, int y) {
    }

    enum Color {
        RED
    }

    @Test
    void aLockedProxyOfNullIsNullWhenSkippingAsAProxyOfNullIs() {
        ProxyOptions skip = ProxyOptions.defaults().withSkipNonProxiable(true);
        assertThat(store.<List<Integer>>proxy(null, skip)).isNull();
        assertThat(store.<List<Integer>>lockedProxy(null, skip)).isNull();
        assertThatThrownBy(() -> store.lockedProxy(null, ProxyOptions.defaults()))
                .isInstanceOf(NonProxiableTypeException.class);
        assertThatThrownBy(() -> store.lockedProxy("final", skip)).isInstanceOf(NonProxiableTypeException.class);
    }

    @Test
    void messagesNameArrayTypesAsSourceCodeDoes() {
        assertThatThrownBy(() -> store.proxy(new byte[] {1})).isInstanceOf(NonProxiableTypeException.class)
                .hasMessageStartingWith("cannot proxy byte[]:");
    }

    @Test
    void nonProxiableTypesAreRejectedBeforeAnythingIsWritten() {
        for (Object value : new Object[] {new Point(1, 2), "final", new int[] {1}, Color.RED}) {
            assertThatThrownBy(() -> store.proxy(value))
                    .isInstanceOf(NonProxiableTypeException.class)
                    .hasMessageContaining(value.getClass().getTypeName());
        }
        assertThatThrownBy(() -> store.proxy(null)).isInstanceOf(NonProxiableTypeException.class);
        assertThat(((LocalConnector) store.connector()).size()).isZero();

        Point point = new Point(1, 2);
        assertThat(store.proxy(point, ProxyOptions.defaults().withSkipNonProxiable(true))).isSameAs(point);
        assertThat(((LocalConnector) store.connector()).size()).isZero();

        CharSequence text = store.proxy("text", ProxyOptions.defaults().withType(CharSequence.class));
        assertThat(Proxies.isProxy(text)).isTrue();
        assertThat(text.length()).isEqualTo(4);
        assertThat(text.toString()).isEqualTo("text");
    }

    @Test
    void withTypeMustMatchTheObject() {
        assertThatThrownBy(() -> store.proxy("text", ProxyOptions.defaults().withType(List.class)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void proxyBatchProxyFromKeyAndLockedProxy() {
        try (StoreRegistry.Registration registration = StoreRegistry.global().registration(store)) {
            List<List<Integer>> proxies = store.proxyBatch(
                    List.of(new ArrayList<>(List.of(1)), new ArrayList<>(List.of(2, 3))), ProxyOptions.defaults());
            assertThat(proxies).hasSize(2);
            assertThat(proxies.get(1)).containsExactly(2, 3);
            assertThat(proxies).allMatch(Proxies::isProxy);

            Key<Matrix> key = store.put(new Matrix("k", new double[] {2}));
            Matrix fromKey = store.proxyFromKey(key, Matrix.class, ProxyOptions.defaults());
            assertThat(Proxies.isResolved(fromKey)).isFalse();
            assertThat(fromKey.sum()).isEqualTo(2.0);

            ProxyLocker<Matrix> locker = store.lockedProxy(new Matrix("l", new double[] {3}), ProxyOptions.defaults());
            ProxyLocker<Matrix> copy = JavaSerialization.roundTrip(locker);
            assertThat(copy.unlock().sum()).isEqualTo(3.0);
        }
    }

    @Test
    void configCarriesNoDataAndRecreatesTheStore(@TempDir Path directory) {
        try (Store files = Store.builder("cfg", new FileConnector(directory)).cacheSize(3).populateTarget(false).build()) {
            Key<String> key = files.put("persisted");
            StoreConfig config = files.config();
            assertThat(config.cacheSize()).isEqualTo(3);
            assertThat(config.populateTarget()).isFalse();
            assertThat(config.connector().type()).isEqualTo("file");

            try (Store again = Store.fromConfig(config)) {
                assertThat(again.get(key)).contains("persisted");
                assertThat(again.config()).isEqualTo(config);
            }
        }
    }

    @Test
    void registeringTwiceUnderOneNameFails() {
        try (Store first = Store.builder("twice", new LocalConnector()).register(true).build()) {
            assertThatThrownBy(() -> Store.builder("twice", new LocalConnector()).register(true).build())
                    .isInstanceOf(StoreExistsException.class);
            assertThat(StoreRegistry.global().get("twice")).containsSame(first);
        }
        assertThat(StoreRegistry.global().get("twice")).isEmpty();
    }

    @Test
    void closedStoreRejectsOperations() {
        Store closed = new Store("closed", new LocalConnector());
        closed.close();
        closed.close();
        assertThat(closed.isClosed()).isTrue();
        assertThatThrownBy(() -> closed.put("x")).isInstanceOf(IllegalStateException.class);
        assertThat(Optional.of(closed.name())).contains("closed");
    }

    @Test
    void proxiesOfAnUnregisteredStoreWorkThroughItAndCreateNoSecondStore() {
        Store own = new Store("unregistered", new LocalConnector());
        List<Integer> owned = own.ownedProxy(new ArrayList<>(List.of(1)));
        Key<?> key = StoreFactory.of(owned).key();
        own.get(key);
        assertThat(own.isCached(key)).isTrue();

        dev.proxystore.ref.Refs.drop(owned);

        assertThat(own.exists(key)).isFalse();
        assertThat(own.isCached(key)).as("evicted through the same store, so its cache too").isFalse();
        assertThat(StoreRegistry.global().get("unregistered")).isEmpty();
        List<Integer> lazy = own.proxy(new ArrayList<>(List.of(2)), ProxyOptions.defaults().withPopulateTarget(false));
        assertThat(lazy).containsExactly(2);
        assertThat(StoreRegistry.global().get("unregistered")).isEmpty();
        own.close();
    }

    @Test
    void aFailingCustomDeserializerIsASerializationExceptionNamingTheObject() {
        Serializer broken = new Serializer() {
            @Override
            public byte[] serialize(Object obj) {
                return new byte[] {1};
            }

            @Override
            public Object deserialize(byte[] data) {
                throw new IllegalStateException("broken reader");
            }
        };
        try (Store custom = Store.builder("broken", new LocalConnector()).serializer(broken).build()) {
            Key<String> key = custom.put("x");
            assertThatThrownBy(() -> custom.get(key))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining(key.id())
                    .hasRootCauseMessage("broken reader");
            assertThatThrownBy(() -> custom.getBatch(List.of(key))).isInstanceOf(SerializationException.class);
        }
    }

    @Test
    void closingAStoreEvictsItsStaticLifetimeObjects(@TempDir Path directory) throws Exception {
        Store files = new Store("static-files", new FileConnector(directory));
        files.put("kept for the program", dev.proxystore.lifetime.StaticLifetime.instance());
        Key<String> other = files.put("not static");

        files.close();

        try (java.util.stream.Stream<Path> left = java.nio.file.Files.list(directory)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly(other.id());
        }
    }

    @Test
    void resolveAsyncReadsInTheBackgroundAndResolveUsesItsResult() throws Exception {
        CountingConnector connector = new CountingConnector(new LocalConnector());
        try (Store counted = Store.builder("async", connector).cacheSize(0).build()) {
            Key<String> key = counted.put("later");
            StoreFactory<String> factory = new StoreFactory<>(key, counted.config()).withKey(key);
            try (StoreRegistry.Registration registration = StoreRegistry.global().registration(counted)) {
                assertThat(factory.resolveAsync().get(10, TimeUnit.SECONDS)).isEqualTo("later");
                assertThat(factory.resolve()).isEqualTo("later");
                assertThat(connector.gets).as("resolve took the background result").hasValue(1);

                ExecutorService own = Executors.newSingleThreadExecutor();
                try {
                    assertThat(factory.resolveAsync(own).get(10, TimeUnit.SECONDS)).isEqualTo("later");
                } finally {
                    own.shutdownNow();
                }
            }
        }
    }

    @Test
    void aBatchReadRefusesAnObjectOverThePayloadLimitBeforeLoadingIt(@TempDir Path directory) throws Exception {
        try (Store files = Store.builder("limited", new FileConnector(directory))
                .serializer(DefaultSerializer.create().withMaxPayloadSize(1024 * 1024)).build()) {
            Key<String> small = files.put("small");
            Key<String> planted = new Key<>(UUID.randomUUID().toString());
            try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(
                    directory.resolve(planted.id()).toFile(), "rw")) {
                file.setLength(Integer.MAX_VALUE - 64); // sparse: loading it would need a 2 GiB array
            }

            assertThatThrownBy(() -> files.getBatch(List.of(small, planted)))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining(planted.id())
                    .hasMessageContaining("more than the maximum payload size of 1048576 bytes");
            assertThatThrownBy(() -> files.get(planted)).isInstanceOf(SerializationException.class)
                    .hasMessageContaining("more than the maximum payload size");
            assertThat(files.getBatch(List.of(small))).containsExactly(Optional.of("small"));
        }
    }
}
