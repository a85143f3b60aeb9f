package dev.proxystore.benchmarks.compare;

import dev.proxystore.benchmarks.model.Blob;
import dev.proxystore.connector.LocalConnector;
import dev.proxystore.proxy.Proxies;
import dev.proxystore.serialize.DefaultSerializer;
import dev.proxystore.store.Key;
import dev.proxystore.store.ProxyOptions;
import dev.proxystore.store.Store;
import dev.proxystore.store.StoreFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** In-process costs on the local connector, and the serializer's bulk throughput. */
final class LocalCosts {

    static final String PAYLOAD = "Blob";
    static final int BLOB_SIZE = 1024;

    private LocalCosts() {
    }

    /** A registered store over a new local connector, trusting the benchmark's model classes. */
    static Store localStore(String name) {
        return Store.builder(name, new LocalConnector())
                .serializer(DefaultSerializer.create().allowPackages("dev.proxystore.benchmarks.model"))
                .register(true)
                .build();
    }

    /**
     * {@code local.put} and {@code local.proxy} of a 1 KiB object, batches alternating, and the difference of their
     * medians as {@code local.proxy-overhead}.
     */
    static List<Measurement> putVersusProxy(Store store, int batches, int opsPerBatch) {
        Blob blob = Blob.random(BLOB_SIZE);
        long[] putNanos = new long[batches];
        long[] proxyNanos = new long[batches];
        List<Key<Blob>> keys = new ArrayList<>(opsPerBatch);
        List<Blob> proxies = new ArrayList<>(opsPerBatch);
        int warmup = Math.max(5, batches / 5);
        for (int b = -warmup; b < batches; b++) {
            long start = System.nanoTime();
            for (int i = 0; i < opsPerBatch; i++) {
                keys.add(store.put(blob));
            }
            long put = System.nanoTime() - start;
            keys.forEach(store::evict);
            keys.clear();

            start = System.nanoTime();
            for (int i = 0; i < opsPerBatch; i++) {
                proxies.add(store.proxy(blob));
            }
            long proxy = System.nanoTime() - start;
            for (Blob p : proxies) {
                store.evict(StoreFactory.of(p).key());
            }
            proxies.clear();
            if (b >= 0) {
                putNanos[b] = put;
                proxyNanos[b] = proxy;
            }
        }
        Measurement put = Measurement.ofBatches("local.put", PAYLOAD, BLOB_SIZE, "proxystore", putNanos, opsPerBatch);
        Measurement proxy = Measurement.ofBatches("local.proxy", PAYLOAD, BLOB_SIZE, "proxystore", proxyNanos,
                opsPerBatch);
        Measurement overhead = Measurement.ofValue("local.proxy-overhead", PAYLOAD, BLOB_SIZE, "proxystore",
                "overhead_us", round3(proxy.p50Us() - put.p50Us()));
        return List.of(put, proxy, overhead);
    }

    /** {@code local.proxy.create}: a new (unresolved) proxy of a stored key, without writing anything. */
    static Measurement proxyCreation(Store store, int batches, int opsPerBatch) {
        Key<Blob> key = store.put(Blob.random(BLOB_SIZE));
        ProxyOptions options = ProxyOptions.defaults();
        try {
            long[] nanos = new long[batches];
            long sum = 0;
            for (int b = -Math.max(5, batches / 5); b < batches; b++) {
                long start = System.nanoTime();
                for (int i = 0; i < opsPerBatch; i++) {
                    sum += System.identityHashCode(store.proxyFromKey(key, Blob.class, options));
                }
                long elapsed = System.nanoTime() - start;
                if (b >= 0) {
                    nanos[b] = elapsed;
                }
            }
            RedisComparison.sink += sum;
            return Measurement.ofBatches("local.proxy.create", PAYLOAD, BLOB_SIZE, "proxystore", nanos, opsPerBatch);
        } finally {
            store.evict(key);
        }
    }

    /** {@code store.get} of a key whose object is in the store's cache. */
    static Measurement cachedGet(Store store, int batches, int opsPerBatch) {
        Key<Blob> key = store.put(Blob.random(BLOB_SIZE));
        try {
            Blob unused = store.get(key).orElseThrow();
            if (!store.isCached(key)) {
                throw new IllegalStateException("the first get did not fill the cache");
            }
            long[] nanos = new long[batches];
            long sum = 0;
            for (int b = -Math.max(5, batches / 5); b < batches; b++) {
                long start = System.nanoTime();
                for (int i = 0; i < opsPerBatch; i++) {
                    sum += store.get(key).orElseThrow().length();
                }
                long elapsed = System.nanoTime() - start;
                if (b >= 0) {
                    nanos[b] = elapsed;
                }
            }
            RedisComparison.sink += sum;
            return Measurement.ofBatches("local.get.cached", PAYLOAD, BLOB_SIZE, "proxystore", nanos, opsPerBatch);
        } finally {
            store.evict(key);
        }
    }

