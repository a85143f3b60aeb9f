package dev.proxystore.lifetime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proxystore.connector.Connectors;
import dev.proxystore.connector.FileConnector;
import dev.proxystore.connector.LocalConnector;
import dev.proxystore.store.Key;
import dev.proxystore.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaticLifetimeTest {

    @Test
    void isASingletonThatNeedsAStore() {
        assertThat(StaticLifetime.instance()).isSameAs(StaticLifetime.instance());
        assertThatThrownBy(() -> StaticLifetime.instance().addKey(new Key<>("k")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void evictKeysOfCleansOneStoreAndTheLifetimeGoesOn() {
        try (Store first = new Store("static-a", new LocalConnector());
                Store second = new Store("static-b", new LocalConnector())) {
            StaticLifetime lifetime = StaticLifetime.instance();
            Key<String> a = first.put("a", lifetime);
            Key<String> b = second.put("b", lifetime);

            assertThat(lifetime.evictKeysOf(first)).isEqualTo(1);

            assertThat(first.exists(a)).isFalse();
            assertThat(second.exists(b)).isTrue();
            assertThat(lifetime.done()).isFalse();
            Key<String> again = first.put("again", lifetime);
            assertThat(lifetime.evictKeysOf(first)).isEqualTo(1);
            assertThat(first.exists(again)).isFalse();
            assertThat(lifetime.evictKeysOf(second)).isEqualTo(1);
        }
    }

    @Test
    void closeEvictsClosesStoresAndRemovesTheHook() {
        StaticLifetime lifetime = new StaticLifetime();
        Store store = new Store("static-close", new LocalConnector());
        LocalConnector view = (LocalConnector) Connectors.create(store.connector().config());
        store.put("x", lifetime);
        assertThat(view.size()).isEqualTo(1);

        lifetime.close(true);

        assertThat(view.size()).isZero();
        assertThat(store.isClosed()).isTrue();
        assertThat(lifetime.done()).isTrue();
        assertThatThrownBy(() -> lifetime.addKey(store, new Key<>("k"))).isInstanceOf(IllegalStateException.class);
        lifetime.close();
        view.close();
    }

    @Test
    @SuppressWarnings("DoNotCall") // runs the removed hook on this thread, as the JVM would have at exit
    void registerShutdownHookReturnsARegisteredHook() {
        try (Store store = new Store("hooked", new LocalConnector())) {
            ContextLifetime lifetime = new ContextLifetime(store);
            Thread hook = Lifetimes.registerShutdownHook(lifetime, false);
            assertThat(Runtime.getRuntime().removeShutdownHook(hook)).isTrue();
            hook.run();
            assertThat(lifetime.done()).isTrue();
        }
    }

    @Test
    void theJvmShutdownHookEvictsStaticObjectsOfAnotherProcess(@TempDir Path directory) throws Exception {
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp", System.getProperty("java.class.path"),
                        StaticLifetimeChild.class.getName(), directory.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(child.getInputStream().readAllBytes());
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output).contains("stored 2");

        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files.toList()).isEmpty();
        }
    }

    /** Runs in a child JVM: stores two objects for the program's lifetime and exits normally. */
    public static final class StaticLifetimeChild {

        public static void main(String[] args) throws IOException {
            Store store = new Store("child", new FileConnector(Path.of(args[0])));
            List<Key<String>> keys = store.putBatch(List.of("one", "two"), StaticLifetime.instance());
            try (Stream<Path> files = Files.list(Path.of(args[0]))) {
                System.out.println("stored " + files.count() + " " + keys.size());
            }
        }
    }
}
