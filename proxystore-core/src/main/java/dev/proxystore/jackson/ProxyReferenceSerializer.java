package dev.proxystore.jackson;

import dev.proxystore.proxy.Proxies;
import dev.proxystore.proxy.SerializableSupplier;
import dev.proxystore.ref.Refs;
import dev.proxystore.store.Reference;
import dev.proxystore.store.StoreBackedFactory;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.jsontype.TypeSerializer;
import tools.jackson.databind.ser.std.StdSerializer;

/** Writes a store-backed proxy as a reference without resolving it; see {@link ProxyStoreJacksonModule}. */
final class ProxyReferenceSerializer extends StdSerializer<Object> {

    static final ProxyReferenceSerializer INSTANCE = new ProxyReferenceSerializer();

    private ProxyReferenceSerializer() {
        super(Object.class);
    }

    @Override
    public void serialize(Object value, JsonGenerator gen, SerializationContext ctxt) {
        Reference reference = reference(value, ctxt);
        gen.writeStartObject(value);
        reference.writeJson(gen);
        gen.writeEndObject();
    }

    /** References carry no type id: readers recognize them by their marker, whatever the declared type. */
    @Override
    public void serializeWithType(Object value, JsonGenerator gen, SerializationContext ctxt,
            TypeSerializer typeSer) {
        serialize(value, gen, ctxt);
    }

    /** A proxy is never empty: asking its target would resolve it. */
    @Override
    public boolean isEmpty(SerializationContext ctxt, Object value) {
        return false;
    }

    private static Reference reference(Object value, SerializationContext ctxt) {
        if (!Proxies.isProxy(value)) {
            return ctxt.reportBadDefinition(ctxt.constructType(value.getClass()), "Cannot write "
                    + value.getClass().getTypeName() + " as a ProxyStore reference: it is not a ProxyStore proxy");
        }
        SerializableSupplier<?> factory = Proxies.factoryOf(value);
        String reason;
        if (Refs.isOwned(value) || Refs.isBorrowed(value) || Refs.isMutBorrowed(value)) {
            reason = "it is " + (Refs.isOwned(value) ? "an owned" : "a borrowed")
                    + " reference, and ownership cannot move through JSON; write a plain proxy of the same key"
                    + " (Store.proxyFromKey) instead";
        } else if (factory instanceof StoreBackedFactory<?> backed) {
            try {
                return Reference.of(backed, Proxies.proxiedType(value));
            } catch (IllegalArgumentException e) {
                reason = "its factory " + factory.getClass().getTypeName() + " does more than read a stored object"
                        + " or wait for one; only proxies of a store or of a StoreFuture can be written";
            }
        } else {
            reason = "its factory " + factory.getClass().getTypeName() + " is not a StoreFactory, so there is no stored"
                    + " object to refer to";
        }
        return ctxt.reportBadDefinition(ctxt.constructType(value.getClass()), "Cannot write a proxy of "
                + Proxies.proxiedType(value).getTypeName() + " as a ProxyStore reference: " + reason);
    }
}
