package dev.proxystore.store;

import dev.proxystore.lifetime.Lifetime;
import dev.proxystore.serialize.Serializer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** Immutable options for creating proxies; each {@code with*} returns a copy. */
public final class ProxyOptions {

    private static final ProxyOptions DEFAULTS = new ProxyOptions(new Values());

    private final boolean evict;
    private final @Nullable Lifetime lifetime;
    private final @Nullable Boolean populateTarget;
    private final @Nullable Class<?> type;
    private final boolean skipNonProxiable;
    private final @Nullable Serializer serializer;
    private final Set<String> tags;
    private final Set<String> supersetTags;
    private final @Nullable Duration referenceExpiry;
    private final @Nullable Polling polling;

    private ProxyOptions(Values values) {
        this.evict = values.evict;
        this.lifetime = values.lifetime;
        this.populateTarget = values.populateTarget;
        this.type = values.type;
        this.skipNonProxiable = values.skipNonProxiable;
        this.serializer = values.serializer;
        this.tags = values.tags;
        this.supersetTags = values.supersetTags;
        this.referenceExpiry = values.referenceExpiry;
        this.polling = values.polling;
    }

    /** No eviction, no lifetime, the store's populate-target setting, the object's own type. */
    public static ProxyOptions defaults() {
        return DEFAULTS;
    }

    /** Ephemeral proxies: the object is evicted when a proxy is first resolved. */
    public ProxyOptions withEvict(boolean evict) {
        return with(v -> v.evict = evict);
    }

    /** Associates new objects with {@code lifetime}; combined with evict it is rejected when used. */
    public ProxyOptions withLifetime(@Nullable Lifetime lifetime) {
        return with(v -> v.lifetime = lifetime);
    }

    /** Whether locally returned proxies start resolved; overrides the store's populate-target setting. */
    public ProxyOptions withPopulateTarget(boolean populate) {
        return with(v -> v.populateTarget = populate);
    }

    /** Follow the store's populate-target setting again (the default). */
    public ProxyOptions withStorePopulateTarget() {
        return with(v -> v.populateTarget = null);
    }

    /** The type the proxy implements (an interface) or extends (a non-final class). */
    public ProxyOptions withType(@Nullable Class<?> type) {
        return with(v -> v.type = type);
    }

    /** Return non-proxiable values themselves (after storing nothing) instead of throwing. */
    public ProxyOptions withSkipNonProxiable(boolean skip) {
        return with(v -> v.skipNonProxiable = skip);
    }

    /** Serialize with {@code serializer} instead of the store's. Readers need the same serializer. */
    public ProxyOptions withSerializer(@Nullable Serializer serializer) {
        return with(v -> v.serializer = serializer);
    }

    /**
     * Writes new objects where the store's connector accepts all of {@code tags}, replacing earlier tags; no tags (the
     * default) means anywhere. Needs a {@link dev.proxystore.connector.TaggedConnector}, such as a
     * {@link dev.proxystore.connector.multi.MultiConnector}: with tags, other connectors are rejected with
     * {@link IllegalArgumentException} before anything is written.
     */
    public ProxyOptions withTags(String... tags) {
        Set<String> copy = Set.copyOf(Arrays.asList(tags));
        return with(v -> v.tags = copy);
    }

    /**
     * Writes new objects where the store's connector takes writes carrying {@code tags}, replacing earlier superset
     * tags: a {@link dev.proxystore.connector.multi.MultiConnector} route with superset tags takes only writes that
     * carry all of them (Python ProxyStore's {@code superset_tags}). Needs a
     * {@link dev.proxystore.connector.TaggedConnector}, like {@link #withTags}.
     */
    public ProxyOptions withSupersetTags(String... tags) {
        Set<String> copy = Set.copyOf(Arrays.asList(tags));
        return with(v -> v.supersetTags = copy);
    }

    /**
     * References to the new proxies (Java-serialized or JSON) are refused by every receiver once {@code expiry} has
     * passed since the proxy was made: the expiry is part of what the reference's tag signs. Null (the default): they
     * never expire. Proxies already read keep working.
     */
    public ProxyOptions withReferenceExpiry(@Nullable Duration expiry) {
        if (expiry != null && (expiry.isNegative() || expiry.isZero())) {
            throw new IllegalArgumentException("a reference expiry must be positive, was " + expiry);
        }
        return with(v -> v.referenceExpiry = expiry);
    }

