package dev.proxystore.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectorsTest {

    @Test
    void knowsTheBuiltInTypes() {
        assertThat(Connectors.types()).contains("local", "file");
    }

    @Test
    void typeNamesAreAcceptedAsPythonAcceptsThem() {
        for (String type : new String[] {"local", "LOCAL", "LocalConnector", " Local "}) {
            try (Connector connector = Connectors.create(new ConnectorConfig(type, Map.of()))) {
                assertThat(connector).as(type).isInstanceOf(LocalConnector.class);
            }
        }
        assertThat(Connectors.canonicalType("FileConnector")).isEqualTo("file");
        assertThatIllegalArgumentException().isThrownBy(() -> Connectors.create(new ConnectorConfig("Connector",
                Map.of()))).withMessageContaining("Unknown connector type");
    }

    @Test
    void typesCannotBeModified() {
        Set<String> types = Connectors.types();

        assertThatThrownBy(() -> types.add("x"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void createsConnectorOfTheConfiguredType(@TempDir Path directory) {
        try (Connector local = Connectors.create(new ConnectorConfig("local", Map.of()));
                Connector file =
                        Connectors.create(new ConnectorConfig("file", Map.of("directory", directory.toString())))) {
            assertThat(local).isInstanceOf(LocalConnector.class);
            assertThat(file).isInstanceOf(FileConnector.class);
            assertThat(((FileConnector) file).directory()).isEqualTo(directory);
        }
    }

    @Test
    void unknownTypeNamesTheTypeAndTheKnownTypes() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Connectors.create(new ConnectorConfig("carrier-pigeon", Map.of())))
                .withMessageContaining("carrier-pigeon")
                .withMessageContaining("local")
                .withMessageContaining("file");
    }

    @Test
    void findsProvidersOfTheContextClassLoaderOnceAndSkipsBrokenOnes(@TempDir Path services) throws Exception {
        Path file = services.resolve("META-INF/services/" + ConnectorProvider.class.getName());
        Files.createDirectories(file.getParent());
        Files.writeString(file, "does.not.Exist\n" + ExtraProvider.class.getName() + "\n");
        try (URLClassLoader isolated = isolatedCore();
                URLClassLoader context =
                        new URLClassLoader(new URL[] {services.toUri().toURL(), location(ConnectorsTest.class)}, isolated);
                URLClassLoader blind = new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader())) {
            Class<?> connectors = isolated.loadClass(Connectors.class.getName());

            Object types = withContextClassLoader(context, () -> connectors.getMethod("types").invoke(null));
            Object cached = withContextClassLoader(blind, () -> connectors.getMethod("types").invoke(null));

            assertThat(types).isEqualTo(Set.of("extra", "file", "local", "multi"));
            assertThat(cached).as("providers are looked up once").isEqualTo(types);
            Object config = isolated.loadClass(ConnectorConfig.class.getName())
                    .getConstructor(String.class, Map.class)
                    .newInstance("nope", Map.of());
            assertThatThrownBy(() -> invokeCreate(connectors, config))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("does.not.Exist");
        }
    }

    @Test
    void fallsBackToItsOwnClassLoader() throws Exception {
        try (URLClassLoader isolated = isolatedCore();
                URLClassLoader blind = new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader())) {
            Class<?> connectors = isolated.loadClass(Connectors.class.getName());

            Object types = withContextClassLoader(blind, () -> connectors.getMethod("types").invoke(null));

            assertThat(types).isEqualTo(Set.of("file", "local", "multi"));
        }
    }

    /** A fresh copy of the main classes, so {@link Connectors} starts with nothing cached. */
    private static URLClassLoader isolatedCore() {
        return new URLClassLoader(new URL[] {location(Connectors.class)}, ClassLoader.getPlatformClassLoader());
    }

    private static URL location(Class<?> type) {
        return type.getProtectionDomain().getCodeSource().getLocation();
    }

    private static Object invokeCreate(Class<?> connectors, Object config) throws Throwable {
        try {
            return connectors.getMethod("create", config.getClass()).invoke(null, config);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static <T> T withContextClassLoader(ClassLoader loader, Callable<T> action) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return action.call();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Registered only through the service file the test writes. */
    public static final class ExtraProvider implements ConnectorProvider {
        @Override
        public String type() {
            return "extra";
        }

        @Override
        public Connector create(ConnectorConfig config) {
            throw new UnsupportedOperationException();
        }
    }
}
