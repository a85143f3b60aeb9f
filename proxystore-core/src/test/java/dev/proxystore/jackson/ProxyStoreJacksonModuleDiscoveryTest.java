package dev.proxystore.jackson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proxystore.connector.LocalConnector;
import dev.proxystore.proxy.Proxies;
import dev.proxystore.serialize.DefaultSerializer;
import dev.proxystore.store.Key;
import dev.proxystore.store.ProxyOptions;
import dev.proxystore.store.Store;
import dev.proxystore.store.StoreRegistry;
import dev.proxystore.store.TrustPolicy;
import dev.proxystore.store.UntrustedReferenceException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The module as {@code findAndAddModules()} finds it, and the trust it applies then. */
class ProxyStoreJacksonModuleDiscoveryTest {

    private static final TypeReference<List<Double>> LIST = new TypeReference<>() {};

    private final JsonMapper discovered = JsonMapper.builder().findAndAddModules().build();

    private Store store;

    @BeforeEach
    void createStore() {
        store = Store.builder("jackson-discovery-test", new LocalConnector())
                .serializer(DefaultSerializer.create())
                .build();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private List<Double> unresolvedList(Double... values) {
        Key<ArrayList<Double>> key = store.put(new ArrayList<>(List.of(values)));
        return (List<Double>) store.proxyFromKey((Key) key, List.class, ProxyOptions.defaults());
    }

    private ObjectNode reference(ProxyOptions options) {
        return (ObjectNode) discovered.readTree(discovered.writerFor(LIST).writeValueAsString(
                store.proxyFromKey(store.put(new ArrayList<>(List.of(1.0))), List.class, options)));
    }

    private static ObjectNode unsigned(ObjectNode reference) {
        ObjectNode copy = reference.deepCopy();
        copy.remove("tag");
        return copy;
    }

    @Test
    void findAndAddModulesRegistersTheModuleAndProxiesRoundTripAsReferences() {
        List<Double> values = unresolvedList(1.0, 2.0);

        String json = discovered.writerFor(LIST).writeValueAsString(values);
        List<Double> copy = discovered.readValue(json, LIST);

        assertThat(discovered.registeredModules()).anySatisfy(
                module -> assertThat(module).isInstanceOf(ProxyStoreJacksonModule.class));
        assertThat(json).startsWith("{\"" + ProxyStoreJacksonModule.MARKER + "\"");
        assertThat(Proxies.isResolved(values)).isFalse();
        assertThat(Proxies.isProxy(copy)).isTrue();
        assertThat(Proxies.isResolved(copy)).isFalse();
        try (var registration = StoreRegistry.global().registration(store)) {
            assertThat(copy).containsExactly(1.0, 2.0);
        }
    }

    @Test
    void theDiscoveredModuleTrustsNoMoreThanTheDefaultPolicy() {
        ObjectNode forged = reference(ProxyOptions.defaults()).put("key", "someone-elses-key");
        ObjectNode unsignedEvicting = unsigned(reference(ProxyOptions.defaults().withEvict(true)));
        ObjectNode unsignedRead = unsigned(reference(ProxyOptions.defaults()));

        try (var registration = StoreRegistry.global().registration(store)) {
            for (ObjectNode refused : List.of(forged, unsignedEvicting)) {
                assertThatThrownBy(() -> discovered.readValue(refused.toString(), LIST))
                        .as("%s", refused)
                        .hasRootCauseInstanceOf(UntrustedReferenceException.class);
            }
            assertThat(discovered.readValue(unsignedRead.toString(), LIST)).as("unsigned: read-only")
                    .containsExactly(1.0);
        }
    }

    @Test
    void theDiscoveredModuleFollowsThePolicyAttachedToTheGlobalRegistry() {
        ObjectNode unsignedRead = unsigned(reference(ProxyOptions.defaults()));
        StoreRegistry strict = StoreRegistry.create(TrustPolicy.builder()
                .unsignedReferences(TrustPolicy.UnsignedReferences.REJECT).build());

        try (var attached = StoreRegistry.attachToGlobal(strict);
                var registration = StoreRegistry.global().registration(store)) {
            assertThatThrownBy(() -> discovered.readValue(unsignedRead.toString(), LIST))
                    .hasRootCauseInstanceOf(UntrustedReferenceException.class);
        }
    }

    @Test
    void aModuleWithAReceiverIsNotReplacedByTheDiscoveredOneInEitherOrder() {
        ObjectNode unsignedRead = unsigned(reference(ProxyOptions.defaults()));
        StoreRegistry strict = StoreRegistry.create(TrustPolicy.builder()
                .unsignedReferences(TrustPolicy.UnsignedReferences.REJECT).build());
        JsonMapper addedFirst = JsonMapper.builder().addModule(new ProxyStoreJacksonModule(strict))
                .findAndAddModules().build();
        JsonMapper addedLast = JsonMapper.builder().findAndAddModules()
                .addModule(new ProxyStoreJacksonModule(strict)).build();

        try (var registration = StoreRegistry.global().registration(store)) {
            assertThat(discovered.readValue(unsignedRead.toString(), LIST)).containsExactly(1.0);
            for (JsonMapper mapper : List.of(addedFirst, addedLast)) {
                assertThatThrownBy(() -> mapper.readValue(unsignedRead.toString(), LIST))
                        .hasMessageContaining("rejects unsigned references")
                        .hasRootCauseInstanceOf(UntrustedReferenceException.class);
                assertThat(mapper.writerFor(LIST).writeValueAsString(unresolvedList(3.0)))
                        .startsWith("{\"" + ProxyStoreJacksonModule.MARKER + "\"");
            }
        }
    }
}
