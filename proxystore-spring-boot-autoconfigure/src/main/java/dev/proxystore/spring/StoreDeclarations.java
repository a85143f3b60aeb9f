package dev.proxystore.spring;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

/**
 * Which stores {@code proxystore.stores} declares, read before any bean exists so that each gets a bean definition:
 * their names, and which one is primary. Everything else about a store is read from the {@link ProxyStoreProperties}
 * bean when the store is created.
 */
final class StoreDeclarations {

    static final String STORES = ProxyStoreProperties.PREFIX + ".stores";

    private static final Pattern STORE_NAME = Pattern.compile("[A-Za-z0-9_-]+");

    private static final ConfigurationPropertyName STORES_NAME = ConfigurationPropertyName.of(STORES);

    private StoreDeclarations() {
    }

    /** Whether any store is declared. */
    static boolean any(Environment environment) {
        return !primaryByName(environment).isEmpty();
    }

    /**
     * The declared stores, in declaration order, each with whether it is the primary one. A store is declared by any
     * property under {@code proxystore.stores.<name>}, known or not, so that a misspelled key fails the binding of
     * {@link ProxyStoreProperties} instead of leaving the store out.
     */
    static Map<String, Boolean> primaryByName(Environment environment) {
        checkNames(environment);
        Map<String, Boolean> declared = new LinkedHashMap<>();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (source instanceof IterableConfigurationPropertySource iterable) {
                iterable.filter(STORES_NAME::isAncestorOf).forEach(property -> declared.put(
                        property.getElement(STORES_NAME.getNumberOfElements(), ConfigurationPropertyName.Form.ORIGINAL),
                        false));
            }
        }
        Binder.get(environment)
                .bind(STORES, Bindable.mapOf(String.class, PrimaryFlag.class))
                .ifBound(bound -> bound.forEach((name, flag) -> declared.put(name, flag.isPrimary())));
        return declared;
    }

    /**
     * Refuses store names that would not survive as bean names, metric tags and health paths, or that Boot would
     * silently shorten (an unbracketed {@code café} binds as {@code caf}), reading the names as written.
     */
    private static void checkNames(Environment environment) {
        if (!(environment instanceof ConfigurableEnvironment configurable)) {
            return;
        }
        for (PropertySource<?> source : configurable.getPropertySources()) {
            if (source instanceof EnumerablePropertySource<?> enumerable) {
                for (String property : enumerable.getPropertyNames()) {
                    String name = storeName(property);
                    if (name != null && !STORE_NAME.matcher(name).matches()) {
                        throw new InvalidConfigurationPropertyValueException(property, name, "The store name '"
                                + name + "' is not usable: store names use letters, digits, '-' and '_' only, as the"
                                + " name is also the bean name, a metric tag and a health path. Rename the store.");
                    }
                }
            }
        }
    }

    /** The store name in a property name as written, or null if the property is not a store's. */
    private static @Nullable String storeName(String property) {
        if (!property.startsWith(STORES) || property.length() == STORES.length()) {
            return null;
        }
        String rest = property.substring(STORES.length());
        if (rest.startsWith("[")) {
            int end = rest.indexOf(']');
            return end < 0 ? rest.substring(1) : rest.substring(1, end);
        }
        return rest.startsWith(".") ? rest.substring(1).split("[.\\[]", 2)[0] : null;
    }

    /** The property name of a store's setting, for example {@code proxystore.stores.small.cache-size}. */
    static String property(String store, String setting) {
        boolean plain = store.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_');
        return STORES + (plain ? "." + store : "[" + store + "]") + "." + setting;
    }

    /** The {@code primary} setting of a store, bound alone. */
    public static final class PrimaryFlag {

        private boolean primary;

        public boolean isPrimary() {
            return primary;
        }

        public void setPrimary(boolean primary) {
            this.primary = primary;
        }
    }
}
