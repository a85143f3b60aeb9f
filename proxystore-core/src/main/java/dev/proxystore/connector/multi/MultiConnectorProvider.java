package dev.proxystore.connector.multi;

import dev.proxystore.connector.Connector;
import dev.proxystore.connector.ConnectorConfig;
import dev.proxystore.connector.ConnectorLimits;
import dev.proxystore.connector.ConnectorProvider;
import dev.proxystore.connector.Connectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Creates {@link MultiConnector}s from their config: type {@code multi}, required option {@code routes} (comma
 * separated labels, in declaration order), optional {@code deferred-route}, and per route {@code <label>.type}
 * (required), {@code <label>.min-size}, {@code <label>.max-size}, {@code <label>.priority}, {@code <label>.tags}
 * (comma separated), {@code <label>.superset-tags} (comma separated), {@code <label>.host-pattern} (one regular
 * expression per line) and the route connector's own options as {@code <label>.<option>}. Each route's connector is
 * created with {@link Connectors#create}, on the hosts its host patterns match only: on others the route is dormant
 * and nothing is created for it. Found through {@link java.util.ServiceLoader}; use {@link Connectors#create}.
 */
public final class MultiConnectorProvider implements ConnectorProvider {

    private final Supplier<String> hostName;

    /** A provider matching host patterns against this host's name. */
    public MultiConnectorProvider() {
        this(HostNames::current);
    }

    /** A provider matching host patterns against the name {@code hostName} gives. */
    MultiConnectorProvider(Supplier<String> hostName) {
        this.hostName = hostName;
    }

    @Override
    public String type() {
        return MultiConnector.TYPE;
    }

    /**
     * @throws IllegalArgumentException for another type, a missing or malformed option, an option naming no route,
     *     or a route config its provider rejects; route connectors created before the failure are closed
     */
    @Override
    public Connector create(ConnectorConfig config) {
        return build(config, null);
    }

    /**
     * {@inheritDoc} Every route that is not dormant on this host is checked within the same limits by its own provider;
     * a dormant one connects nowhere here.
     */
    @Override
    public void check(ConnectorConfig config, ConnectorLimits limits) {
        String host = hostName.get();
        for (Map.Entry<String, RouteConfig> route : parse(config).entrySet()) {
            if (!route.getValue().policy().validOnHost(host)) {
                continue;
            }
            try {
                Connectors.check(route.getValue().connector(), limits);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("route '" + route.getKey() + "': " + e.getMessage(), e);
            }
        }
    }

    /** {@inheritDoc} Every route is created within the same limits by its own provider. */
    @Override
    public Connector create(ConnectorConfig config, ConnectorLimits limits) {
        return build(config, Objects.requireNonNull(limits, "limits"));
    }

    private Connector build(ConnectorConfig config, @Nullable ConnectorLimits limits) {
        Map<String, RouteConfig> routes = parse(config);
        MultiConnector.Builder builder = MultiConnector.builder().hostName(hostName)
                .creator(limits == null ? Connectors::create : routeConfig -> Connectors.create(routeConfig, limits));
        for (Map.Entry<String, RouteConfig> route : routes.entrySet()) {
            builder.route(route.getKey(), route.getValue().connector(), route.getValue().policy());
        }
        builder.deferredRoute(config.options().get(MultiConnector.DEFERRED_ROUTE));
        return builder.build();
    }

    /** The routes of {@code config} by label, in declaration order: each route's policy and connector config. */
    private static Map<String, RouteConfig> parse(ConnectorConfig config) {
        if (!config.type().equals(MultiConnector.TYPE)) {
            throw new IllegalArgumentException(
                    "Connector type '" + config.type() + "' given to the '" + MultiConnector.TYPE + "' provider");
        }
        List<String> labels = labels(config);
        Map<String, Map<String, String>> routeOptions = new LinkedHashMap<>();
        labels.forEach(label -> routeOptions.put(label, new HashMap<>()));
        for (Map.Entry<String, String> option : config.options().entrySet()) {
            String name = option.getKey();
            if (name.equals(MultiConnector.ROUTES) || name.equals(MultiConnector.DEFERRED_ROUTE)) {
                continue;
            }
            int dot = name.indexOf('.');
            Map<String, String> options = dot <= 0 ? null : routeOptions.get(name.substring(0, dot));
            if (options == null || dot == name.length() - 1) {
                throw new IllegalArgumentException("Unknown option '" + name + "' for connector type '"
                        + MultiConnector.TYPE + "': options are " + MultiConnector.ROUTES + ", "
                        + MultiConnector.DEFERRED_ROUTE + " and <label>.<option> for the routes " + labels);
            }
            options.put(name.substring(dot + 1), option.getValue());
        }
        Map<String, RouteConfig> routes = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, String>> route : routeOptions.entrySet()) {
            String label = route.getKey();
            Map<String, String> options = route.getValue();
            Policy policy = policy(label, options);
            String type = options.remove(MultiConnector.ROUTE_TYPE);
            if (type == null || type.isBlank()) {
                throw new IllegalArgumentException("Connector type '" + MultiConnector.TYPE
                        + "' requires the option '" + label + "." + MultiConnector.ROUTE_TYPE + "'");
            }
            routes.put(label, new RouteConfig(policy, new ConnectorConfig(type, options)));
        }
        return routes;
    }

    private record RouteConfig(Policy policy, ConnectorConfig connector) {}

    private static List<String> labels(ConnectorConfig config) {
        String routes = config.options().get(MultiConnector.ROUTES);
        if (routes == null || routes.isBlank()) {
            throw new IllegalArgumentException("Connector type '" + MultiConnector.TYPE + "' requires the option '"
                    + MultiConnector.ROUTES + "' (comma separated route labels)");
        }
        List<String> labels = new ArrayList<>();
        for (String label : routes.split(",", -1)) {
            String trimmed = label.strip();
            MultiConnector.checkLabel(trimmed);
            if (labels.contains(trimmed)) {
                throw new IllegalArgumentException("Duplicate route label '" + trimmed + "' in '" + routes + "'");
            }
            labels.add(trimmed);
        }
        return labels;
    }

    /** Removes the policy options from {@code options} and returns the policy they describe. */
    private static Policy policy(String label, Map<String, String> options) {
        Policy policy = Policy.any();
        String minSize = options.remove(MultiConnector.MIN_SIZE);
        String maxSize = options.remove(MultiConnector.MAX_SIZE);
        String priority = options.remove(MultiConnector.PRIORITY);
        String tags = options.remove(MultiConnector.TAGS);
        String supersetTags = options.remove(MultiConnector.SUPERSET_TAGS);
        String hostPattern = options.remove(MultiConnector.HOST_PATTERN);
        long min = minSize == null ? policy.minSize() : parseLong(label, MultiConnector.MIN_SIZE, minSize);
        long max = maxSize == null ? policy.maxSize() : parseLong(label, MultiConnector.MAX_SIZE, maxSize);
        try {
            policy = policy.withSize(min, max);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Route '" + label + "': " + e.getMessage(), e);
        }
        if (priority != null) {
            try {
                policy = policy.withPriority(Integer.parseInt(priority.strip()));
            } catch (NumberFormatException e) {
                throw badNumber(label, MultiConnector.PRIORITY, priority, e);
            }
        }
        try {
            if (tags != null && !tags.isBlank()) {
                policy = policy.withTags(list(tags, ","));
            }
            if (supersetTags != null && !supersetTags.isBlank()) {
                policy = policy.withSupersetTags(list(supersetTags, ","));
            }
            if (hostPattern != null && !hostPattern.isBlank()) {
                policy = policy.withHostPatterns(list(hostPattern, "\n"));
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Route '" + label + "': " + e.getMessage(), e);
        }
        return policy;
    }

    private static List<String> list(String value, String separator) {
        return Arrays.stream(value.split(separator, -1)).map(String::strip).toList();
    }

    private static long parseLong(String label, String option, String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw badNumber(label, option, value, e);
        }
    }

    private static IllegalArgumentException badNumber(
            String label, String option, String value, NumberFormatException cause) {
        return new IllegalArgumentException(
                "Option '" + label + "." + option + "' is not a whole number: '" + value + "'", cause);
    }
}
