package dev.proxystore.spring.test;

import dev.proxystore.proxy.Proxies;
import dev.proxystore.store.Key;
import dev.proxystore.store.Store;
import dev.proxystore.store.StoreFactory;
import java.util.OptionalLong;
import org.assertj.core.api.AbstractAssert;
import org.jspecify.annotations.Nullable;

/** AssertJ assertions on what a {@link Store} holds; start with {@link ProxyStoreAssertions#assertThat(Store)}. */
public final class StoreAssert extends AbstractAssert<StoreAssert, Store> {

    StoreAssert(Store store) {
        super(store, StoreAssert.class);
    }

    /** The store holds an object under {@code key}. */
    public StoreAssert holds(Key<?> key) {
        isNotNull();
        if (!actual.exists(key)) {
            failWithMessage("Expected store '%s' to hold %s, but it does not (evicted, expired or never written)",
                    actual.name(), key.id());
        }
        return this;
    }

    /** The store holds no object under {@code key}: it was evicted, expired or never written. */
    public StoreAssert doesNotHold(Key<?> key) {
        isNotNull();
        if (actual.exists(key)) {
            failWithMessage("Expected store '%s' not to hold %s, but it does", actual.name(), key.id());
        }
        return this;
    }

    /** The store holds the object that {@code proxy} (a proxy of this store) resolves to. */
    public StoreAssert holdsTheObjectOf(@Nullable Object proxy) {
        return holds(keyOf(proxy));
    }

    /** The store no longer holds the object of {@code proxy}, for example because a lifetime or ownership evicted it. */
    public StoreAssert doesNotHoldTheObjectOf(@Nullable Object proxy) {
        return doesNotHold(keyOf(proxy));
    }

    /** The store holds exactly {@code count} objects; needs a backend that counts (local stores do). */
    public StoreAssert holdsObjects(long count) {
        isNotNull();
        long held = count();
        if (held != count) {
            failWithMessage("Expected store '%s' to hold %s objects, but it holds %s", actual.name(), count, held);
        }
        return this;
    }

    /** The store holds no object; needs a backend that counts (local stores do). */
    public StoreAssert isEmpty() {
        return holdsObjects(0);
    }

    private long count() {
        OptionalLong count = actual.count();
        if (count.isEmpty()) {
            failWithMessage("Store '%s' (connector %s) cannot count its objects: use local stores"
                    + " (@LocalProxyStores) or assert on keys", actual.name(), actual.config().connector().type());
        }
        return count.orElseThrow();
    }

    private Key<?> keyOf(@Nullable Object proxy) {
        isNotNull();
        if (proxy == null || !Proxies.isProxy(proxy) || !(Proxies.factoryOf(proxy) instanceof StoreFactory<?> factory)) {
            failWithMessage("Expected a proxy of store '%s', but got %s", actual.name(),
                    proxy == null ? null : proxy.getClass().getName());
            throw new AssertionError("unreachable");
        }
        if (!factory.config().name().equals(actual.name())) {
            failWithMessage("Expected a proxy of store '%s', but it is a proxy of store '%s'", actual.name(),
                    factory.config().name());
        }
        return factory.key();
    }
}
