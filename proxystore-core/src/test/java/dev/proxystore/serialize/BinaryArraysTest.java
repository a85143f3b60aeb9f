package dev.proxystore.serialize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proxystore.serialize.testmodel.Samples;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BinaryArraysTest {

    private final DefaultSerializer serializer =
            DefaultSerializer.create().allowPackages("dev.proxystore.serialize.testmodel");

    private static Samples samples(int size) {
        Random random = new Random(7);
        Samples samples = new Samples();
        samples.name = "s";
        samples.values = random.doubles(size).toArray();
        samples.values[0] = Double.NaN;
        samples.counts = random.ints(size).toArray();
        samples.weights = new float[] {1.5f, Float.NEGATIVE_INFINITY};
        samples.ids = new long[] {Long.MIN_VALUE, Long.MAX_VALUE};
        samples.flags = new short[] {-1, 7};
        samples.letters = "héllo\uD83D\uDE00".toCharArray();
        samples.untyped = new double[] {1.25, -0.5};
        samples.extra = new LinkedHashMap<>(Map.of("counts", new int[] {3, 4}));
        return samples;
    }

    @Test
    void primitiveArraysInsideObjectsRoundTripExactly() {
        Samples original = samples(1_000);

        Samples copy = (Samples) serializer.deserialize(serializer.serialize(original));

        assertThat(copy.values).usingElementComparator(Double::compare).containsExactly(original.values);
        assertThat(copy.counts).containsExactly(original.counts);
        assertThat(copy.weights).containsExactly(original.weights);
        assertThat(copy.ids).containsExactly(original.ids);
        assertThat(copy.flags).containsExactly(original.flags);
        assertThat(copy.letters).containsExactly(original.letters);
        assertThat(copy.untyped).isInstanceOf(double[].class);
        assertThat((double[]) copy.untyped).containsExactly(1.25, -0.5);
        assertThat((int[]) copy.extra.get("counts")).containsExactly(3, 4);
    }

    @Test
    void aLargeArrayCostsItsBytesInBase64NotDecimalText() {
        Samples large = samples(1 << 20);
        int raw = large.values.length * 8 + large.counts.length * 4;

        byte[] data = serializer.serialize(large);

        assertThat(data.length).isLessThan(raw * 4 / 3 + 4_096);
        String text = new String(data, StandardCharsets.ISO_8859_1);
        assertThat(text).doesNotContain(Double.toString(large.values[1]));
    }

    @Test
    void arraysWrittenAsJsonNumbersStillRead() {
        String type = Samples.class.getName();
        byte[] numbers = Envelopes.json(type, "[\"" + type + "\",{\"name\":\"n\",\"values\":[1.5,-2.0],"
                + "\"counts\":[3,4]}]");

        Samples copy = (Samples) serializer.deserialize(numbers);

        assertThat(copy.values).containsExactly(1.5, -2.0);
        assertThat(copy.counts).containsExactly(3, 4);
    }

    @Test
    void aTruncatedElementIsASerializationException() {
        byte[] bad = Envelopes.json(Samples.class.getName(), "[\"" + Samples.class.getName() + "\",{\"values\":\"AAAA\"}]");
        assertThatThrownBy(() -> serializer.deserialize(bad)).isInstanceOf(SerializationException.class);
    }
}
