package dev.proxystore.jackson;

/** A large object. */
public class Blob {

    private byte[] data;

    public Blob() {
        this(new byte[0]);
    }

    public Blob(byte[] data) {
        this.data = data;
    }

    public byte[] getData() {
        return data;
    }

    public void setData(byte[] data) {
        this.data = data;
    }

    public int size() {
        return data.length;
    }
}
