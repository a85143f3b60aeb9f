package dev.proxystore.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proxystore.connector.LocalConnector;
import dev.proxystore.reliability.canary.CanaryCounters;
import dev.proxystore.reliability.canary.CanarySerializer;
import dev.proxystore.serialize.DefaultSerializer;
import dev.proxystore.serialize.SerializationException;
import dev.proxystore.serialize.SerializerConfig;
import dev.proxystore.store.Key;
import dev.proxystore.store.ProxyOptions;
import dev.proxystore.store.Store;
import dev.proxystore.store.StoreConfig;
import dev.proxystore.store.StoreFactory;
import dev.proxystore.testing.JavaSerialization;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A proxy names its store and the serializer its object was written with, and whoever hands a process a proxy (a
 * Java-serialized object, a JSON reference in a request body) chooses both. Where the named store is registered in
 * the receiving process, that store's own serializer policy must win: a forged factory must not widen its
 * allow-list, pick another serializer class, or lift its maximum payload size. Proxies the store wrote itself with
 * {@link ProxyOptions#withSerializer} still resolve, and so do factories asking for a narrower allow-list.
 */
class ForgedProxyTest {

    static final String MODEL = HostilePayloads.MODEL_PACKAGE;
    static final String CANARY_PACKAGE = "dev.proxystore.reliability.canary";

    LocalConnector connector;
    Store victim;

    @BeforeEach
    void registerVictim() {
        connector = new LocalConnector();
        victim = Store.builder("victim", connector)
                .serializer(DefaultSerializer.create().allowPackages(MODEL).withMaxPayloadSize(64 * 1024))
                .register(true).build();
    }

    @AfterEach
    void closeVictim() {
        victim.close();
    }

    /** A factory for {@code key} in the victim store, as an attacker would write it. */
    StoreFactory<Object> forged(String key, SerializerConfig serializer) {
        StoreConfig own = victim.config();
        StoreConfig config = new StoreConfig(own.name(), own.connector(), own.cacheSize(), own.metrics(),
                own.populateTarget(), own.register(), serializer);
        return new StoreFactory<>(new Key<>(key), config);
    }

    @Test
    void aForgedFactoryCannotWidenTheAllowListOfARegisteredStore() {
        String canary = HostilePayloads.CANARY;
        String key = connector.put(HostilePayloads.jsonEnvelope(canary, "", "[\"" + canary + "\",{}]"));
        int constructed = CanaryCounters.CANARY_CONSTRUCTED.get();
        StoreFactory<Object> factory = forged(key, new SerializerConfig(SerializerConfig.DEFAULT_TYPE,
                List.of(MODEL, CANARY_PACKAGE)));

        assertThatThrownBy(factory::resolve).isInstanceOf(SerializationException.class)
                .hasMessageContaining(CANARY_PACKAGE);
        assertThatThrownBy(() -> JavaSerialization.roundTrip(factory).resolve())
                .isInstanceOf(SerializationException.class);
        assertThat(CanaryCounters.CANARY_CONSTRUCTED.get()).isEqualTo(constructed);
    }

    @Test
    void aForgedFactoryCannotPickASerializerClass() {
        String key = connector.put(new byte[] {1, 2, 3});
        int constructed = CanaryCounters.SERIAL_CANARY_CONSTRUCTED.get();
        StoreFactory<Object> factory = forged(key, new SerializerConfig(CanarySerializer.class.getName(), List.of()));

        assertThatThrownBy(factory::resolve).isInstanceOf(SerializationException.class)
                .hasMessageContaining(CanarySerializer.class.getName());
        assertThat(CanaryCounters.SERIAL_CANARY_CONSTRUCTED.get()).as("serializer instances created")
                .isEqualTo(constructed);
    }

    @Test
    void aForgedFactoryCannotLiftThePayloadLimit() {
        List<String> large = new ArrayList<>(List.of("x".repeat(256 * 1024)));
        String key = connector.put(DefaultSerializer.create().serialize(large));
        StoreFactory<Object> narrower = forged(key, new SerializerConfig(SerializerConfig.DEFAULT_TYPE, List.of()));

        assertThatThrownBy(narrower::resolve).isInstanceOf(SerializationException.class)
                .hasMessageContaining("maximum payload size");
    }

    @Test
    void proxiesTheStoreWroteWithAnotherSerializerAndNarrowerFactoriesStillResolve() {
        DefaultSerializer wider = DefaultSerializer.create().allowPackages(MODEL, "com.example");
        List<String> value = new ArrayList<>(List.of("written with another serializer"));
        List<String> proxy = victim.proxy(value, ProxyOptions.defaults().withSerializer(wider));
        List<String> copy = JavaSerialization.roundTrip(proxy);
        Key<?> key = StoreFactory.of(proxy).key();
        StoreFactory<Object> narrower = forged(key.id(), new SerializerConfig(SerializerConfig.DEFAULT_TYPE,
                List.of(MODEL + ".sub")));

        assertThat(copy).isEqualTo(value);
        victim.invalidate(key);
        assertThat(narrower.resolve()).isEqualTo(value);
    }
}
