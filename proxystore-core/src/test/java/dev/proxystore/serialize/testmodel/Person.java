package dev.proxystore.serialize.testmodel;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A POJO with private state and no setters: a final field, a transient field, a getter computed from state, and
 * fields whose declared types (List, Map, Object, a non-final class) do not pin down the stored classes.
 */
public class Person {

    private final String name;
    private int age;
    private LocalDate born;
    private BigDecimal salary;
    private Address address;
    private List<Shape> shapes;
    private Map<String, Object> attributes;
    private Map<Integer, Color> colorsById;
    private Object anything;
    private String nickname;
    private transient String cache = "derived";

    private Person() {
        this.name = null;
    }

    public Person(String name, int age, LocalDate born, BigDecimal salary, Address address, List<Shape> shapes,
            Map<String, Object> attributes, Map<Integer, Color> colorsById, Object anything) {
        this.name = name;
        this.age = age;
        this.born = born;
        this.salary = salary;
        this.address = address;
        this.shapes = shapes;
        this.attributes = attributes;
        this.colorsById = colorsById;
        this.anything = anything;
    }

    public String getName() {
        return name;
    }

    public Address getAddress() {
        return address;
    }

    public List<Shape> getShapes() {
        return shapes;
    }

    public Map<String, Object> getAttributes() {
        return attributes;
    }

    public Map<Integer, Color> getColorsById() {
        return colorsById;
    }

    public Object getAnything() {
        return anything;
    }

    /** Computed: must not be written as state. */
    public String getDisplayName() {
        return name + " (" + age + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Person p && age == p.age && Objects.equals(name, p.name) && Objects.equals(born, p.born)
                && Objects.equals(salary, p.salary) && Objects.equals(address, p.address)
                && Objects.equals(shapes, p.shapes) && Objects.equals(attributes, p.attributes)
                && Objects.equals(colorsById, p.colorsById) && Objects.equals(anything, p.anything)
                && Objects.equals(nickname, p.nickname);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, age);
    }

    @Override
    public String toString() {
        return "Person[" + name + ", " + age + ", " + born + ", " + salary + ", " + address + ", " + shapes + ", "
                + attributes + ", " + colorsById + ", " + anything + "]";
    }
}
