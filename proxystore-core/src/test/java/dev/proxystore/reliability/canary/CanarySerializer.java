package dev.proxystore.reliability.canary;

import dev.proxystore.serialize.Serializer;

/** A serializer no store is configured with: a forged proxy naming it must not get it instantiated. */
public class CanarySerializer implements Serializer {

    public CanarySerializer() {
        CanaryCounters.SERIAL_CANARY_CONSTRUCTED.incrementAndGet();
    }

    @Override
    public byte[] serialize(Object obj) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Object deserialize(byte[] data) {
        return "read by " + getClass().getName();
    }
}
