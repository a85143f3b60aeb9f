package dev.proxystore.benchmarks.jmh;

import dev.proxystore.benchmarks.model.Blob;
import dev.proxystore.connector.LocalConnector;
import dev.proxystore.serialize.DefaultSerializer;
import dev.proxystore.store.Key;
import dev.proxystore.store.ProxyOptions;
import dev.proxystore.store.Store;
import dev.proxystore.store.StoreFactory;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Store operations on the local connector with a 1 KiB object ({@link Blob}, a class proxy): cache hits, proxy
 * creation on top of put, and resolving an unresolved proxy from the cache or from the connector.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class StoreBenchmark {

    private static final ProxyOptions DEFAULTS = ProxyOptions.defaults();

    private Store cached;
    private Store uncached;
    private Blob blob;
    private Key<Blob> cachedKey;
    private Key<Blob> uncachedKey;

    @Setup
    public void setUp() {
        DefaultSerializer serializer = DefaultSerializer.create().allowPackages("dev.proxystore.benchmarks.model");
        cached = Store.builder("jmh-cached", new LocalConnector()).serializer(serializer).register(true).build();
        uncached = Store.builder("jmh-uncached", new LocalConnector()).serializer(serializer).cacheSize(0)
                .register(true).build();
        blob = Blob.random(1024);
        cachedKey = cached.put(blob);
        Blob unused = cached.get(cachedKey).orElseThrow();
        if (!cached.isCached(cachedKey)) {
            throw new IllegalStateException("not cached");
        }
        uncachedKey = uncached.put(blob);
    }

    @TearDown
    public void tearDown() {
        cached.close();
        uncached.close();
    }

    /** A cache hit: {@code store.get} of an object read before. */
    @Benchmark
    public Blob getCached() {
        return cached.get(cachedKey).orElseThrow();
    }

    /** {@code put}, then {@code evict} so that memory stays flat; compare with {@link #proxyThenEvict}. */
    @Benchmark
    public Key<Blob> putThenEvict() {
        Key<Blob> key = cached.put(blob);
        cached.evict(key);
        return key;
    }

    /** {@code proxy}, then {@code evict}: the difference to {@link #putThenEvict} is the cost of the proxy. */
    @Benchmark
    public Blob proxyThenEvict() {
        Blob proxy = cached.proxy(blob);
        cached.evict(StoreFactory.of(proxy).key());
        return proxy;
    }

    /** A new unresolved proxy of a stored key (no write, no read): the cost of making a proxy. */
    @Benchmark
    public Blob proxyCreate() {
        return cached.proxyFromKey(cachedKey, Blob.class, DEFAULTS);
    }

    /** A new unresolved proxy of a cached key, and its first call: proxy creation plus a cache hit. */
    @Benchmark
    public int resolveFromCache() {
        Blob proxy = cached.proxyFromKey(cachedKey, Blob.class, DEFAULTS);
        return proxy.length();
    }

    /** A new unresolved proxy and its first call, cache off: proxy creation, connector read, deserialization. */
    @Benchmark
    public int resolveFromConnector() {
        Blob proxy = uncached.proxyFromKey(uncachedKey, Blob.class, DEFAULTS);
        return proxy.length();
    }
}
