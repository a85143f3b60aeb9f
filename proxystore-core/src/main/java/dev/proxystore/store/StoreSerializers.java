package dev.proxystore.store;

import dev.proxystore.serialize.SerializationException;
import dev.proxystore.serialize.Serializer;
import dev.proxystore.serialize.SerializerConfig;
import dev.proxystore.serialize.Serializers;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The serializers a store reads and writes with: its own, and those it was asked to write with
 * ({@link ProxyOptions#withSerializer}), by the claim a reference names them with. A factory is data that may come
 * from anywhere, so it never chooses what the store trusts.
 */
final class StoreSerializers {

    private final String storeName;
    private final Serializer own;
    private final SerializerConfig ownConfig;
    private final Map<String, Serializer> byClaim = new ConcurrentHashMap<>();

    StoreSerializers(String storeName, Serializer own) {
        this.storeName = storeName;
        this.own = own;
        this.ownConfig = Serializers.configOf(own);
        byClaim.put(SerializerClaims.of(ownConfig), own);
    }

    Serializer own() {
        return own;
    }

    SerializerConfig ownConfig() {
        return ownConfig;
    }

    /** The serializer to write with: the options' when they name one (which readers of this store may use), else own. */
    Serializer writer(ProxyOptions options) {
        Serializer custom = options.serializer();
        return custom == null ? own : writer(custom);
    }

    /** {@code custom}, which proxies of objects written with it may then name to be read with. */
    Serializer writer(Serializer custom) {
        byClaim.putIfAbsent(SerializerClaims.of(Serializers.configOf(custom)), custom);
        return custom;
    }

    /**
     * The serializer to read the object of {@code factory} with: the store's own or one it wrote with. A default
     * serializer the store does not know is read with its own, which applies its own allow-list and limits; any other
     * serializer class is refused.
     *
     * @throws SerializationException if the factory names a serializer class this store does not read with
     */
    Serializer readerFor(StoreFactory<?> factory) {
        String claim = factory.readerClaim(ownConfig);
        if (claim == null) {
            return own;
        }
        Serializer known = byClaim.get(claim);
        if (known != null) {
            return known;
        }
        String type = SerializerClaims.typeOf(claim);
        if (SerializerConfig.DEFAULT_TYPE.equals(type) && SerializerConfig.DEFAULT_TYPE.equals(ownConfig.type())) {
            return own;
        }
        throw new SerializationException("store '" + storeName + "' does not read with the serializer this proxy names"
                + " (serializer class " + UntrustedReferenceException.shorten(type) + "): it is neither the store's"
                + " own nor one the store wrote with, and a proxy must not choose what its reader trusts; configure"
                + " the store with that serializer to read such objects");
    }
}
