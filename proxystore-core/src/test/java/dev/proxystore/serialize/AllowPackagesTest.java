package dev.proxystore.serialize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proxystore.serialize.testmodel.Point;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AllowPackagesTest {

    @Test
    void createTrustsNoPackages() {
        assertThat(DefaultSerializer.create().trustedPackages()).isEmpty();
    }

    @Test
    void allowPackagesReturnsACopyAndLeavesTheOriginalUnchanged() {
        DefaultSerializer base = DefaultSerializer.create();

        DefaultSerializer extended = base.allowPackages("com.example", "org.acme.model.");

        assertThat(extended).isNotSameAs(base);
        assertThat(extended.trustedPackages()).containsExactly("com.example", "org.acme.model");
        assertThat(base.trustedPackages()).isEmpty();
        assertThat(extended.allowPackages("com.example").trustedPackages())
                .containsExactly("com.example", "org.acme.model");
        assertThat(extended.allowPackages("net.more").trustedPackages())
                .containsExactly("com.example", "org.acme.model", "net.more");
    }

    @Test
    void trustedPackagesRecreateAnEqualSerializer() {
        DefaultSerializer original = DefaultSerializer.create().allowPackages("com.example", "org.acme");

        DefaultSerializer recreated =
                DefaultSerializer.create().allowPackages(original.trustedPackages().toArray(String[]::new));

        assertThat(recreated).isEqualTo(original).hasSameHashCodeAs(original);
        assertThat(recreated).isNotEqualTo(original.withMaxPayloadSize(10));
    }

    @Test
    void aPrefixTrustsItsPackageAndSubpackagesButNotLookalikes() {
        byte[] point = DefaultSerializer.create().allowPackages("dev.proxystore.serialize.testmodel")
                .serialize(new Point(1, 2));

        assertThat(DefaultSerializer.create().allowPackages("dev.proxystore.serialize").deserialize(point))
                .isEqualTo(new Point(1, 2));
        assertThat(DefaultSerializer.create().allowPackages(Point.class.getName()).deserialize(point))
                .isEqualTo(new Point(1, 2));
        assertThatThrownBy(() -> DefaultSerializer.create().allowPackages("dev.proxystore.serialize.test")
                .deserialize(point)).isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> DefaultSerializer.create().allowPackages("dev.proxystore.serialize.testmodel.sub")
                .deserialize(point)).isInstanceOf(SerializationException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", " ", "com..example", "com.example..", "1com", "com example", "com/example",
            "com.*", "[Lcom.example;"})
    void malformedPrefixesAreRejected(String prefix) {
        assertThatThrownBy(() -> DefaultSerializer.create().allowPackages(prefix))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "java.", "java.lang", "java.util", "java.lang.ProcessBuilder", "javax",
            "javax.naming", "jdk", "jdk.internal", "sun", "sun.misc", "com.sun", "com.sun.rowset", "com"})
    void prefixesThatWouldTrustJdkInternalsAreRejected(String prefix) {
        assertThatThrownBy(() -> DefaultSerializer.create().allowPackages(prefix))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(prefix);
    }

    @ParameterizedTest
    @ValueSource(strings = {"javafx.app", "jdkx", "sunny.days", "com.sunrise", "company"})
    void lookalikesOfJdkRootsAreAllowed(String prefix) {
        assertThat(DefaultSerializer.create().allowPackages(prefix).trustedPackages()).containsExactly(prefix);
    }

    @Test
    void nullPrefixIsRejected() {
        assertThatThrownBy(() -> DefaultSerializer.create().allowPackages("com.example", null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectedPrefixLeavesNothingHalfApplied() {
        DefaultSerializer base = DefaultSerializer.create().allowPackages("com.example");

        assertThatThrownBy(() -> base.allowPackages("org.fine", "java.lang"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(base.trustedPackages()).containsExactly("com.example");
    }
}
