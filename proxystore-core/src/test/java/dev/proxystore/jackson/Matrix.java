package dev.proxystore.jackson;

import java.util.Arrays;
import java.util.Objects;

/** A proxiable user type: a non-final class with state. */
public class Matrix {

    private String label;
    private double[] values;

    public Matrix() {
        this("", new double[0]);
    }

    public Matrix(String label, double... values) {
        this.label = label;
        this.values = values;
    }

    public String getLabel() {
        return label;
    }

    public void setLabel(String label) {
        this.label = label;
    }

    public double[] getValues() {
        return values;
    }

    public void setValues(double[] values) {
        this.values = values;
    }

    public double sum() {
        return Arrays.stream(values).sum();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Matrix other && label.equals(other.getLabel()) && Arrays.equals(values, other.getValues());
    }

    @Override
    public int hashCode() {
        return Objects.hash(label, Arrays.hashCode(values));
    }

    @Override
    public String toString() {
        return "Matrix[" + label + ", " + values.length + " values]";
    }
}
