package dev.proxystore.serialize.testmodel;

import dev.proxystore.serialize.Serializer;

public class FailingSerializer implements Serializer {

    public FailingSerializer() {
        throw new IllegalStateException("cannot start");
    }

    @Override
    public byte[] serialize(Object obj) {
        return new byte[0];
    }

    @Override
    public Object deserialize(byte[] data) {
        return data;
    }
}
