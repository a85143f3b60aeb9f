package dev.proxystore.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxystore.connector.FileConnector;
import dev.proxystore.connector.LocalConnector;
import dev.proxystore.connector.multi.MultiConnector;
import dev.proxystore.connector.multi.Policy;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Store#count()}: how many objects the backend holds, where the connector can tell. */
class StoreCountTest {

    @Test
    void aLocalStoreCountsItsObjectsAndForgetsEvictedOnes() {
        try (Store store = Store.builder("count-local", new LocalConnector()).register(false).build()) {
            Key<String> first = store.put("one");
            store.put("two");
            assertThat(store.count()).hasValue(2);
            store.evict(first);
            assertThat(store.count()).hasValue(1);
        }
    }

    @Test
    void aFileStoreCountsObjectFilesNotWritesInProgress(@TempDir Path directory) throws Exception {
        try (Store store = Store.builder("count-file", new FileConnector(directory)).register(false).build()) {
            store.put("one");
            Files.writeString(directory.resolve("." + java.util.UUID.randomUUID() + ".tmp"), "half written");
            assertThat(store.count()).hasValue(1);
        }
    }

    @Test
    void aMultiStoreCountsOnlyWhenEveryRouteCan(@TempDir Path directory) {
        MultiConnector counting = MultiConnector.builder()
                .route("small", new LocalConnector(), Policy.any().withSize(0, 100))
                .route("large", new FileConnector(directory), Policy.any())
                .build();
        try (Store store = Store.builder("count-multi", counting).register(false).build()) {
            store.put("small");
            store.put("x".repeat(1_000));
            assertThat(store.count()).hasValue(2);
        }
        MultiConnector partly = MultiConnector.builder()
                .route("small", new LocalConnector(), Policy.any().withSize(0, 100))
                .route("other", new CountingConnector(new LocalConnector()), Policy.any())
                .build();
        try (Store store = Store.builder("count-partly", partly).register(false).build()) {
            assertThat(store.count()).isEmpty();
        }
    }
}
