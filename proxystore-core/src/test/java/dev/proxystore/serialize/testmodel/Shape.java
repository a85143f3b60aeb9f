package dev.proxystore.serialize.testmodel;

public interface Shape {

    double area();
}
