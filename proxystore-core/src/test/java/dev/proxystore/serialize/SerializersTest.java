package dev.proxystore.serialize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proxystore.serialize.testmodel.CustomSerializer;
import dev.proxystore.serialize.testmodel.FailingSerializer;
import dev.proxystore.serialize.testmodel.NoDefaultConstructorSerializer;
import dev.proxystore.serialize.testmodel.Point;
import dev.proxystore.serialize.untrusted.CanaryLog;
import java.util.List;
import org.junit.jupiter.api.Test;

class SerializersTest {

    @Test
    void defaultConfigGivesTheDefaultSerializer() {
        Serializer serializer = Serializers.fromConfig(SerializerConfig.defaults());

        assertThat(serializer).isEqualTo(DefaultSerializer.create());
        assertThat(((DefaultSerializer) serializer).trustedPackages()).isEmpty();
    }

    @Test
    void defaultConfigWithPackagesTrustsThem() {
        Serializer serializer = Serializers.fromConfig(new SerializerConfig("default",
                List.of("dev.proxystore.serialize.testmodel")));

        assertThat(serializer.deserialize(serializer.serialize(new Point(3, 4)))).isEqualTo(new Point(3, 4));
    }

    @Test
    void configOfDefaultSerializerRoundTrips() {
        DefaultSerializer original = DefaultSerializer.create().allowPackages("com.example", "org.acme");

        SerializerConfig config = Serializers.configOf(original);

        assertThat(config).isEqualTo(new SerializerConfig("default", List.of("com.example", "org.acme")));
        assertThat(Serializers.fromConfig(config)).isEqualTo(original);
    }

    @Test
    void customSerializerIsNamedByClassAndRecreated() {
        SerializerConfig config = Serializers.configOf(new CustomSerializer());

        assertThat(config).isEqualTo(new SerializerConfig(CustomSerializer.class.getName(), List.of()));
        assertThat(Serializers.fromConfig(config)).isExactlyInstanceOf(CustomSerializer.class);
    }

    @Test
    void invalidPackagesInADefaultConfigAreASerializationException() {
        assertThatThrownBy(() -> Serializers.fromConfig(new SerializerConfig("default", List.of("java.lang"))))
                .isInstanceOf(SerializationException.class).hasCauseInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unknownClassIsASerializationException() {
        assertThatThrownBy(() -> Serializers.fromConfig(new SerializerConfig("com.example.Missing", List.of())))
                .isInstanceOf(SerializationException.class).hasMessageContaining("com.example.Missing");
        assertThatThrownBy(() -> Serializers.fromConfig(new SerializerConfig("", List.of())))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void classThatIsNotASerializerIsRejectedBeforeInitialization() {
        String name = "dev.proxystore.serialize.untrusted.SerializerCanary";

        assertThatThrownBy(() -> Serializers.fromConfig(new SerializerConfig(name, List.of())))
                .isInstanceOf(SerializationException.class).hasMessageContaining("does not implement");
        assertThat(CanaryLog.INITIALIZED).doesNotContain(name);
        assertThat(CanaryLog.CONSTRUCTED).doesNotContain(name);
        assertThatThrownBy(() -> Serializers.fromConfig(new SerializerConfig("java.lang.ProcessBuilder", List.of())))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void abstractSerializerTypesAreRejected() {
        assertThatThrownBy(() -> Serializers.fromConfig(new SerializerConfig(Serializer.class.getName(), List.of())))
                .isInstanceOf(SerializationException.class).hasMessageContaining("abstract");
    }

    @Test
    void serializerWithoutPublicNoArgConstructorIsRejected() {
        String name = NoDefaultConstructorSerializer.class.getName();

        assertThatThrownBy(() -> Serializers.fromConfig(new SerializerConfig(name, List.of())))
                .isInstanceOf(SerializationException.class).hasMessageContaining("no-argument constructor");
    }

    @Test
    void failingConstructorIsASerializationExceptionWithItsCause() {
        String name = FailingSerializer.class.getName();

        assertThatThrownBy(() -> Serializers.fromConfig(new SerializerConfig(name, List.of())))
                .isInstanceOf(SerializationException.class).hasRootCauseMessage("cannot start");
    }
}
