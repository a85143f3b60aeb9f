package dev.proxystore.serialize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proxystore.serialize.testmodel.Holder;
import dev.proxystore.serialize.untrusted.CanaryLog;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Payloads naming untrusted classes. The canary class is named only by string here, and the context class loader
 * records every class name requested through it, so a test can show the canary was never even looked up.
 */
class DefaultSerializerSecurityTest {

    private static final String CANARY = "dev.proxystore.serialize.untrusted.Canary";
    private static final String CONTROL_CANARY = "dev.proxystore.serialize.untrusted.control.ControlCanary";
    private static final String LIST = "java.util.ArrayList";

    private final DefaultSerializer serializer =
            DefaultSerializer.create().allowPackages("dev.proxystore.serialize.testmodel");

    private final Set<String> requested = ConcurrentHashMap.newKeySet();
    private ClassLoader originalContextLoader;

    @BeforeEach
    void recordClassLookups() {
        originalContextLoader = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(new ClassLoader(originalContextLoader) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                requested.add(name);
                return super.loadClass(name, resolve);
            }
        });
    }

    @AfterEach
    void restoreContextLoader() {
        Thread.currentThread().setContextClassLoader(originalContextLoader);
    }

    private void assertRejectedWithoutTouching(byte[] data, String className) {
        assertThatThrownBy(() -> serializer.deserialize(data)).isInstanceOf(SerializationException.class)
                .hasMessageContaining(className);
        assertThat(requested).noneMatch(name -> name.contains(className));
        assertThat(CanaryLog.INITIALIZED).doesNotContain(className);
        assertThat(CanaryLog.CONSTRUCTED).doesNotContain(className);
    }

    @Test
    void untrustedRootClassIsNeverLoaded() {
        assertRejectedWithoutTouching(Envelopes.json(CANARY, "[\"" + CANARY + "\",{\"payload\":\"x\"}]"), CANARY);
    }

    @Test
    void untrustedNestedTypeIdIsNeverLoaded() {
        byte[] data = Envelopes.json(LIST, "[\"java.util.ArrayList\",[\"ok\",[\"" + CANARY + "\",{}]]]");

        assertRejectedWithoutTouching(data, CANARY);
    }

    @Test
    void untrustedRootTypeIdUnderTrustedHeaderIsNeverLoaded() {
        assertRejectedWithoutTouching(Envelopes.json(LIST, "[\"" + CANARY + "\",{}]"), CANARY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"java.util.ArrayList<" + CANARY + ">", "java.util.EnumSet<" + CANARY + ">",
            "java.util.HashMap<java.lang.String," + CANARY + ">", "[L" + CANARY + ";", "[[L" + CANARY + ";"})
    void untrustedClassInsideAGenericOrArrayTypeIdIsNeverLoaded(String typeId) {
        byte[] data = Envelopes.json(LIST, "[\"java.util.ArrayList\",[[\"" + typeId + "\",[]]]]");

        assertRejectedWithoutTouching(data, CANARY);
    }

    @Test
    void untrustedClassNamedInAClassFieldIsNeverLoaded() {
        byte[] data = Envelopes.json(Holder.class.getName(),
                "[\"" + Holder.class.getName() + "\",{\"type\":\"" + CANARY + "\"}]");

        assertRejectedWithoutTouching(data, CANARY);
    }

    @Test
    void untrustedTypeIdInAPojoFieldIsNeverLoaded() {
        byte[] data = Envelopes.json(Holder.class.getName(),
                "[\"" + Holder.class.getName() + "\",{\"value\":[\"" + CANARY + "\",{}]}]");

        assertRejectedWithoutTouching(data, CANARY);
    }

    @Test
    void untrustedMapKeyClassIsNeverLoaded() {
        assertRejectedWithoutTouching(Envelopes.json("java.util.HashMap", CANARY, "[\"java.util.HashMap\",{}]"),
                CANARY);
    }

    @Test
    void processBuilderIsRejectedAsRootAndAsNestedTypeId() {
        String gadget = "[\"java.lang.ProcessBuilder\",{\"command\":[\"java.util.ArrayList\",[\"touch\",\"x\"]]}]";

        assertThatThrownBy(() -> serializer.deserialize(Envelopes.json("java.lang.ProcessBuilder", gadget)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("java.lang.ProcessBuilder");
        assertThatThrownBy(() -> serializer.deserialize(
                Envelopes.json(LIST, "[\"java.util.ArrayList\",[" + gadget + "]]")))
                .isInstanceOf(SerializationException.class).hasMessageContaining("java.lang.ProcessBuilder");
    }

    @ParameterizedTest
    @ValueSource(strings = {"java.lang.Runtime", "java.lang.Thread", "java.lang.ClassLoader", "java.lang.Object",
            "java.lang.Class", "java.io.File", "java.net.URL", "javax.naming.InitialContext",
            "com.sun.rowset.JdbcRowSetImpl", "sun.misc.Unsafe", "jdk.internal.misc.Unsafe",
            "java.util.concurrent.ThreadPoolExecutor", "java.util.logging.FileHandler"})
    void jdkClassesOutsideTheValueTypesAreRejected(String className) {
        assertThatThrownBy(() -> serializer.deserialize(Envelopes.json(className, "[\"" + className + "\",{}]")))
                .isInstanceOf(SerializationException.class).hasMessageContaining(className);
        assertThatThrownBy(() -> serializer.deserialize(
                Envelopes.json(LIST, "[\"java.util.ArrayList\",[[\"" + className + "\",{}]]]")))
                .isInstanceOf(SerializationException.class).hasMessageContaining(className);
    }

    @Test
    void headerAndDocumentMustAgreeOnTheRootClass() {
        assertThatThrownBy(() -> serializer.deserialize(Envelopes.json(LIST, "[\"java.util.LinkedList\",[]]")))
                .isInstanceOf(SerializationException.class).hasMessageContaining("java.util.LinkedList");
        assertThatThrownBy(() -> serializer.deserialize(Envelopes.json("java.lang.Integer", "\"text\"")))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> serializer.deserialize(Envelopes.json(LIST, "null")))
                .isInstanceOf(SerializationException.class).hasMessageContaining("null");
    }

    @Test
    void trustingAPackageDoesNotTrustItsSiblings() {
        DefaultSerializer trustingControl =
                DefaultSerializer.create().allowPackages("dev.proxystore.serialize.untrusted.control");

        assertThatThrownBy(() -> trustingControl.deserialize(Envelopes.json(CANARY, "[\"" + CANARY + "\",{}]")))
                .isInstanceOf(SerializationException.class);
        assertThat(CanaryLog.INITIALIZED).doesNotContain(CANARY);
    }

    @Test
    void canaryLogRecordsInitializationOfATrustedClass() {
        DefaultSerializer trustingControl =
                DefaultSerializer.create().allowPackages("dev.proxystore.serialize.untrusted.control");

        Object value = trustingControl.deserialize(Envelopes.json(CONTROL_CANARY,
                "[\"" + CONTROL_CANARY + "\",{\"payload\":\"x\"}]"));

        assertThat(value.getClass().getName()).isEqualTo(CONTROL_CANARY);
        assertThat(CanaryLog.INITIALIZED).contains(CONTROL_CANARY);
        assertThat(CanaryLog.CONSTRUCTED).contains(CONTROL_CANARY);
        assertThat(requested).contains(CONTROL_CANARY);
    }

    @Test
    void defaultSerializerTrustsNoApplicationClasses() {
        byte[] data = serializer.serialize(new java.util.ArrayList<>(List.of(new dev.proxystore.serialize.testmodel
                .Point(1, 2))));

        assertThatThrownBy(() -> DefaultSerializer.create().deserialize(data))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("dev.proxystore.serialize.testmodel.Point");
    }
}
