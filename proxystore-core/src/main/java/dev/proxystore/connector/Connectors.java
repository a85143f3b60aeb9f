package dev.proxystore.connector;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Creates connectors from their {@link ConnectorConfig} through the {@link ConnectorProvider}s found by
 * {@link ServiceLoader}.
 *
 * <p>Providers are looked up once, on first use, through the thread context class loader and this class's own
 * class loader; when two providers claim the same type, the first one found wins. A provider that cannot be loaded
 * (for example because an optional dependency is missing) is skipped.
 */
public final class Connectors {

    private static final System.Logger LOG = System.getLogger(Connectors.class.getName());

    private static volatile @Nullable Providers providers;

    private Connectors() {}

    /**
     * A new connector for {@code config}.
     *
     * @throws IllegalArgumentException if no provider handles {@code config.type()}, or the provider rejects the
     *     options
     */
    public static Connector create(ConnectorConfig config) {
        ConnectorConfig canonical = canonical(config);
        return provider(canonical).create(canonical);
    }

    /**
     * A new connector for a config that came from someone else, within the receiver's {@code limits} (see
     * {@link ConnectorProvider#create(ConnectorConfig, ConnectorLimits)}).
     *
     * @throws IllegalArgumentException if no provider handles {@code config.type()}, or the config asks for more than
     *     the limits allow
     */
    public static Connector create(ConnectorConfig config, ConnectorLimits limits) {
        ConnectorConfig canonical = canonical(config);
        check(canonical, limits);
        return provider(canonical).create(canonical, limits);
    }

    /**
     * Checks, opening nothing, that a connector re-created from {@code config} would stay within {@code limits}: its
     * type is allowed and its provider accepts the config (see {@link ConnectorProvider#check}).
     *
     * @throws IllegalArgumentException naming what the config asks for that the limits do not allow
     */
    public static void check(ConnectorConfig config, ConnectorLimits limits) {
        Objects.requireNonNull(limits, "limits");
        ConnectorConfig canonical = canonical(config);
        if (!limits.allowsType(canonical.type())) {
            throw new IllegalArgumentException("connector type '" + ConnectorLimits.shorten(canonical.type())
                    + "' is not one this process re-creates " + limits.types());
        }
        provider(canonical).check(canonical, limits);
    }

    private static ConnectorProvider provider(ConnectorConfig config) {
        Objects.requireNonNull(config, "config");
        Providers loaded = providers();
        ConnectorProvider provider = loaded.byType().get(config.type());
        if (provider == null) {
            String message = "Unknown connector type '" + config.type() + "'; known types: " + types();
            if (!loaded.failures().isEmpty()) {
                message += "; providers that failed to load: " + loaded.failures();
            }
            throw new IllegalArgumentException(message);
        }
        return provider;
    }

    /**
     * The type name that {@code type} stands for, as Python ProxyStore accepts it: {@code LOCAL} and
     * {@code LocalConnector} both stand for {@code local} (lower case, without a {@code Connector} suffix).
     */
    public static String canonicalType(String type) {
        String lower = type.strip().toLowerCase(Locale.ROOT);
        return lower.endsWith("connector") && lower.length() > "connector".length()
                ? lower.substring(0, lower.length() - "connector".length()) : lower;
    }

    /** {@code config} with its type's canonical name, unless a provider claims the name as it is. */
    private static ConnectorConfig canonical(ConnectorConfig config) {
        Objects.requireNonNull(config, "config");
        if (providers().byType().containsKey(config.type())) {
            return config;
        }
        String type = canonicalType(config.type());
        return type.equals(config.type()) ? config : new ConnectorConfig(type, config.options());
    }

    /** The connector types that {@link #create} accepts, sorted. */
    public static Set<String> types() {
        return Collections.unmodifiableSet(new TreeSet<>(providers().byType().keySet()));
    }

    private static Providers providers() {
        Providers loaded = providers;
        if (loaded == null) {
            synchronized (Connectors.class) {
                loaded = providers;
                if (loaded == null) {
                    loaded = load();
                    providers = loaded;
                }
            }
        }
        return loaded;
    }

    private static Providers load() {
        Set<ClassLoader> loaders = new LinkedHashSet<>();
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null) {
            loaders.add(context);
        }
        ClassLoader own = Connectors.class.getClassLoader();
        if (own != null) {
            loaders.add(own);
        }
        Map<String, ConnectorProvider> found = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        for (ClassLoader loader : loaders) {
            Iterator<ConnectorProvider> it = ServiceLoader.load(ConnectorProvider.class, loader).iterator();
            while (true) {
                ConnectorProvider provider;
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    provider = it.next();
                } catch (ServiceConfigurationError | LinkageError e) {
                    LOG.log(System.Logger.Level.DEBUG, "Skipping a connector provider that cannot be loaded", e);
                    failures.add(e.toString());
                    continue;
                }
                found.putIfAbsent(provider.type(), provider);
            }
        }
        return new Providers(Map.copyOf(found), List.copyOf(failures));
    }

    private record Providers(Map<String, ConnectorProvider> byType, List<String> failures) {}
}
