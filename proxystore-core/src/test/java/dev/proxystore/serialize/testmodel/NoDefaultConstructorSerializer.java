package dev.proxystore.serialize.testmodel;

import dev.proxystore.serialize.Serializer;

public class NoDefaultConstructorSerializer implements Serializer {

    public NoDefaultConstructorSerializer(String unused) {
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
