package dev.proxystore.connector.multi;

import dev.proxystore.connector.BufferConnector;
import dev.proxystore.connector.Connector;
import dev.proxystore.connector.ConnectorConfig;
import dev.proxystore.connector.ConnectorException;
import dev.proxystore.connector.Connectors;
import dev.proxystore.connector.DeferrableConnector;
import dev.proxystore.connector.ExpiringConnector;
import dev.proxystore.connector.TaggedConnector;
import dev.proxystore.serialize.Payload;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Routes each object to one of several labelled connectors by {@link Policy}: size bounds, tags, superset tags, host
 * patterns and priority, as Python ProxyStore's {@code MultiConnector} does.
 *
 * <pre>{@code
 * MultiConnector connector = MultiConnector.builder()
 *         .route("small", redis, Policy.any().withMaxSize(1_000_000))
 *         .route("large", files, Policy.any().withMinSize(1_000_001))
 *         .build();
 * }</pre>
 *
 * <p><b>Writes.</b> {@link #put} sends an object to the route with the highest priority whose policy accepts the
 * object's size (and the tags and superset tags asked for through {@link #put(byte[], Set, Set)}); equal priorities go
 * to the route declared first. When no route accepts it, {@link IllegalArgumentException} names the size, the tags and
 * every route's policy, and nothing is written. {@link #putBatch} chooses a route for every element before writing
 * anything, writes each route's share with that connector's own {@code putBatch}, and when one route fails evicts what
 * the others already wrote before rethrowing.
 *
 * <p><b>Keys</b> have the form {@code <label>:<key of the route's connector>}, so reads, {@link #exists},
 * {@link #evict}, {@link DeferrableConnector#set set} and {@link ExpiringConnector#expire expire} go straight to the
 * route that holds the object. A key without a label, or naming a label this connector does not have, is an
 * {@link IllegalArgumentException}; the rest of the key is checked by the route's connector. A label is made of ASCII
 * letters, digits, {@code -} and {@code _}.
 *
 * <p><b>Hosts.</b> A route whose policy has {@linkplain Policy#hostPatterns() host patterns} that this host's name does
 * not match is <em>dormant</em> here: a route given as a {@link ConnectorConfig} has no connector created at all, one
 * given as a connector has it left unused (and closed with this one). A dormant route takes no writes and hands out no
 * keys; a key naming it fails with a {@link DormantRouteException} naming the route and the host; its config stays in
 * {@link #config()}, so the same config re-creates it, connected, on a host it matches.
 *
 * <p><b>Capabilities</b> are what every route that is not dormant can do, decided when the connector is built.
 * {@link #deferrable()} is present when every route's connector is deferrable: its {@code newKey()} cannot know the
 * size of the data to come and hands out a key of the {@linkplain Builder#deferredRoute(String) deferred route} when
 * one is named, otherwise of the highest-priority route whose policy accepts an empty untagged object; its
 * {@code set} writes to the route its key names and refuses ({@link IllegalArgumentException}, nothing written) data
 * whose size that route's policy does not accept: an object never sits where the policies would not put it. For
 * results of any size (futures, {@code Refs.update}) make the deferred route accept every size and give it a lower
 * priority than the routes that should take objects first. {@link #expiring()} is present when every route's
 * connector expires keys by itself (a lease over a store with a route that cannot ends by eviction only). A multi
 * connector is always a {@link BufferConnector}: a route whose connector moves payloads through its own buffers
 * (Redis) does so, the others go through arrays.
 *
 * <p><b>Config.</b> {@link #config()} is type {@code multi} with flat options that re-create every route: {@code
 * routes=a,b} in declaration order, then per route {@code a.type} and the route connector's own options as {@code
 * a.<option>}, and the policy as {@code a.min-size}, {@code a.max-size}, {@code a.priority}, {@code a.tags} (comma
 * separated), {@code a.superset-tags} (comma separated) and {@code a.host-pattern} (one pattern per line), each left
 * out when it has its default (0, unbounded, 0, none, none, none); {@code deferred-route} when one is named. Dormant
 * routes are in it as they were given. It carries no secrets, as route configs carry none.
 *
 * <p>The connector owns its routes: {@link #close()} closes every route's connector and deletes nothing; later
 * operations (except {@link #config()}) throw {@link IllegalStateException}. A connector a route is created with from
 * its config (through {@link Connectors#create}) is created when the connector is built.
 *
 * <p>One concept in one class, longer than most: choosing a route and the key format that names it are read and
 * written together by every operation, single and batched, and by each capability the routes share.
 */
public final class MultiConnector implements TaggedConnector, BufferConnector {

    static final String TYPE = "multi";
    static final String ROUTES = "routes";
    static final String DEFERRED_ROUTE = "deferred-route";
    static final String ROUTE_TYPE = "type";
    static final String MIN_SIZE = "min-size";
    static final String MAX_SIZE = "max-size";
    static final String PRIORITY = "priority";
    static final String TAGS = "tags";
    static final String SUPERSET_TAGS = "superset-tags";
    static final String HOST_PATTERN = "host-pattern";
    static final Set<String> POLICY_OPTIONS = Set.of(MIN_SIZE, MAX_SIZE, PRIORITY, TAGS, SUPERSET_TAGS, HOST_PATTERN);

    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_-]+");
    private static final char SEPARATOR = ':';

    private final List<Route> routes;
    /** The routes that are not dormant, highest priority first. */
    private final List<Route> byPriority;
    private final Map<String, Route> byLabel;
    private final @Nullable Route deferredRoute;
    private final String hostName;
    private final ConnectorConfig config;
    private final Optional<DeferrableConnector> deferrable;
    private final Optional<ExpiringConnector> expiring;
    private final AtomicBoolean closed = new AtomicBoolean();

    private MultiConnector(Builder builder) {
        if (builder.routes.isEmpty()) {
            throw new IllegalArgumentException("A multi connector needs at least one route");
        }
        String deferredLabel = builder.deferredRoute;
        if (deferredLabel != null && builder.routes.stream().noneMatch(route -> route.label.equals(deferredLabel))) {
            throw new IllegalArgumentException("The deferred route '" + deferredLabel + "' is not one of the routes "
                    + builder.routes.stream().map(route -> route.label).toList());
        }
        this.hostName = Objects.requireNonNull(builder.hostName.get(), "host name");
        List<Route> built = new ArrayList<>();
        try {
            for (Declared declared : builder.routes) {
                built.add(declared.build(hostName, builder.creator));
            }
            this.routes = List.copyOf(built);
            Map<String, Route> labels = new LinkedHashMap<>();
            routes.forEach(route -> labels.put(route.label, route));
            this.byLabel = Collections.unmodifiableMap(labels);
            this.deferredRoute = deferredLabel == null ? null : checkDeferrable(labels.get(deferredLabel));
            this.config = buildConfig();
        } catch (RuntimeException | Error e) {
            for (Route route : built) {
                if (route.created) {
                    closeQuietly(route.connector(), e);
                }
            }
            throw e;
        }
        List<Route> sorted = new ArrayList<>(routes.stream().filter(route -> !route.dormant).toList());
        // List.sort is stable: equal priorities keep declaration order
        sorted.sort(Comparator.comparingInt((Route route) -> route.policy.priority()).reversed());
        this.byPriority = List.copyOf(sorted);
        this.deferrable = byPriority.stream().allMatch(route -> route.connector().deferrable().isPresent())
                ? Optional.of(new DeferrableView()) : Optional.empty();
        this.expiring = byPriority.stream().allMatch(route -> route.connector().expiring().isPresent())
                ? Optional.of(new ExpiringView()) : Optional.empty();
    }

    private static Route checkDeferrable(@Nullable Route deferred) {
        Objects.requireNonNull(deferred, "deferred route");
        Connector connector = deferred.connector;
        if (connector != null && connector.deferrable().isEmpty()) {
            throw new IllegalArgumentException("The deferred route '" + deferred.label + "' uses " + connector
                    + ", which is not a DeferrableConnector");
        }
        return deferred;
    }

    private static void closeQuietly(Connector connector, Throwable failure) {
        try {
            connector.close();
        } catch (RuntimeException cleanup) {
            failure.addSuppressed(cleanup);
        }
    }

    /** A builder with no routes. */
    public static Builder builder() {
        return new Builder();
    }

    /** The route labels, in declaration order. */
    public List<String> labels() {
        return List.copyOf(byLabel.keySet());
    }

    /**
     * The policy of the route labelled {@code label}.
     *
     * @throws IllegalArgumentException if there is no such route
     */
    public Policy policy(String label) {
        return route(label).policy;
    }

    /**
     * The connector of the route labelled {@code label}.
     *
     * @throws IllegalArgumentException if there is no such route
     * @throws DormantRouteException if the route is dormant on this host
     */
    public Connector connector(String label) {
        return active(route(label), "route '" + label + "'");
    }

    /** The labels of the routes that are dormant on this host, in declaration order. */
    public List<String> dormantLabels() {
        return routes.stream().filter(route -> route.dormant).map(route -> route.label).toList();
    }

    /**
     * The label of the route that {@code key} names, dormant or not; says nothing about whether the object exists.
     *
     * @throws IllegalArgumentException if {@code key} is not a key of this connector
     */
    public String labelOf(String key) {
        return parse(key).route.label;
    }

    @Override
    public String put(byte[] data) {
        return put(data, Set.of());
    }

    @Override
    public String put(byte[] data, Set<String> tags) {
        return put(data, tags, Set.of());
    }

    /**
     * {@inheritDoc} Goes to the highest-priority route whose policy accepts the size, {@code tags} (a subset of the
     * route's tags) and {@code supersetTags} (a superset of the route's superset tags).
     */
    @Override
    public String put(byte[] data, Set<String> tags, Set<String> supersetTags) {
        Objects.requireNonNull(data, "data");
        Set<String> requested = requestedTags(tags);
        Set<String> requestedSuperset = requestedTags(supersetTags);
        checkOpen();
        Route route = select(data.length, requested, requestedSuperset);
        return route.key(route.connector().put(data));
    }

    @Override
    public List<String> putBatch(List<byte[]> data) {
        return putBatch(data, Set.of());
    }

    /**
     * {@inheritDoc} Every element's route is chosen before anything is written; when a route's connector fails, the
     * objects the other routes already wrote are evicted.
     */
    @Override
    public List<String> putBatch(List<byte[]> data, Set<String> tags) {
        return putBatch(data, tags, Set.of());
    }

    /**
     * {@inheritDoc} Every element's route is chosen before anything is written; when a route's connector fails, the
     * objects the other routes already wrote are evicted.
     */
    @Override
    public List<String> putBatch(List<byte[]> data, Set<String> tags, Set<String> supersetTags) {
        data.forEach(element -> Objects.requireNonNull(element, "data element"));
        Set<String> requested = requestedTags(tags);
        Set<String> requestedSuperset = requestedTags(supersetTags);
        checkOpen();
        if (data.isEmpty()) {
            return List.of();
        }
        Map<Route, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < data.size(); i++) {
            groups.computeIfAbsent(select(data.get(i).length, requested, requestedSuperset), route -> new ArrayList<>())
                    .add(i);
        }
        String[] keys = new String[data.size()];
        List<Located> written = new ArrayList<>();
        try {
            for (Map.Entry<Route, List<Integer>> group : groups.entrySet()) {
                Route route = group.getKey();
                List<Integer> indices = group.getValue();
                List<byte[]> share = new ArrayList<>(indices.size());
                indices.forEach(i -> share.add(data.get(i)));
                List<String> innerKeys = route.connector().putBatch(share);
                if (innerKeys.size() != indices.size()) {
                    // what it may have written is unknown: its keys are the only handle to evict it by
                    innerKeys.forEach(innerKey -> written.add(new Located(route, innerKey)));
                    throw new ConnectorException("Route '" + route.label + "' returned " + innerKeys.size()
                            + " keys for a batch of " + indices.size());
                }
                for (int j = 0; j < indices.size(); j++) {
                    keys[indices.get(j)] = route.key(innerKeys.get(j));
                    written.add(new Located(route, innerKeys.get(j)));
                }
            }
        } catch (RuntimeException | Error e) {
            for (Located located : written) {
                try {
                    located.route.connector().evict(located.innerKey);
                } catch (RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
            }
            throw e;
        }
        return Collections.unmodifiableList(Arrays.asList(keys));
    }

    @Override
    public byte @Nullable [] get(String key) {
        Located located = locate(key);
        return located.route.connector().get(located.innerKey);
    }

    /** {@inheritDoc} The route's own connector checks the size, before reading where it can. */
    @Override
    public byte @Nullable [] get(String key, long maxBytes) {
        Located located = locate(key);
        return located.route.connector().get(located.innerKey, maxBytes);
    }

    /** {@inheritDoc} Every key is checked before any route is read; each route is read with one batch. */
    @Override
    public List<byte @Nullable []> getBatch(List<String> keys) {
        return getBatch(keys, Long.MAX_VALUE);
    }

    /** {@inheritDoc} Each route's own connector checks the sizes, before reading where it can. */
    @Override
    public List<byte @Nullable []> getBatch(List<String> keys, long maxBytes) {
        List<Located> locations = new ArrayList<>(keys.size());
        keys.forEach(key -> locations.add(locate(key)));
        Map<Route, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < locations.size(); i++) {
            groups.computeIfAbsent(locations.get(i).route, route -> new ArrayList<>()).add(i);
        }
        List<byte @Nullable []> data = new ArrayList<>(Collections.nCopies(keys.size(), null));
        for (Map.Entry<Route, List<Integer>> group : groups.entrySet()) {
            Route route = group.getKey();
            List<Integer> indices = group.getValue();
            List<String> innerKeys = new ArrayList<>(indices.size());
            indices.forEach(i -> innerKeys.add(locations.get(i).innerKey));
            List<byte @Nullable []> read = route.connector().getBatch(innerKeys, maxBytes);
            if (read.size() != indices.size()) {
                throw new ConnectorException("Route '" + route.label + "' returned " + read.size()
                        + " objects for a batch of " + indices.size() + " keys");
            }
            for (int j = 0; j < indices.size(); j++) {
                data.set(indices.get(j), read.get(j));
            }
        }
        return Collections.unmodifiableList(data);
    }

    /**
     * {@inheritDoc} Goes to the highest-priority route accepting the payload's size, through the route's own buffers
     * where its connector has them.
     */
    @Override
    public String put(Payload payload) {
        Objects.requireNonNull(payload, "payload");
        checkOpen();
        Route route = select(payload.size(), Set.of(), Set.of());
        Optional<BufferConnector> buffered = route.connector().buffered();
        return route.key(buffered.isPresent() ? buffered.get().put(payload) : route.connector().put(payload.toBytes()));
    }

    /** {@inheritDoc} Through the route's own buffers where its connector has them, otherwise from an array. */
    @Override
    public <T> @Nullable T get(String key, long maxBytes, Function<ByteBuffer, T> reader) {
        Objects.requireNonNull(reader, "reader");
        Located located = locate(key);
        Optional<BufferConnector> buffered = located.route.connector().buffered();
        if (buffered.isPresent()) {
            return buffered.get().get(located.innerKey, maxBytes, reader);
        }
        byte[] data = located.route.connector().get(located.innerKey, maxBytes);
        return data == null ? null : reader.apply(ByteBuffer.wrap(data));
    }

    @Override
    public boolean exists(String key) {
        Located located = locate(key);
        return located.route.connector().exists(located.innerKey);
    }

    @Override
    public void evict(String key) {
        Located located = locate(key);
        located.route.connector().evict(located.innerKey);
    }

    /** {@inheritDoc} As atomic as the route's connector. */
    @Override
    public boolean evictIfPresent(String key) {
        Located located = locate(key);
        return located.route.connector().evictIfPresent(located.innerKey);
    }

    /** Present when the connector of every route not dormant here is deferrable; see the class documentation. */
    @Override
    public Optional<DeferrableConnector> deferrable() {
        return deferrable;
    }

    /** Present when every route's connector expires keys by itself. */
    @Override
    public Optional<ExpiringConnector> expiring() {
        return expiring;
    }

    /** Type {@code multi}; see the class documentation for the options. */
    @Override
    public ConnectorConfig config() {
        return config;
    }

    /**
     * {@inheritDoc} The sum over the routes' connectors (each once), when every one of them can count; empty when a
     * route is dormant here.
     */
    @Override
    public OptionalLong count() {
        long total = 0;
        Set<Connector> counted = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Route route : routes) {
            if (route.dormant) {
                return OptionalLong.empty();
            }
            if (counted.add(route.connector())) {
                OptionalLong count = route.connector().count();
                if (count.isEmpty()) {
                    return OptionalLong.empty();
                }
                total += count.getAsLong();
            }
        }
        return OptionalLong.of(total);
    }

    /** Closes every route's connector (each once, even when shared by routes); deletes nothing. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        RuntimeException failure = null;
        Set<Connector> done = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Route route : routes) {
            Connector connector = route.connector;
            if (connector == null || !done.add(connector)) {
                continue;
            }
            try {
                connector.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "MultiConnector" + routes.stream()
                .map(route -> route.label + "=" + (route.dormant ? "dormant " + route.config.type() : route.connector))
                .collect(Collectors.joining(", ", "[", "]"));
    }

    /**
     * The highest-priority route, not dormant, accepting the object; or the error naming the size, tags and all
     * policies.
     */
    private Route select(long size, Set<String> tags, Set<String> supersetTags) {
        for (Route route : byPriority) {
            if (route.policy.accepts(size, tags, supersetTags)) {
                return route;
            }
        }
        throw new IllegalArgumentException("No route accepts an object of " + size + " bytes"
                + (tags.isEmpty() ? "" : " with tags " + new TreeSet<>(tags))
                + (supersetTags.isEmpty() ? "" : " with superset tags " + new TreeSet<>(supersetTags))
                + "; nothing written. Routes: " + describeRoutes());
    }

    private String describeRoutes() {
        return routes.stream()
                .map(route -> route.label + " (" + route.policy.describe()
                        + (route.dormant ? ", dormant on host '" + hostName + "'" : "") + ")")
                .collect(Collectors.joining("; "));
    }

    /** The connector of {@code route}, or the error naming {@code use}, the route and this host if it is dormant. */
    private Connector active(Route route, String use) {
        if (route.dormant) {
            throw new DormantRouteException(route.label, hostName, abbreviate(use) + " needs route '" + route.label
                    + "', which is dormant on host '" + hostName + "': its host patterns " + route.policy.hostPatterns()
                    + " do not match this host, so it is not connected here");
        }
        return route.connector();
    }

    private Route route(String label) {
        Objects.requireNonNull(label, "label");
        Route route = byLabel.get(label);
        if (route == null) {
            throw new IllegalArgumentException(
                    "No route labelled '" + abbreviate(label) + "'; routes: " + byLabel.keySet());
        }
        return route;
    }

    /** The route {@code key} names, which must be usable here, and the route connector's key. */
    private Located locate(String key) {
        Located located = parse(key);
        active(located.route, "the key '" + key + "'");
        checkOpen();
        return located;
    }

    /** The route {@code key} names, dormant or not, and the route connector's key. */
    private Located parse(String key) {
        Objects.requireNonNull(key, "key");
        int separator = key.indexOf(SEPARATOR);
        if (separator <= 0 || separator == key.length() - 1) {
            throw new IllegalArgumentException(
                    "Not a multi connector key (<label>:<key>): '" + abbreviate(key) + "'");
        }
        String label = key.substring(0, separator);
        Route route = byLabel.get(label);
        if (route == null) {
            throw new IllegalArgumentException("The key '" + abbreviate(key) + "' names no route of this connector;"
                    + " routes: " + byLabel.keySet());
        }
        return new Located(route, key.substring(separator + 1));
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException(this + " is closed");
        }
    }

    private static Set<String> requestedTags(Set<String> tags) {
        Objects.requireNonNull(tags, "tags");
        tags.forEach(tag -> Objects.requireNonNull(tag, "tag"));
        return tags;
    }

    private ConnectorConfig buildConfig() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put(ROUTES, String.join(",", byLabel.keySet()));
        if (deferredRoute != null) {
            options.put(DEFERRED_ROUTE, deferredRoute.label);
        }
        for (Route route : routes) {
            ConnectorConfig inner = route.config;
            checkOptions(route.label, inner);
            String prefix = route.label + ".";
            options.put(prefix + ROUTE_TYPE, inner.type());
            for (Map.Entry<String, String> option : inner.options().entrySet()) {
                options.put(prefix + option.getKey(), option.getValue());
            }
            Policy policy = route.policy;
            if (policy.minSize() != 0) {
                options.put(prefix + MIN_SIZE, Long.toString(policy.minSize()));
            }
            if (policy.maxSize() != Long.MAX_VALUE) {
                options.put(prefix + MAX_SIZE, Long.toString(policy.maxSize()));
            }
            if (policy.priority() != 0) {
                options.put(prefix + PRIORITY, Integer.toString(policy.priority()));
            }
            if (!policy.tags().isEmpty()) {
                options.put(prefix + TAGS, String.join(",", policy.tags()));
            }
            if (!policy.supersetTags().isEmpty()) {
                options.put(prefix + SUPERSET_TAGS, String.join(",", policy.supersetTags()));
            }
            if (!policy.hostPatterns().isEmpty()) {
                options.put(prefix + HOST_PATTERN, String.join("\n", policy.hostPatterns()));
            }
        }
        return new ConnectorConfig(TYPE, options);
    }

    /** Refuses a route connector config with an option named like a route option. */
    private static void checkOptions(String label, ConnectorConfig inner) {
        for (String option : inner.options().keySet()) {
            if (option.equals(ROUTE_TYPE) || POLICY_OPTIONS.contains(option)) {
                throw new IllegalArgumentException("Route '" + label + "': the option '" + option + "' of its "
                        + inner.type() + " connector clashes with the route's own options " + ROUTE_TYPE + ", "
                        + String.join(", ", new TreeSet<>(POLICY_OPTIONS)));
            }
        }
    }

    static void checkLabel(String label) {
        Objects.requireNonNull(label, "label");
        if (!LABEL.matcher(label).matches()) {
            throw new IllegalArgumentException("A route label is one or more ASCII letters, digits, '-' or '_': '"
                    + abbreviate(label) + "'");
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }

    /** This connector, seen with one more capability: every other call goes to it. */
    private abstract class View implements Connector {

        @Override
        public String put(byte[] data) {
            return MultiConnector.this.put(data);
        }

        @Override
        public List<String> putBatch(List<byte[]> data) {
            return MultiConnector.this.putBatch(data);
        }

        @Override
        public byte @Nullable [] get(String key) {
            return MultiConnector.this.get(key);
        }

        @Override
        public byte @Nullable [] get(String key, long maxBytes) {
            return MultiConnector.this.get(key, maxBytes);
        }

        @Override
        public List<byte @Nullable []> getBatch(List<String> keys) {
            return MultiConnector.this.getBatch(keys);
        }

        @Override
        public List<byte @Nullable []> getBatch(List<String> keys, long maxBytes) {
            return MultiConnector.this.getBatch(keys, maxBytes);
        }

        @Override
        public boolean exists(String key) {
            return MultiConnector.this.exists(key);
        }

        @Override
        public void evict(String key) {
            MultiConnector.this.evict(key);
        }

        @Override
        public boolean evictIfPresent(String key) {
            return MultiConnector.this.evictIfPresent(key);
        }

        @Override
        public Optional<DeferrableConnector> deferrable() {
            return deferrable;
        }

        @Override
        public Optional<ExpiringConnector> expiring() {
            return expiring;
        }

        @Override
        public Optional<BufferConnector> buffered() {
            return Optional.of(MultiConnector.this);
        }

        @Override
        public Optional<TaggedConnector> tagged() {
            return Optional.of(MultiConnector.this);
        }

        @Override
        public ConnectorConfig config() {
            return config;
        }

        @Override
        public void close() {
            MultiConnector.this.close();
        }

        @Override
        public String toString() {
            return MultiConnector.this.toString();
        }
    }

    /** Keys before data, and writes under a key, for a connector whose every route can do both. */
    private final class DeferrableView extends View implements DeferrableConnector {

        /**
         * A key of the {@linkplain Builder#deferredRoute(String) deferred route}, or else of the highest-priority
         * route whose policy accepts an empty untagged object.
         *
         * @throws IllegalStateException if no route's policy accepts an empty untagged object and none is named
         *     deferred
         * @throws DormantRouteException if the deferred route is dormant on this host
         */
        @Override
        public String newKey() {
            checkOpen();
            Route route = deferredRoute;
            if (route != null) {
                active(route, "a key handed out before its data");
            } else {
                for (Route candidate : byPriority) {
                    if (candidate.policy.accepts(0, Set.of(), Set.of())) {
                        route = candidate;
                        break;
                    }
                }
            }
            if (route == null) {
                throw new IllegalStateException("No route can hand out keys before data: none is named the deferred"
                        + " route and no route's policy accepts an empty object; routes: " + describeRoutes());
            }
            return route.key(route.connector().deferrable().orElseThrow().newKey());
        }

        /**
         * Writes to the route {@code key} names.
         *
         * @throws IllegalArgumentException if that route's policy does not accept the size of {@code data} (nothing
         *     is written), or {@code key} is not a key of this connector
         */
        @Override
        public void set(String key, byte[] data) {
            Objects.requireNonNull(data, "data");
            Located located = locate(key);
            Route route = located.route;
            if (!route.policy.accepts(data.length)) {
                throw new IllegalArgumentException("Route '" + route.label + "' (" + route.policy.describe()
                        + ") does not accept an object of " + data.length + " bytes; nothing written. A deferred"
                        + " route whose policy accepts every size takes results of any size");
            }
            route.connector().deferrable().orElseThrow().set(located.innerKey, data);
        }
    }

    /** Server-side expiry, for a connector whose every route expires keys by itself. */
    private final class ExpiringView extends View implements ExpiringConnector {

        @Override
        public void expire(String key, Duration ttl) {
            Objects.requireNonNull(ttl, "ttl");
            Located located = locate(key);
            located.route.connector().expiring().orElseThrow().expire(located.innerKey, ttl);
        }
    }

    /** Collects routes, checking each as it is added. */
    public static final class Builder {

        private final List<Declared> routes = new ArrayList<>();
        private @Nullable String deferredRoute;
        private Supplier<String> hostName = HostNames::current;
        private Function<ConnectorConfig, Connector> creator = Connectors::create;

        private Builder() {}

        /**
         * Adds a route over {@code connector}. The built connector owns {@code connector} and closes it; until
         * {@link #build()} succeeds, the caller does. On a host the policy's host patterns do not match, the route is
         * dormant and {@code connector} is left unused: give the route's config instead
         * ({@link #route(String, ConnectorConfig, Policy)}) to create nothing there.
         *
         * @throws IllegalArgumentException if {@code label} is not one or more ASCII letters, digits, {@code -} or
         *     {@code _}, is taken already, or the connector's config has an option named like a route option
         *     ({@code type}, {@code min-size}, {@code max-size}, {@code priority}, {@code tags}, {@code superset-tags},
         *     {@code host-pattern})
         */
        public Builder route(String label, Connector connector, Policy policy) {
            Objects.requireNonNull(connector, "connector");
            add(new Declared(label, connector, connector.config(), Objects.requireNonNull(policy, "policy")));
            return this;
        }

        /**
         * Adds a route whose connector {@link #build()} creates from {@code config} (through {@link Connectors#create})
         * on hosts the policy's host patterns match; on other hosts the route is dormant and nothing is created.
         *
         * @throws IllegalArgumentException if {@code label} is not one or more ASCII letters, digits, {@code -} or
         *     {@code _}, is taken already, or {@code config} has an option named like a route option
         */
        public Builder route(String label, ConnectorConfig config, Policy policy) {
            add(new Declared(label, null, Objects.requireNonNull(config, "config"),
                    Objects.requireNonNull(policy, "policy")));
            return this;
        }

        private void add(Declared route) {
            checkLabel(route.label);
            checkOptions(route.label, route.config);
            if (routes.stream().anyMatch(other -> other.label.equals(route.label))) {
                throw new IllegalArgumentException("Duplicate route label '" + route.label + "'");
            }
            routes.add(route);
        }

        /**
         * Names the route whose keys the {@linkplain MultiConnector#deferrable() deferrable} connector's
         * {@code newKey()} hands out; its connector must be deferrable. Without one, the highest-priority route
         * accepting an empty object.
         */
        public Builder deferredRoute(@Nullable String label) {
            this.deferredRoute = label;
            return this;
        }

        /** The name host patterns are matched against; this host's name unless a test says otherwise. */
        Builder hostName(Supplier<String> hostName) {
            this.hostName = Objects.requireNonNull(hostName, "hostName");
            return this;
        }

        /** How routes given as configs get their connector; {@link Connectors#create} unless limits apply. */
        Builder creator(Function<ConnectorConfig, Connector> creator) {
            this.creator = Objects.requireNonNull(creator, "creator");
            return this;
        }

        /**
         * The connector, with a connector created for every route given as a config that is not dormant here.
         *
         * @throws IllegalArgumentException if there are no routes, the deferred route is unknown or not deferrable,
         *     or a route's config cannot create a connector; connectors created before the failure are closed
         */
        public MultiConnector build() {
            return new MultiConnector(this);
        }
    }

    /** A route as it was added: a connector, or only the config to create one from. */
    private record Declared(String label, @Nullable Connector connector, ConnectorConfig config, Policy policy) {

        /** The route on the host named {@code hostName}: dormant there unless the policy is valid on it. */
        Route build(String hostName, Function<ConnectorConfig, Connector> creator) {
            boolean dormant = !policy.validOnHost(hostName);
            if (connector != null) {
                return new Route(label, connector, config, policy, dormant, false);
            }
            if (dormant) {
                return new Route(label, null, config, policy, true, false);
            }
            Connector created;
            try {
                created = creator.apply(config);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Route '" + label + "': " + e.getMessage(), e);
            }
            return new Route(label, created, created.config(), policy, false, true);
        }
    }

    /**
     * A labelled connector and its policy. Identity equality: used as a map key for grouping. A dormant route may have
     * no connector.
     */
    private static final class Route {
        final String label;
        final @Nullable Connector connector;
        /** What re-creates the route's connector: its config, or the config it was given. */
        final ConnectorConfig config;
        final Policy policy;
        final boolean dormant;
        /** Whether the connector was created from a config while building, so a failed build closes it. */
        final boolean created;

        Route(String label, @Nullable Connector connector, ConnectorConfig config, Policy policy, boolean dormant,
                boolean created) {
            this.label = label;
            this.connector = connector;
            this.config = config;
            this.policy = policy;
            this.dormant = dormant;
            this.created = created;
        }

        /** The connector of a route that is not dormant. */
        Connector connector() {
            Connector c = connector;
            if (c == null) {
                throw new IllegalStateException("route '" + label + "' has no connector on this host");
            }
            return c;
        }

        String key(String innerKey) {
            return label + SEPARATOR + innerKey;
        }
    }

    private record Located(Route route, String innerKey) {}
}
