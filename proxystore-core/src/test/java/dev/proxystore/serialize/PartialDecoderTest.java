package dev.proxystore.serialize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A payload decoded from parts, however it is split, gives the array it was made from; a wrong payload fails. */
class PartialDecoderTest {

    private final DefaultSerializer serializer = DefaultSerializer.create();

    @Test
    void everyArrayKindDecodesFromPartsSplitAnywhere() {
        SplittableRandom random = new SplittableRandom(7);
        Object[] arrays = {
            random.doubles(10_001).toArray(),
            random.longs(3_333).toArray(),
            random.ints(5_000).toArray(),
            new float[] {1.5f, -2.25f, Float.NaN},
            new short[] {1, -2, 3, 32_000},
            "partial decoding".toCharArray(),
            bytes(random, 70_001),
            new byte[0],
        };
        for (Object array : arrays) {
            byte[] payload = serializer.payload(array).toBytes();
            for (int largestPart : new int[] {1, 3, 7, 13, 64, 1000, payload.length}) {
                Object decoded = decodeInParts(payload, largestPart, random);
                assertThat(Arrays.deepEquals(new Object[] {decoded}, new Object[] {array}))
                        .as("%s in parts of up to %d bytes", array.getClass().getSimpleName(), largestPart).isTrue();
            }
        }
    }

    @Test
    void onlyArrayPayloadsAreDecodedInParts() {
        byte[] string = serializer.payload("not an array").toBytes();
        byte[] booleans = serializer.payload(new boolean[] {true, false}).toBytes();

        assertThat(serializer.partialDecoder(ByteBuffer.wrap(string), string.length)).isEmpty();
        assertThat(serializer.partialDecoder(ByteBuffer.wrap(booleans), booleans.length)).isEmpty();
        assertThat(serializer.partialDecoder(ByteBuffer.wrap(new byte[5]), 1_000)).as("too short a look").isEmpty();
    }

    @Test
    void aPayloadLongerOrShorterThanItsHeaderSaysFails() {
        byte[] payload = serializer.payload(new double[] {1, 2, 3}).toBytes();

        assertThatThrownBy(() -> serializer.partialDecoder(ByteBuffer.wrap(payload), payload.length + 8))
                .isInstanceOf(SerializationException.class).hasMessageContaining("body length");
        PartialDecoder tooLong = serializer.partialDecoder(ByteBuffer.wrap(payload), payload.length).orElseThrow();
        tooLong.accept(ByteBuffer.wrap(payload));
        assertThatThrownBy(() -> tooLong.accept(ByteBuffer.wrap(new byte[8])))
                .isInstanceOf(SerializationException.class).hasMessageContaining("longer than");
        PartialDecoder tooShort = serializer.partialDecoder(ByteBuffer.wrap(payload), payload.length).orElseThrow();
        tooShort.accept(ByteBuffer.wrap(payload, 0, payload.length - 3));
        assertThatThrownBy(tooShort::finish).isInstanceOf(SerializationException.class)
                .hasMessageContaining("2 of 3 elements");
    }

    @Test
    void aPayloadAboveTheMaximumSizeIsNotDecoded() {
        DefaultSerializer small = DefaultSerializer.create().withMaxPayloadSize(100);
        byte[] payload = serializer.payload(new double[50]).toBytes();

        assertThat(small.partialDecoder(ByteBuffer.wrap(payload), payload.length)).isEmpty();
    }

    private Object decodeInParts(byte[] payload, int largestPart, SplittableRandom random) {
        PartialDecoder decoder = serializer.partialDecoder(ByteBuffer.wrap(payload, 0, Math.min(64, payload.length)),
                payload.length).orElseThrow();
        int offset = 0;
        while (offset < payload.length) {
            int length = Math.min(payload.length - offset, 1 + random.nextInt(largestPart));
            decoder.accept(ByteBuffer.wrap(payload, offset, length).asReadOnlyBuffer());
            offset += length;
        }
        return decoder.finish();
    }

    private static byte[] bytes(SplittableRandom random, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) random.nextInt();
        }
        return bytes;
    }
}
