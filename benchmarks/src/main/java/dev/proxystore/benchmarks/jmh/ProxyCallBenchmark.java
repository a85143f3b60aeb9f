package dev.proxystore.benchmarks.jmh;

import dev.proxystore.benchmarks.model.Counter;
import dev.proxystore.benchmarks.model.SimpleCounter;
import dev.proxystore.connector.LocalConnector;
import dev.proxystore.proxy.Proxies;
import dev.proxystore.proxy.SerializableSupplier;
import dev.proxystore.store.Store;
import java.util.ArrayList;
import java.util.List;
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
 * A call on a resolved proxy versus the same call on the target: the overhead is the difference of the proxy
 * benchmark and its {@code direct} counterpart. Interface proxy ({@code Counter}), class proxy
 * ({@code SimpleCounter}, a subclass) and a JDK-class proxy made by a store (a subclass of {@code ArrayList}, called
 * through {@code List} like the direct list).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class ProxyCallBenchmark {

    private Counter directCounter;
    private Counter interfaceProxy;
    private SimpleCounter directClass;
    private SimpleCounter classProxy;
    private List<Integer> directList;
    private List<Integer> storeListProxy;
    private Store store;
    private int index;

    @Setup
    public void setUp() {
        SerializableSupplier<SimpleCounter> factory = SimpleCounter::new;
        directCounter = new SimpleCounter();
        interfaceProxy = Proxies.create(Counter.class, factory, new SimpleCounter());
        directClass = new SimpleCounter();
        classProxy = Proxies.create(SimpleCounter.class, factory, new SimpleCounter());
        directList = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            directList.add(i);
        }
        store = new Store("jmh-proxy-call", new LocalConnector());
        storeListProxy = store.proxy(new ArrayList<>(directList));
        if (!Proxies.isProxy(interfaceProxy) || !Proxies.isResolved(classProxy)
                || !Proxies.isResolved(storeListProxy)) {
            throw new IllegalStateException("expected resolved proxies");
        }
    }

    @TearDown
    public void tearDown() {
        store.close();
    }

    @Benchmark
    public int interfaceDirect() {
        return directCounter.add(1);
    }

    @Benchmark
    public int interfaceProxy() {
        return interfaceProxy.add(1);
    }

    @Benchmark
    public int classDirect() {
        return directClass.add(1);
    }

    @Benchmark
    public int classProxy() {
        return classProxy.add(1);
    }

    @Benchmark
    public Integer listDirect() {
        index = (index + 1) & 63;
        return directList.get(index);
    }

    @Benchmark
    public Integer listStoreProxy() {
        index = (index + 1) & 63;
        return storeListProxy.get(index);
    }
}
