package dev.proxystore.connector;

import java.util.Set;
import java.util.TreeSet;

/** Checks of a {@link ConnectorConfig} shared by the providers. */
final class ConnectorOptions {

    private ConnectorOptions() {}

    /** Throws {@link IllegalArgumentException} unless {@code config} has type {@code type} and only known options. */
    static void check(ConnectorConfig config, String type, Set<String> known) {
        if (!config.type().equals(type)) {
            throw new IllegalArgumentException(
                    "Connector type '" + config.type() + "' given to the '" + type + "' provider");
        }
        Set<String> unknown = new TreeSet<>(config.options().keySet());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("Unknown option(s) " + unknown + " for connector type '" + type
                    + "'; known options: " + new TreeSet<>(known));
        }
    }

    /** The value of a required option; {@link IllegalArgumentException} naming it when absent or blank. */
    static String required(ConnectorConfig config, String name) {
        String value = config.options().get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(
                    "Connector type '" + config.type() + "' requires the option '" + name + "'");
        }
        return value;
    }
}
