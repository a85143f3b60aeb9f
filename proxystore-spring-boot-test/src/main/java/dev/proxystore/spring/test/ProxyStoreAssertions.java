package dev.proxystore.spring.test;

import dev.proxystore.store.Store;

/** Entry point of the ProxyStore AssertJ assertions. */
public final class ProxyStoreAssertions {

    private ProxyStoreAssertions() {
    }

    /** Assertions on what {@code store} holds. */
    public static StoreAssert assertThat(Store store) {
        return new StoreAssert(store);
    }
}
