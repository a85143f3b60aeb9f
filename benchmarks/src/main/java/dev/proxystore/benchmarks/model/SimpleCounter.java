package dev.proxystore.benchmarks.model;

/** A plain non-final class implementing {@link Counter}, for the call overhead of class proxies. */
public class SimpleCounter implements Counter {

    private int value;

    public SimpleCounter() {
    }

    @Override
    public int add(int delta) {
        value += delta;
        return value;
    }

    public int value() {
        return value;
    }
}
