package dev.proxystore.connector;

import java.io.Serializable;
import java.util.Map;
import java.util.Objects;

/**
 * Enough to re-create a connector in another process: its type (as named by a
 * {@link dev.proxystore.connector.ConnectorProvider}) and string options. Never holds secrets.
 *
 * @param type the connector type, for example {@code local}, {@code file} or {@code redis}
 * @param options connector-specific options; copied, unmodifiable
 */
public record ConnectorConfig(String type, Map<String, String> options) implements Serializable {

    public ConnectorConfig {
        Objects.requireNonNull(type, "type");
        options = Map.copyOf(Objects.requireNonNull(options, "options"));
    }

    /** The type of {@link #unspecified()}. */
    public static final String UNSPECIFIED_TYPE = "unspecified";

    /**
     * The config of a store known by name only: what a reference carries when its store does not carry its config in
     * references. No connector can be created from it.
     */
    public static ConnectorConfig unspecified() {
        return new ConnectorConfig(UNSPECIFIED_TYPE, Map.of());
    }

    /** Whether this is {@link #unspecified()}. */
    public boolean isUnspecified() {
        return UNSPECIFIED_TYPE.equals(type) && options.isEmpty();
    }

    /** The option's value, or {@code defaultValue} when absent. */
    public String option(String name, String defaultValue) {
        return options.getOrDefault(name, defaultValue);
    }
}
