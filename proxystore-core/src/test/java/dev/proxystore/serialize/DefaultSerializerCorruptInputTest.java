package dev.proxystore.serialize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proxystore.serialize.testmodel.Circle;
import dev.proxystore.serialize.testmodel.Color;
import dev.proxystore.serialize.testmodel.Point;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DefaultSerializerCorruptInputTest {

    private final DefaultSerializer serializer =
            DefaultSerializer.create().allowPackages("dev.proxystore.serialize.testmodel");

    private void assertRejected(byte[] data, String messagePart) {
        assertThatThrownBy(() -> serializer.deserialize(data)).isInstanceOf(SerializationException.class)
                .hasMessageContaining(messagePart);
    }

    @Test
    void emptyDataIsRejected() {
        assertRejected(new byte[0], "no data");
    }

    @Test
    void dataShorterThanTheHeaderIsRejected() {
        byte[] valid = serializer.serialize(new int[] {1});

        for (int length = 1; length < Envelopes.HEADER_SIZE; length++) {
            assertRejected(Arrays.copyOf(valid, length), "too short");
        }
    }

    @Test
    void wrongMagicIsRejected() {
        byte[] data = serializer.serialize("text");
        data[0] = 'Q';

        assertRejected(data, "magic");
        assertRejected("{\"json\":\"but no envelope\"}".getBytes(), "magic");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2, 255})
    void unknownVersionIsRejected(int version) {
        assertRejected(Envelopes.envelope(version, 1, new byte[3]), "version " + version);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 12, 99, 255})
    void unknownFormatIsRejected(int format) {
        assertRejected(Envelopes.envelope(1, format, new byte[3]), "format " + format);
    }

    @Test
    void truncatedOrExtendedBodyIsRejected() {
        byte[] valid = serializer.serialize(new long[] {1, 2, 3});

        assertRejected(Arrays.copyOf(valid, valid.length - 8), "truncated");
        assertRejected(Arrays.copyOf(valid, valid.length - 1), "truncated");
        assertRejected(Arrays.copyOf(valid, valid.length + 1), "truncated");
    }

    @Test
    void arrayBodyThatIsNotAWholeNumberOfElementsIsRejected() {
        assertRejected(Envelopes.envelope(1, 9, new byte[12]), "corrupt");
        assertRejected(Envelopes.envelope(1, 5, new byte[3]), "corrupt");
    }

    @Test
    void booleanOtherThanZeroOrOneIsRejected() {
        assertRejected(Envelopes.envelope(1, 3, new byte[] {0, 1, 2}), "corrupt");
    }

    @ParameterizedTest
    @ValueSource(ints = {Integer.MAX_VALUE, Integer.MAX_VALUE - 8, -1, Integer.MIN_VALUE, 1 << 30})
    void hugeOrNegativeLengthFieldIsRejectedWithoutAllocating(int length) {
        for (int format = 1; format <= 11; format++) {
            byte[] data = Envelopes.envelope(1, format, new byte[16]);
            Envelopes.putInt(data, 6, length);

            assertRejected(data, "does not match");
        }
    }

    @Test
    void hugeClassNameLengthIsRejected() {
        byte[] data = Envelopes.json("java.util.ArrayList", "[\"java.util.ArrayList\",[]]");
        data[Envelopes.HEADER_SIZE] = (byte) 0xFF;
        data[Envelopes.HEADER_SIZE + 1] = (byte) 0xFF;

        assertRejected(data, "does not fit");
    }

    @Test
    void jsonEnvelopeWithoutNamesIsRejected() {
        assertRejected(Envelopes.envelope(1, 10, new byte[0]), "truncated");
        assertRejected(Envelopes.envelope(1, 10, new byte[] {0, 0, 0, 0}), "no root class");
    }

    @Test
    void malformedDocumentsAreRejected() {
        String list = "java.util.ArrayList";
        for (String document : List.of("", "[", "[\"java.util.ArrayList\",[1,2]", "[\"java.util.ArrayList\",[]] x",
                "[\"java.util.ArrayList\",{}]", "[\"java.util.ArrayList\"]", "[42,[]]", "\u0000",
                "[\"java.util.ArrayList\",[[\"java.lang.Integer\",\"NaN\"]]]")) {
            assertThatThrownBy(() -> serializer.deserialize(Envelopes.json(list, document)))
                    .as(document).isInstanceOf(SerializationException.class);
        }
    }

    @Test
    void deepNestingIsRejectedWithoutStackOverflow() {
        String list = "java.util.ArrayList";
        String deepTyped = "[\"java.util.ArrayList\",[".repeat(20_000);
        String deepUntyped = "[\"java.util.ArrayList\",[" + "[".repeat(200_000);

        assertRejected(Envelopes.json(list, deepTyped), "depth");
        assertRejected(Envelopes.json(list, deepUntyped), "");
        assertThatThrownBy(() -> serializer.deserialize(Envelopes.json("dev.proxystore.serialize.testmodel.Node",
                "[\"dev.proxystore.serialize.testmodel.Node\",{\"next\":".repeat(20_000))))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void overlongNumbersAreRejected() {
        assertRejected(Envelopes.json("java.math.BigInteger", "[\"java.math.BigInteger\"," + "9".repeat(200_000) + "]"),
                "Number value length");
    }

    @Test
    void dataLongerThanTheMaximumPayloadIsRejectedBeforeParsing() {
        DefaultSerializer small = serializer.withMaxPayloadSize(100);
        byte[] fits = serializer.serialize(new byte[100 - Envelopes.HEADER_SIZE]);
        byte[] tooLong = serializer.serialize(new byte[101 - Envelopes.HEADER_SIZE]);
        byte[] garbage = new byte[101];

        assertThat((byte[]) small.deserialize(fits)).hasSize(90);
        assertThatThrownBy(() -> small.deserialize(tooLong)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("maximum payload size");
        assertThatThrownBy(() -> small.deserialize(garbage)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("maximum payload size");
    }

    @Test
    void serializingBeyondTheMaximumPayloadFailsInsteadOfWritingUnreadableData() {
        DefaultSerializer small = serializer.withMaxPayloadSize(100);

        assertThat(small.serialize(new byte[90])).hasSize(100);
        assertThatThrownBy(() -> small.serialize(new byte[91])).isInstanceOf(SerializationException.class)
                .hasMessageContaining("maximum payload size");
        assertThatThrownBy(() -> small.serialize(new double[12])).isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> small.serialize("x".repeat(91))).isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> small.serialize(new ArrayList<>(List.of("x".repeat(100)))))
                .isInstanceOf(SerializationException.class).hasMessageContaining("maximum payload size");
    }

    @Test
    void maxPayloadSizeIsConfigurableAndValidated() {
        assertThat(DefaultSerializer.create().maxPayloadSize()).isEqualTo(Integer.MAX_VALUE - 8);
        DefaultSerializer limited = serializer.withMaxPayloadSize(1 << 20);

        assertThat(limited.maxPayloadSize()).isEqualTo(1 << 20);
        assertThat(limited.trustedPackages()).isEqualTo(serializer.trustedPackages());
        assertThat(serializer.maxPayloadSize()).isEqualTo(Integer.MAX_VALUE - 8);
        assertThatThrownBy(() -> serializer.withMaxPayloadSize(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> serializer.withMaxPayloadSize(-5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nullDataIsANullPointerException() {
        assertThatThrownBy(() -> serializer.deserialize(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void randomAndMutatedBytesOnlyEverRaiseSerializationException() {
        Random random = new Random(20240501);
        List<byte[]> seeds = new ArrayList<>();
        for (Object value : List.of(new byte[] {1, 2, 3}, "héllo", new boolean[] {true}, new char[] {'c'},
                new short[] {1}, new int[] {1, 2}, new long[] {3}, new float[] {1f}, new double[] {2d, 3d},
                new ArrayList<>(List.of(1, "two", 3L, new Point(1, 2), Color.GREEN, LocalDate.of(2020, 1, 1))),
                new HashMap<>(Map.of(1, new Circle(new Point(0, 0), 1))), new BigDecimal("1.25"),
                Map.of("k", List.of(Map.of("n", new double[] {1}))))) {
            seeds.add(serializer.serialize(value));
        }
        int accepted = 0;
        for (int i = 0; i < 3000; i++) {
            byte[] data = i % 4 == 0 ? randomBytes(random) : mutate(seeds.get(random.nextInt(seeds.size())), random);
            try {
                serializer.deserialize(data);
                accepted++;
            } catch (SerializationException expected) {
                // the only exception allowed
            } catch (Throwable other) {
                throw new AssertionError("input " + Arrays.toString(data) + " raised " + other, other);
            }
        }
        assertThat(accepted).as("some mutations keep the envelope valid (e.g. flipped array bytes)").isPositive();
    }

    private static byte[] randomBytes(Random random) {
        byte[] data = new byte[random.nextInt(64)];
        random.nextBytes(data);
        if (data.length >= 6 && random.nextBoolean()) {
            System.arraycopy(Envelopes.MAGIC, 0, data, 0, 4);
            data[4] = 1;
            data[5] = (byte) random.nextInt(12);
        }
        return data;
    }

    private static byte[] mutate(byte[] seed, Random random) {
        byte[] data = seed.clone();
        switch (random.nextInt(5)) {
            case 0 -> {
                return Arrays.copyOf(data, random.nextInt(data.length));
            }
            case 1 -> {
                int offset = random.nextInt(data.length);
                int length = Math.min(data.length - offset, 1 + random.nextInt(8));
                byte[] junk = new byte[length];
                random.nextBytes(junk);
                System.arraycopy(junk, 0, data, offset, length);
            }
            case 2 -> data[random.nextInt(data.length)] ^= (byte) (1 << random.nextInt(8));
            case 3 -> {
                if (data.length > Envelopes.HEADER_SIZE) {
                    int offset = Envelopes.HEADER_SIZE + random.nextInt(data.length - Envelopes.HEADER_SIZE);
                    data[offset] = (byte) "[]{}\",:0aN-\\".charAt(random.nextInt(12));
                }
            }
            default -> Envelopes.putInt(data, 6, random.nextInt());
        }
        return data;
    }
}
