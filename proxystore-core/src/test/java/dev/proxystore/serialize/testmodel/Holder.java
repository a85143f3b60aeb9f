package dev.proxystore.serialize.testmodel;

/** Fields an attacker might aim at: a class reference and an untyped value. */
public class Holder {

    public Class<?> type;
    public Object value;
}
