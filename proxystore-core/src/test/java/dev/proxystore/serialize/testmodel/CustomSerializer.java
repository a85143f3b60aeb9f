package dev.proxystore.serialize.testmodel;

import dev.proxystore.serialize.Serializer;
import java.nio.charset.StandardCharsets;

/** A user serializer with a public no-argument constructor. */
public class CustomSerializer implements Serializer {

    @Override
    public byte[] serialize(Object obj) {
        return obj.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Object deserialize(byte[] data) {
        return new String(data, StandardCharsets.UTF_8);
    }
}
