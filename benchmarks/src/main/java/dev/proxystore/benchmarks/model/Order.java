package dev.proxystore.benchmarks.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A typical POJO graph: an order with a customer, an address, line items and attributes. */
public class Order {

    private UUID id;
    private Instant created;
    private Customer customer;
    private List<LineItem> items = new ArrayList<>();
    private Map<String, String> attributes = new LinkedHashMap<>();
    private BigDecimal total;

    protected Order() {
    }

    /** An order of {@code itemCount} items; the same content for the same arguments. */
    public static Order sample(int itemCount) {
        Order order = new Order();
        order.id = new UUID(42L, itemCount);
        order.created = Instant.parse("2025-01-02T03:04:05Z");
        order.customer = new Customer("Ada Lovelace", "ada@example.com",
                new Address("12 Analytical St", "London", "NW1 6XE", "GB"));
        BigDecimal total = BigDecimal.ZERO;
        for (int i = 0; i < itemCount; i++) {
            LineItem item = new LineItem("SKU-" + (10_000 + i), "Item number " + i, 1 + i % 5,
                    BigDecimal.valueOf(1999 + 37L * i, 2));
            order.items.add(item);
            total = total.add(item.price.multiply(BigDecimal.valueOf(item.quantity)));
        }
        order.total = total;
        order.attributes.put("channel", "web");
        order.attributes.put("campaign", "spring-sale");
        order.attributes.put("priority", "normal");
        return order;
    }

    public List<LineItem> items() {
        return items;
    }

    public BigDecimal total() {
        return total;
    }

    /** The customer. */
    public static class Customer {
        private String name;
        private String email;
        private Address address;

        protected Customer() {
        }

        Customer(String name, String email, Address address) {
            this.name = name;
            this.email = email;
            this.address = address;
        }
    }

    /** A postal address. */
    public static class Address {
        private String street;
        private String city;
        private String postcode;
        private String country;

        protected Address() {
        }

        Address(String street, String city, String postcode, String country) {
            this.street = street;
            this.city = city;
            this.postcode = postcode;
            this.country = country;
        }
    }

    /** One line of the order. */
    public static class LineItem {
        private String sku;
        private String description;
        private int quantity;
        private BigDecimal price;

        protected LineItem() {
        }

        LineItem(String sku, String description, int quantity, BigDecimal price) {
            this.sku = sku;
            this.description = description;
            this.quantity = quantity;
            this.price = price;
        }
    }
}
