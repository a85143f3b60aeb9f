package dev.proxystore.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proxystore.connector.LocalConnector;
import dev.proxystore.proxy.Proxies;
import dev.proxystore.serialize.SerializerConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StoreRegistryTest {

    private final StoreRegistry registry = StoreRegistry.create();
    private final Store a = new Store("a", new LocalConnector());
    private final Store b = new Store("b", new LocalConnector());

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    @Test
    void registerGetAndUnregister() {
        registry.register(a);
        assertThat(registry.get("a")).containsSame(a);
        assertThat(registry.stores()).containsExactly(a);

        assertThatThrownBy(() -> registry.register(new Store("a", new LocalConnector())))
                .isInstanceOf(StoreExistsException.class)
                .hasMessageContaining("'a'");

        registry.unregister("a");
        registry.unregister("unknown");
        assertThat(registry.get("a")).isEmpty();
    }

    @Test
    void registeringARegisteredStoreAgainFailsUnlessExistOkAsInPython() {
        registry.register(a);
        assertThatThrownBy(() -> registry.register(a)).isInstanceOf(StoreExistsException.class)
                .hasMessageContaining("'a'");
        assertThatThrownBy(() -> registry.registration(a)).isInstanceOf(StoreExistsException.class);
        registry.register(a, true);
        try (StoreRegistry.Registration nested = registry.registration(true, a)) {
            assertThat(registry.get("a")).containsSame(a);
        }
        assertThat(registry.get("a")).containsSame(a);
    }

    @Test
    void existOkReplacesAndUnregisterByStoreIsInstanceChecked() {
        Store other = new Store("a", new LocalConnector());
        registry.register(a);
        registry.register(other, true);
        assertThat(registry.get("a")).containsSame(other);

        registry.unregister(a);
        assertThat(registry.get("a")).containsSame(other);
        registry.unregister(other);
        assertThat(registry.get("a")).isEmpty();
        other.close();
    }

    @Test
    void registrationUnregistersWhatItRegisteredAndRestoresWhatItReplaced() {
        Store earlier = new Store("b", new LocalConnector());
        registry.register(earlier);

        assertThatThrownBy(() -> registry.registration(a, b)).isInstanceOf(StoreExistsException.class);
        assertThat(registry.get("a")).isEmpty();

        try (StoreRegistry.Registration registration = registry.registration(true, a, b)) {
            assertThat(registry.get("a")).containsSame(a);
            assertThat(registry.get("b")).containsSame(b);
        }
        assertThat(registry.get("a")).isEmpty();
        assertThat(registry.get("b")).containsSame(earlier);
        registry.unregister(earlier);
        earlier.close();
    }

    @Test
    void closingAStoreUnregistersIt() {
        Store closing = new Store("closing", new LocalConnector());
        registry.register(closing);
        closing.close();
        assertThat(registry.get("closing")).isEmpty();
    }

    @Test
    void storeOfFindsTheProxysStore() {
        try (StoreRegistry.Registration registration = StoreRegistry.global().registration(a)) {
            List<Integer> proxy = a.proxy(new ArrayList<>(List.of(1)));
            assertThat(StoreRegistry.global().storeOf(proxy)).containsSame(a);
        }
        assertThatThrownBy(() -> registry.storeOf("not a proxy")).isInstanceOf(IllegalArgumentException.class);
        Runnable foreign = Proxies.create(Runnable.class, () -> () -> { });
        assertThatThrownBy(() -> registry.storeOf(foreign)).isInstanceOf(ProxyStoreFactoryException.class);
    }

    @Test
    void getOrCreateReturnsTheRegisteredStoreOrCreatesOne() {
        registry.register(a);
        assertThat(registry.getOrCreate(a.config(), true)).isSameAs(a);

        StoreConfig config = new StoreConfig("fresh", new LocalConnector().config(), 4, false, true, false,
                SerializerConfig.defaults());
        Store created = registry.getOrCreate(config, true);
        assertThat(registry.get("fresh")).containsSame(created);
        assertThat(registry.getOrCreate(config, true)).isSameAs(created);
        created.close();

        Store unregistered = registry.getOrCreate(config, false);
        assertThat(registry.get("fresh")).isEmpty();
        unregistered.close();
    }

    @Test
    void attachedRegistriesAreVisibleGloballyUntilDetached() {
        registry.register(a);
        try (StoreRegistry.Registration attachment = StoreRegistry.attachToGlobal(registry)) {
            assertThat(StoreRegistry.global().get("a")).containsSame(a);
            assertThat(StoreRegistry.global().getOrCreate(a.config(), true)).isSameAs(a);
            assertThat(StoreRegistry.global().stores()).contains(a);
        }
        assertThat(StoreRegistry.global().get("a")).isEmpty();
    }

    @Test
    void attachedStoresOfTheSameNameResolveTheProxiesWrittenToThem() {
        StoreRegistry older = StoreRegistry.create();
        StoreRegistry newer = StoreRegistry.create();
        try (Store first = new Store("same", new LocalConnector());
                Store second = new Store("same", new LocalConnector())) {
            older.register(first);
            newer.register(second);
            ProxyOptions unresolved = ProxyOptions.defaults().withPopulateTarget(false);
            List<String> fromFirst = first.proxy(new ArrayList<>(List.of("first")), unresolved);
            List<String> fromSecond = second.proxy(new ArrayList<>(List.of("second")), unresolved);
            try (StoreRegistry.Registration o = StoreRegistry.attachToGlobal(older);
                    StoreRegistry.Registration n = StoreRegistry.attachToGlobal(newer)) {
                assertThat(StoreRegistry.global().get("same")).as("by name: the newest").containsSame(second);
                assertThat(StoreRegistry.global().storeOf(fromFirst)).containsSame(first);
                assertThat(StoreRegistry.global().storeOf(fromSecond)).containsSame(second);
                assertThat(StoreRegistry.global().getOrCreate(first.config(), true)).isSameAs(first);
                assertThat(fromFirst).containsExactly("first");
                assertThat(fromSecond).containsExactly("second");
            }
        }
    }
}
