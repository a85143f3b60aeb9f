package dev.proxystore.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proxystore.serialize.SerializationException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FeatureMatrixSerializerTests {

    private final FeatureMatrixSerializer serializer = new FeatureMatrixSerializer();

    @Test
    void roundTripsExactly() {
        FeatureMatrix matrix = Matrices.generate(33, 7, 1);

        byte[] data = serializer.serialize(matrix);
        FeatureMatrix back = (FeatureMatrix) serializer.deserialize(data);

        assertThat(data).hasSize((int) FeatureMatrixSerializer.encodedSize(matrix));
        assertThat(back.rows()).isEqualTo(33);
        assertThat(back.cols()).isEqualTo(7);
        assertThat(back.values()).containsExactly(matrix.values());
    }

    @Test
    void refusesOtherObjectsAndCorruptData() {
        byte[] data = serializer.serialize(Matrices.generate(2, 2, 1));

        assertThatThrownBy(() -> serializer.serialize("text")).isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> serializer.deserialize(Arrays.copyOf(data, data.length - 1)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("corrupt");
        data[0] ^= 1;
        assertThatThrownBy(() -> serializer.deserialize(data))
                .isInstanceOf(SerializationException.class).hasMessageContaining("header");
    }

    @Test
    void transportReadsOnlyAllowedClasses() {
        byte[] duration = ProxyTransport.serialize(Duration.ofSeconds(1));

        assertThatThrownBy(() -> ProxyTransport.deserialize(duration, Object.class))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("filter");
    }
}
