package dev.proxystore.serialize.testmodel;

import java.util.Objects;

/** Non-final, so a subclass held in an {@code Address} field must keep its class. */
public class Address {

    private String city;

    protected Address() {
    }

    public Address(String city) {
        this.city = city;
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && Objects.equals(city, ((Address) o).city);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(city);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + city + "]";
    }
}
