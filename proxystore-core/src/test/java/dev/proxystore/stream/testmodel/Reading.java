package dev.proxystore.stream.testmodel;

import java.util.concurrent.atomic.AtomicInteger;

/** A sensor reading: a non-final class, so consumers proxy it; counts its instances to show what was created. */
public class Reading {

    public static final AtomicInteger CREATED = new AtomicInteger();

    private String sensor = "";
    private double value;

    Reading() {
        CREATED.incrementAndGet();
    }

    public Reading(String sensor, double value) {
        this();
        this.sensor = sensor;
        this.value = value;
    }

    public String sensor() {
        return sensor;
    }

    public double value() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Reading other && sensor.equals(other.sensor()) && value == other.value();
    }

    @Override
    public int hashCode() {
        return sensor.hashCode() * 31 + Double.hashCode(value);
    }

    @Override
    public String toString() {
        return "Reading[" + sensor + "=" + value + "]";
    }
}
