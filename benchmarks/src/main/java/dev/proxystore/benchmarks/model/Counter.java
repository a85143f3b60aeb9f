package dev.proxystore.benchmarks.model;

/** A one-method interface, for the call overhead of interface proxies. */
public interface Counter {

    int add(int delta);
}
