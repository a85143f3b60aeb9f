package dev.proxystore.serialize.untrusted.control;

import dev.proxystore.serialize.untrusted.CanaryLog;

/** Like Canary but trusted by one test, proving the log does record deserialization. */
public class ControlCanary {

    static {
        CanaryLog.INITIALIZED.add(ControlCanary.class.getName());
    }

    public String payload;

    public ControlCanary() {
        CanaryLog.CONSTRUCTED.add(ControlCanary.class.getName());
    }
}
