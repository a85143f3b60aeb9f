package dev.proxystore.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxystore.store.Store;
import dev.proxystore.store.StoreRegistry;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails any test that leaves a store registered in {@link StoreRegistry#global()}, after cleaning up so later tests
 * start clean. Registered for every test through JUnit's extension auto-detection.
 */
public final class NoStoreLeftRegistered implements AfterEachCallback {

    @Override
    public void afterEach(ExtensionContext context) {
        List<Store> left = List.copyOf(StoreRegistry.global().stores());
        for (Store store : left) {
            StoreRegistry.global().unregister(store);
            store.close();
        }
        assertThat(left.stream().map(Store::name).collect(Collectors.toList()))
                .as("stores left registered by %s", context.getDisplayName())
                .isEmpty();
    }
}
