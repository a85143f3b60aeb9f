package dev.proxystore.jackson;

/** A {@link Shape}. */
public class Circle implements Shape {

    private double radius;

    public Circle() {
    }

    public Circle(double radius) {
        this.radius = radius;
    }

    public double getRadius() {
        return radius;
    }

    public void setRadius(double radius) {
        this.radius = radius;
    }

    @Override
    public double area() {
        return Math.PI * radius * radius;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Circle other && other.radius == radius;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(radius);
    }
}