    /**
     * A proxy Java-serialized and read back (as another JVM would): {@code local.proxy.deserialize} is reading it,
     * {@code local.proxy.first-resolve} its first use (registry lookup, connector read, deserialization).
     */
    static List<Measurement> firstResolve(Store store, int samples) {
        Blob blob = Blob.random(BLOB_SIZE);
        long[] deserialize = new long[samples];
        long[] resolve = new long[samples];
        int warmup = Math.max(50, samples / 5);
        long sum = 0;
        for (int i = -warmup; i < samples; i++) {
            Blob proxy = store.proxy(blob);
            byte[] bytes = javaSerialize(proxy);
            long start = System.nanoTime();
            Blob copy = (Blob) javaDeserialize(bytes);
            long deserialized = System.nanoTime();
            if (Proxies.isResolved(copy)) {
                throw new IllegalStateException("a deserialized proxy should start unresolved");
            }
            long middle = System.nanoTime();
            sum += copy.length();
            long end = System.nanoTime();
            if (i == -warmup && !blob.equals(Proxies.extract(copy))) {
                throw new IllegalStateException("the resolved copy differs from the original");
            }
            store.evict(StoreFactory.of(proxy).key());
            if (i >= 0) {
                deserialize[i] = deserialized - start;
                resolve[i] = end - middle;
            }
        }
        RedisComparison.sink += sum;
        return List.of(
                Measurement.ofLatencies("local.proxy.deserialize", PAYLOAD, BLOB_SIZE, "proxystore", deserialize),
                Measurement.ofLatencies("local.proxy.first-resolve", PAYLOAD, BLOB_SIZE, "proxystore", resolve));
    }

    /** The Java-serialized size of a proxy of a 1 KiB object made by {@code store}. */
    static Measurement serializedProxySize(Store store, String connector) {
        Blob proxy = store.proxy(Blob.random(BLOB_SIZE));
        try {
            int bytes = javaSerialize(proxy).length;
            return Measurement.ofValue("proxy.java-serialized-size", PAYLOAD, BLOB_SIZE, "proxystore", "bytes", bytes)
                    .with("connector", connector);
        } finally {
            store.evict(StoreFactory.of(proxy).key());
        }
    }

    /**
     * {@code DefaultSerializer} serialize and deserialize of a payload: the median of {@code repetitions} timings
     * (after a few untimed ones), to set against the extra time of ProxyStore over the floor.
     */
    static List<Measurement> serializerCost(Payload payload, int repetitions) {
        DefaultSerializer serializer = DefaultSerializer.create();
        long[] write = new long[repetitions];
        long[] read = new long[repetitions];
        for (int r = -Math.min(repetitions, 20); r < repetitions; r++) {
            long start = System.nanoTime();
            byte[] data = serializer.serialize(payload.value());
            long middle = System.nanoTime();
            Object back = serializer.deserialize(data);
            long end = System.nanoTime();
            RedisComparison.consume(back);
            if (r >= 0) {
                write[r] = middle - start;
                read[r] = end - middle;
            }
        }
        return List.of(
                Measurement.ofLatencies("serializer.serialize", payload.kind(), payload.size(), "proxystore", write),
                Measurement.ofLatencies("serializer.deserialize", payload.kind(), payload.size(), "proxystore",
                        read));
    }

    /**
     * {@code DefaultSerializer} serialize and deserialize of a {@code double[]} of {@code size} bytes: the median of
     * {@code repetitions} timings, with the rate in GB/s (10^9 bytes per second).
     */
    static List<Measurement> doubleArrayThroughput(int size, int repetitions) {
        double[] values = new double[size / Double.BYTES];
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextDouble();
        }
        DefaultSerializer serializer = DefaultSerializer.create();
        long[] write = new long[repetitions];
        long[] read = new long[repetitions];
        for (int r = -4; r < repetitions; r++) {
            long start = System.nanoTime();
            byte[] data = serializer.serialize(values);
            long middle = System.nanoTime();
            double[] back = (double[]) serializer.deserialize(data);
            long end = System.nanoTime();
            RedisComparison.sink += back.length + data.length;
            if (r >= 0) {
                write[r] = middle - start;
                read[r] = end - middle;
            }
        }
        Measurement serialize = Measurement.ofLatencies("serializer.throughput.serialize", Payload.DOUBLES, size,
                "proxystore", write);
        Measurement deserialize = Measurement.ofLatencies("serializer.throughput.deserialize", Payload.DOUBLES, size,
                "proxystore", read);
        return List.of(serialize.with("gb_per_s", round3(size / (serialize.p50Us() * 1e3))),
                deserialize.with("gb_per_s", round3(size / (deserialize.p50Us() * 1e3))));
    }

    static byte[] javaSerialize(Object obj) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(obj);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static Object javaDeserialize(byte[] data) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(data))) {
            return in.readObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    static double round3(double value) {
        return Math.round(value * 1000.0) / 1000.0;
    }
}
