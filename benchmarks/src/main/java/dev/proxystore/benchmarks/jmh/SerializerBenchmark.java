package dev.proxystore.benchmarks.jmh;

import dev.proxystore.benchmarks.model.Order;
import dev.proxystore.serialize.DefaultSerializer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link DefaultSerializer} on its fast paths ({@code byte[]}, {@code String}, {@code double[]}) and on a typical
 * POJO graph (JSON), next to a plain copy of the serialized bytes ({@code copyFloor}). The payload name ends with its
 * size, from which {@code jmh} prints GB/s. The fork gets a fixed, pre-touched heap so that 64 MiB arrays do not
 * measure page faults.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@State(Scope.Thread)
public class SerializerBenchmark {

    @Param({"bytes-1KiB", "bytes-1MiB", "string-1KiB", "string-1MiB", "doubles-1KiB", "doubles-1MiB",
            "doubles-64MiB", "pojo-order-20-items"})
    public String payload;

    private DefaultSerializer serializer;
    private Object value;
    private byte[] serialized;

    @Setup
    public void setUp() {
        serializer = DefaultSerializer.create().allowPackages("dev.proxystore.benchmarks.model");
        value = create(payload);
        serialized = serializer.serialize(value);
        if (serializer.deserialize(serialized).getClass() != value.getClass()) {
            throw new IllegalStateException("round trip changed the class of " + payload);
        }
    }

    static Object create(String payload) {
        SplittableRandom random = new SplittableRandom(11);
        if (payload.startsWith("pojo-order-")) {
            return Order.sample(Integer.parseInt(payload.replaceAll("\\D+", "")));
        }
        int size = (int) JmhRunner.payloadBytes(payload);
        if (payload.startsWith("bytes-")) {
            byte[] bytes = new byte[size];
            random.nextBytes(bytes);
            return bytes;
        }
        if (payload.startsWith("string-")) {
            StringBuilder text = new StringBuilder(size);
            String words = "the quick brown fox jumps over the lazy dog ";
            while (text.length() < size) {
                text.append(words, 0, Math.min(words.length(), size - text.length()));
            }
            return text.toString();
        }
        if (payload.startsWith("doubles-")) {
            double[] doubles = new double[size / Double.BYTES];
            for (int i = 0; i < doubles.length; i++) {
                doubles[i] = random.nextDouble();
            }
            return doubles;
        }
        throw new IllegalArgumentException("unknown payload " + payload);
    }

    @Benchmark
    public byte[] serialize() {
        return serializer.serialize(value);
    }

    @Benchmark
    public Object deserialize() {
        return serializer.deserialize(serialized);
    }

    /** A plain copy of the serialized bytes: the memory-bandwidth floor of any serializer producing a new array. */
    @Benchmark
    public byte[] copyFloor() {
        return serialized.clone();
    }
}
