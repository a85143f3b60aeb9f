package dev.proxystore.reliability.canary;

/**
 * Never trusted: a class whose initialization or construction by a deserializer would be a hole in the allow-list.
 * It has what Jackson needs to build it (a public no-argument constructor and public fields), so only the allow-list
 * stands between a payload naming it and an instance.
 */
public class Canary {

    static {
        CanaryCounters.CANARY_INITIALIZED.incrementAndGet();
    }

    public String payload;
    public Object nested;

    public Canary() {
        CanaryCounters.CANARY_CONSTRUCTED.incrementAndGet();
    }
}
