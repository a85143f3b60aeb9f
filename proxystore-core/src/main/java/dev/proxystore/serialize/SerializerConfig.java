package dev.proxystore.serialize;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * How to re-create a store's serializer in another process. Never holds code or secrets.
 *
 * @param type {@code default} for {@link dev.proxystore.serialize.DefaultSerializer}, otherwise the class name of a
 *     {@link dev.proxystore.serialize.Serializer} with a public no-argument constructor
 * @param trustedPackages package prefixes the default serializer trusts beyond JDK value types
 */
public record SerializerConfig(String type, List<String> trustedPackages) implements Serializable {

    /** The type of {@link dev.proxystore.serialize.DefaultSerializer}. */
    public static final String DEFAULT_TYPE = "default";

    public SerializerConfig {
        Objects.requireNonNull(type, "type");
        trustedPackages = List.copyOf(Objects.requireNonNull(trustedPackages, "trustedPackages"));
    }

    /** The default serializer trusting only JDK value types. */
    public static SerializerConfig defaults() {
        return new SerializerConfig(DEFAULT_TYPE, List.of());
    }
}
