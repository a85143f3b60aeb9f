package dev.proxystore.jackson;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** A polymorphic interface: values carry a type id, proxies do not. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes(@JsonSubTypes.Type(value = Circle.class, name = "circle"))
public interface Shape {
    double area();
}
