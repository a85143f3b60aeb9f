package dev.proxystore.serialize;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DefaultSerializerFastPathTest {

    private final DefaultSerializer serializer = DefaultSerializer.create();

    static Stream<Arguments> arrays() {
        return Stream.of(
                Arguments.of(new byte[] {0, 1, -1, 127, -128}, 1),
                Arguments.of(new boolean[] {true, false, true}, 3),
                Arguments.of(new char[] {'a', 'é', '\uD83D', '\uDE00', '\uFFFF', 0}, 4),
                Arguments.of(new short[] {0, 1, -1, Short.MIN_VALUE, Short.MAX_VALUE}, 5),
                Arguments.of(new int[] {0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE}, 6),
                Arguments.of(new long[] {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE}, 7),
                Arguments.of(new float[] {0f, -0f, 1.5f, Float.NaN, Float.NEGATIVE_INFINITY, Float.MIN_VALUE}, 8),
                Arguments.of(new double[] {0d, -0d, Math.PI, Double.NaN, Double.POSITIVE_INFINITY, Double.MIN_VALUE},
                        9));
    }

    static Stream<Arguments> emptyArrays() {
        return Stream.of(Arguments.of(new byte[0], 1), Arguments.of(new boolean[0], 3), Arguments.of(new char[0], 4),
                Arguments.of(new short[0], 5), Arguments.of(new int[0], 6), Arguments.of(new long[0], 7),
                Arguments.of(new float[0], 8), Arguments.of(new double[0], 9));
    }

    @ParameterizedTest
    @MethodSource({"arrays", "emptyArrays"})
    void primitiveArraysRoundTripThroughTheirFastPath(Object array, int format) {
        byte[] data = serializer.serialize(array);

        assertThat(data).startsWith(Envelopes.MAGIC);
        assertThat(data[4]).isEqualTo((byte) 1);
        assertThat(data[5]).isEqualTo((byte) format);
        assertThat(Envelopes.readInt(data, 6)).isEqualTo(data.length - Envelopes.HEADER_SIZE);
        Object back = serializer.deserialize(data);
        assertThat(back).isInstanceOf(array.getClass()).isNotSameAs(array).isEqualTo(array);
    }

    @ParameterizedTest
    @MethodSource({"arrays", "emptyArrays", "longArrays"})
    void aPayloadWrittenToAChannelThroughAnyBufferIsTheSerializedForm(Object array, int format) throws IOException {
        byte[] serialized = serializer.serialize(array);
        Payload payload = serializer.payload(array);

        for (int capacity : new int[] {1, 17, 18, 19, 25, 64, 4096, serialized.length, serialized.length + 1}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocateDirect(Math.max(1, capacity));
            payload.writeTo(Channels.newChannel(out), buffer);

            assertThat(out.toByteArray()).as("format %d through a buffer of %d bytes", format, capacity)
                    .isEqualTo(serialized);
        }
    }

    static Stream<Arguments> longArrays() {
        Random random = new Random(5);
        byte[] bytes = new byte[10_007];
        random.nextBytes(bytes);
        return Stream.of(Arguments.of(bytes, 1), Arguments.of(random.doubles(1_001).toArray(), 9),
                Arguments.of(random.ints(1_003).toArray(), 6), Arguments.of("text ".repeat(300), 2));
    }

    @Test
    void bytesAndOtherPayloadsAreWrittenToAChannelChunkByChunk() throws IOException {
        byte[] bytes = new byte[1_000];
        new Random(2).nextBytes(bytes);
        Payload custom = new Payload() {
            @Override
            public int size() {
                return bytes.length;
            }

            @Override
            public void writeTo(ByteBuffer target) {
                target.put(bytes);
            }
        };

        for (Payload payload : new Payload[] {Payload.of(bytes), custom}) {
            for (int capacity : new int[] {1, 7, 999, 1_000, 4096}) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                payload.writeTo(Channels.newChannel(out), ByteBuffer.allocate(capacity));
                assertThat(out.toByteArray()).isEqualTo(bytes);
            }
        }
    }

    @Test
    void bytesAreCopiedAfterTheHeaderWithNothingElse() {
        byte[] payload = new byte[1000];
        new Random(1).nextBytes(payload);

        byte[] data = serializer.serialize(payload);

        assertThat(data).hasSize(Envelopes.HEADER_SIZE + payload.length);
        byte[] body = java.util.Arrays.copyOfRange(data, Envelopes.HEADER_SIZE, data.length);
        assertThat(body).isEqualTo(payload);
        payload[0]++;
        assertThat(data[Envelopes.HEADER_SIZE]).isNotEqualTo(payload[0]);
    }

    @Test
    void zeroLengthBytesRoundTrip() {
        byte[] data = serializer.serialize(new byte[0]);

        assertThat(data).hasSize(Envelopes.HEADER_SIZE);
        assertThat((byte[]) serializer.deserialize(data)).isEmpty();
    }

    @Test
    void arrayElementsAreLittleEndian() {
        byte[] data = serializer.serialize(new double[] {1.25, -2.5});

        ByteBuffer body = ByteBuffer.wrap(data, Envelopes.HEADER_SIZE, 16).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(body.getDouble()).isEqualTo(1.25);
        assertThat(body.getDouble()).isEqualTo(-2.5);
    }

    @Test
    void largeDoubleArrayRoundTrips() {
        double[] values = new double[8 * 1024 * 1024];
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 0.5 - 17;
        }

        byte[] data = serializer.serialize(values);

        assertThat(data).hasSize(Envelopes.HEADER_SIZE + values.length * 8);
        assertThat((double[]) serializer.deserialize(data)).isEqualTo(values);
    }

    @ParameterizedTest
    @MethodSource("strings")
    void stringsRoundTrip(String value) {
        byte[] data = serializer.serialize(value);

        assertThat(serializer.deserialize(data)).isEqualTo(value);
    }

    static Stream<String> strings() {
        return Stream.of("", "plain ascii", "Grüße, 日本語, Ελληνικά, עברית", "emoji 😀👍🏽 and \u0000 NUL",
                "x".repeat(100_000), "lone high \uD800 surrogate", "lone low \uDC00", "reversed \uDE00\uD83D",
                "\uD800");
    }

    @Test
    void wellFormedStringsAreUtf8() {
        byte[] data = serializer.serialize("Grüße 😀");

        assertThat(data[5]).isEqualTo((byte) 2);
        assertThat(new String(data, Envelopes.HEADER_SIZE, data.length - Envelopes.HEADER_SIZE,
                StandardCharsets.UTF_8)).isEqualTo("Grüße 😀");
    }
}
