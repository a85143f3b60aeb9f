package dev.proxystore.serialize.testmodel;

public record Square(Point corner, double side) implements Shape {

    @Override
    public double area() {
        return side * side;
    }
}
