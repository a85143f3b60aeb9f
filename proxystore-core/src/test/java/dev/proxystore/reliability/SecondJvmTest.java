package dev.proxystore.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proxystore.connector.FileConnector;
import dev.proxystore.ref.ReferenceInvalidException;
import dev.proxystore.store.Key;
import dev.proxystore.store.ProxyOptions;
import dev.proxystore.store.Store;
import dev.proxystore.store.StoreFactory;
import dev.proxystore.store.StoreFuture;
import dev.proxystore.store.TrustPolicy;
import dev.proxystore.testing.ChildJvm;
import dev.proxystore.testing.JavaSerialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * References handed to another JVM that shares the signing key and the store's directory: an ephemeral proxy, an
 * owned proxy and a future all do there what their creator granted, and a different key is refused there.
 */
class SecondJvmTest {

    static final String SHARED_KEY = "a key both processes were configured with";
    static final Duration CHILD = Duration.ofSeconds(60);

    final TrustPolicy policy = TrustPolicy.builder().signingKey(SHARED_KEY).build();

    static ChildJvm receiver(String mode, Path directory, Path reference, String key) throws Exception {
        return ChildJvm.start(ReceiverChild.class, List.of("proxystore.signing-key=" + key), mode,
                directory.toString(), reference.toString());
    }

    @Test
    void anEphemeralProxyResolvesInTheOtherJvmAndIsEvictedThere(@TempDir Path directory) throws Exception {
        Path reference = directory.resolve("reference.bin");
        try (Store store = Store.builder("handoff", new FileConnector(directory.resolve("store")))
                .trustPolicy(policy).build()) {
            List<String> proxy = store.proxy(new ArrayList<>(List.of("once", "only")),
                    ProxyOptions.defaults().withEvict(true));
            Key<?> key = StoreFactory.of(proxy).key();
            Files.write(reference, JavaSerialization.serialize(proxy));

            try (ChildJvm child = receiver("read", directory.resolve("store"), reference, SHARED_KEY)) {
                assertThat(child.expect("READ", CHILD)).isEqualTo("READ [once, only]");
                assertThat(child.exitValue(CHILD)).isZero();
            }
            assertThat(store.exists(key)).as("evicted by the other JVM's resolve").isFalse();
        }
    }

    @Test
    void aReferenceSignedWithAnotherKeyIsRefusedInTheOtherJvm(@TempDir Path directory) throws Exception {
        Path reference = directory.resolve("reference.bin");
        try (Store store = Store.builder("handoff", new FileConnector(directory.resolve("store")))
                .trustPolicy(policy).build()) {
            List<String> proxy = store.proxy(new ArrayList<>(List.of("kept")), ProxyOptions.defaults().withEvict(true));
            Files.write(reference, JavaSerialization.serialize(proxy));

            try (ChildJvm child = receiver("read", directory.resolve("store"), reference,
                    "some other key the receiver was given")) {
                assertThat(child.expect("Exception in thread", CHILD)).contains("UntrustedReferenceException");
                assertThat(child.exitValue(CHILD)).isNotZero();
            }
            assertThat(store.exists(StoreFactory.of(proxy).key())).isTrue();
        }
    }

    @Test
    void anOwnedProxyMovesToTheOtherJvmOnceAndIsDroppedThere(@TempDir Path directory) throws Exception {
        Path reference = directory.resolve("reference.bin");
        try (Store store = Store.builder("handoff", new FileConnector(directory.resolve("store")))
                .trustPolicy(policy).build()) {
            List<String> owner = store.ownedProxy(new ArrayList<>(List.of("moved")));
            Key<?> key = StoreFactory.of(owner).key();
            Files.write(reference, JavaSerialization.serialize(owner));
            assertThatThrownBy(owner::size).isInstanceOf(ReferenceInvalidException.class);

            try (ChildJvm child = receiver("own", directory.resolve("store"), reference, SHARED_KEY)) {
                assertThat(child.expect("OWNED", CHILD)).isEqualTo("OWNED [moved] true");
                assertThat(child.expect("REPLAY", CHILD)).startsWith("REPLAY refused").contains("moved already");
                assertThat(child.expect("DROPPED", CHILD)).isEqualTo("DROPPED");
                assertThat(child.exitValue(CHILD)).isZero();
            }
            assertThat(store.exists(key)).as("evicted by the owner's drop in the other JVM").isFalse();
        }
    }

    @Test
    void aFutureResolvesInTheOtherJvmOnceTheResultIsSet(@TempDir Path directory) throws Exception {
        Path reference = directory.resolve("reference.bin");
        try (Store store = Store.builder("handoff", new FileConnector(directory.resolve("store")))
                .trustPolicy(policy).build()) {
            StoreFuture<List<String>> future = store.future(List.class, Duration.ofSeconds(50));
            Files.write(reference, JavaSerialization.serialize(future.proxy()));

            try (ChildJvm child = receiver("wait", directory.resolve("store"), reference, SHARED_KEY)) {
                child.expect("WAITING", CHILD);
                future.setResult(new ArrayList<>(List.of("computed", "later")));
                assertThat(child.expect("RESULT", CHILD)).isEqualTo("RESULT [computed, later]");
                assertThat(child.exitValue(CHILD)).isZero();
            }
        }
    }
}
