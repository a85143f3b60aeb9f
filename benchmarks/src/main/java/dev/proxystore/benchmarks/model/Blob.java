package dev.proxystore.benchmarks.model;

import java.util.Arrays;
import java.util.SplittableRandom;

/** A small user object (a class proxy): a name and some bytes. Serialized by the default serializer as JSON. */
public class Blob {

    private String name;
    private byte[] data;

    protected Blob() {
        // for the serializer
    }

    public Blob(String name, byte[] data) {
        this.name = name;
        this.data = data;
    }

    /** A blob of {@code size} random bytes. */
    public static Blob random(int size) {
        byte[] data = new byte[size];
        new SplittableRandom(size).nextBytes(data);
        return new Blob("blob-" + size, data);
    }

    public String name() {
        return name;
    }

    public int length() {
        return data.length;
    }

    public byte[] data() {
        return data;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Blob that && name.equals(that.name) && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(data);
    }
}
