package dev.proxystore.reliability.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A trusted POJO whose fields make the serializer write nested type ids: seeds for the fuzz test. */
public class Sample {

    private String name;
    private int count;
    private List<Object> items;
    private Map<String, Object> attributes;
    private Object anything;
    private double[] vector;
    private Instant when;
    private BigDecimal amount;
    private Sample child;
    private Kind kind;

    private Sample() {
    }

    public Sample(String name, int count, List<Object> items, Map<String, Object> attributes, Object anything,
            double[] vector, Instant when, BigDecimal amount, Sample child, Kind kind) {
        this.name = name;
        this.count = count;
        this.items = items;
        this.attributes = attributes;
        this.anything = anything;
        this.vector = vector;
        this.when = when;
        this.amount = amount;
        this.child = child;
        this.kind = kind;
    }

    public String name() {
        return name;
    }
}
