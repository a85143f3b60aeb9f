package dev.proxystore.serialize.testmodel;

public record Point(double x, double y) {
}
