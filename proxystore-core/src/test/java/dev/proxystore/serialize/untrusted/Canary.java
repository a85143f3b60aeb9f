package dev.proxystore.serialize.untrusted;

/** Never trusted by any test: it must never be initialized or constructed by deserialization. */
public class Canary {

    static {
        CanaryLog.INITIALIZED.add(Canary.class.getName());
    }

    public String payload;

    public Canary() {
        CanaryLog.CONSTRUCTED.add(Canary.class.getName());
    }
}
