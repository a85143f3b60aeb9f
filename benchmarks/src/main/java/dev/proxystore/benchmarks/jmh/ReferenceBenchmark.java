package dev.proxystore.benchmarks.jmh;

import dev.proxystore.connector.LocalConnector;
import dev.proxystore.store.Reference;
import dev.proxystore.store.Store;
import dev.proxystore.store.StoreFactory;
import dev.proxystore.store.StoreRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
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
 * The trust model's cost per reference: signing one (encoding its claims and an HMAC-SHA-256 tag), and signing plus
 * verifying it (the Java form written, read back and admitted by a receiver).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class ReferenceBenchmark {

    private Store store;
    private StoreFactory<?> factory;
    private StoreRegistry receiver;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);

    @Setup
    public void setUp() {
        store = new Store("jmh-references", new LocalConnector());
        List<Integer> proxy = store.proxy(new ArrayList<>(List.of(1, 2, 3)));
        factory = StoreFactory.of(proxy);
        receiver = StoreRegistry.create();
    }

    @TearDown
    public void tearDown() {
        store.close();
    }

    /** A signed reference: the claims encoded and tagged. */
    @Benchmark
    public Reference sign() {
        return Reference.of(factory, List.class);
    }

    /** A reference signed, written in its Java form, read back and admitted (its tag verified) by a receiver. */
    @Benchmark
    public Reference signAndVerify() throws IOException {
        buffer.reset();
        Reference.of(factory, List.class).writeTo(new DataOutputStream(buffer));
        return Reference.readFrom(new DataInputStream(new ByteArrayInputStream(buffer.toByteArray())), receiver);
    }
}
