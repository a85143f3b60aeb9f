package dev.proxystore.serialize.untrusted;

/** Not a Serializer: naming it in a serializer config must fail before it is initialized. */
public class SerializerCanary {

    static {
        CanaryLog.INITIALIZED.add(SerializerCanary.class.getName());
    }

    public SerializerCanary() {
        CanaryLog.CONSTRUCTED.add(SerializerCanary.class.getName());
    }
}
