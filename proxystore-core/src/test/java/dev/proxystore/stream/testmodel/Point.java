package dev.proxystore.stream.testmodel;

/** A record: no proxy can stand for it, so a consumer hands it out itself. */
public record Point(int x, int y) {}