    /**
     * Proxies wait for their object to appear, polling as {@code polling} says (Python ProxyStore's
     * {@code PollingStoreFactory}): {@link Store#proxyFromKey} of a key whose object is written later, and the proxies
     * of {@link Store#future(Class, ProxyOptions)}. Null (the default): {@code proxyFromKey}'s proxies expect the
     * object to exist, and futures poll as {@link Polling#defaults()}. The ways of making a proxy that write the
     * object first ({@code proxy}, {@code proxyBatch}, {@code ownedProxy}, {@code lockedProxy}) reject polling with
     * {@link IllegalArgumentException}.
     */
    public ProxyOptions withPolling(@Nullable Polling polling) {
        return with(v -> v.polling = polling);
    }

    private ProxyOptions with(Consumer<Values> change) {
        Values values = new Values(this);
        change.accept(values);
        return new ProxyOptions(values);
    }

    public boolean evict() {
        return evict;
    }

    public @Nullable Lifetime lifetime() {
        return lifetime;
    }

    public @Nullable Boolean populateTarget() {
        return populateTarget;
    }

    public @Nullable Class<?> type() {
        return type;
    }

    public boolean skipNonProxiable() {
        return skipNonProxiable;
    }

    public @Nullable Serializer serializer() {
        return serializer;
    }

    /** The tags new objects are written with; unmodifiable, empty by default. */
    public Set<String> tags() {
        return tags;
    }

    /** The superset tags new objects are written with; unmodifiable, empty by default. */
    public Set<String> supersetTags() {
        return supersetTags;
    }

    /** How long references to the new proxies are accepted; null for ever. */
    public @Nullable Duration referenceExpiry() {
        return referenceExpiry;
    }

    /** How proxies wait for their object; null when they expect it to exist. */
    public @Nullable Polling polling() {
        return polling;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof ProxyOptions other
                && evict == other.evict
                && skipNonProxiable == other.skipNonProxiable
                && Objects.equals(lifetime, other.lifetime)
                && Objects.equals(populateTarget, other.populateTarget)
                && Objects.equals(type, other.type)
                && Objects.equals(serializer, other.serializer)
                && tags.equals(other.tags)
                && supersetTags.equals(other.supersetTags)
                && Objects.equals(referenceExpiry, other.referenceExpiry)
                && Objects.equals(polling, other.polling);
    }

    @Override
    public int hashCode() {
        return Objects.hash(evict, lifetime, populateTarget, type, skipNonProxiable, serializer, tags, supersetTags,
                referenceExpiry, polling);
    }

    @Override
    public String toString() {
        return "ProxyOptions[evict=" + evict + ", lifetime=" + (lifetime == null ? null : lifetime.name())
                + ", populateTarget=" + populateTarget + ", type=" + (type == null ? null : type.getName())
                + ", skipNonProxiable=" + skipNonProxiable + ", tags=" + tags
                + (supersetTags.isEmpty() ? "" : ", supersetTags=" + supersetTags)
                + (referenceExpiry == null ? "" : ", referenceExpiry=" + referenceExpiry)
                + (polling == null ? "" : ", polling=" + polling) + "]";
    }

    /** The settings of an options object being derived. */
    private static final class Values {

        boolean evict;
        @Nullable Lifetime lifetime;
        @Nullable Boolean populateTarget;
        @Nullable Class<?> type;
        boolean skipNonProxiable;
        @Nullable Serializer serializer;
        Set<String> tags = Set.of();
        Set<String> supersetTags = Set.of();
        @Nullable Duration referenceExpiry;
        @Nullable Polling polling;

        Values() {
        }

        Values(ProxyOptions options) {
            evict = options.evict;
            lifetime = options.lifetime;
            populateTarget = options.populateTarget;
            type = options.type;
            skipNonProxiable = options.skipNonProxiable;
            serializer = options.serializer;
            tags = options.tags;
            supersetTags = options.supersetTags;
            referenceExpiry = options.referenceExpiry;
            polling = options.polling;
        }
    }
}
