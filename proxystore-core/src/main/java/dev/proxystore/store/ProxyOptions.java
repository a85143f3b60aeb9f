package dev.proxystore.store;

import dev.proxystore.lifetime.Lifetime;
import dev.proxystore.serialize.Serializer;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Immutable options for creating proxies; each {@code with*} returns a copy. */
public final class ProxyOptions {

    private static final ProxyOptions DEFAULTS = new ProxyOptions(false, null, null, null, false, null, Set.of());

    private final boolean evict;
    private final @Nullable Lifetime lifetime;
    private final @Nullable Boolean populateTarget;
    private final @Nullable Class<?> type;
    private final boolean skipNonProxiable;
    private final @Nullable Serializer serializer;
    private final Set<String> tags;

    private ProxyOptions(
            boolean evict,
            @Nullable Lifetime lifetime,
            @Nullable Boolean populateTarget,
            @Nullable Class<?> type,
            boolean skipNonProxiable,
            @Nullable Serializer serializer,
            Set<String> tags) {
        this.evict = evict;
        this.lifetime = lifetime;
        this.populateTarget = populateTarget;
        this.type = type;
        this.skipNonProxiable = skipNonProxiable;
        this.serializer = serializer;
        this.tags = tags;
    }

    /** No eviction, no lifetime, the store's populate-target setting, the object's own type. */
    public static ProxyOptions defaults() {
        return DEFAULTS;
    }

    /** Ephemeral proxies: the object is evicted when a proxy is first resolved. */
    public ProxyOptions withEvict(boolean evict) {
        return new ProxyOptions(evict, lifetime, populateTarget, type, skipNonProxiable, serializer, tags);
    }

    /** Associates new objects with {@code lifetime}; combined with evict it is rejected when used. */
    public ProxyOptions withLifetime(@Nullable Lifetime lifetime) {
        return new ProxyOptions(evict, lifetime, populateTarget, type, skipNonProxiable, serializer, tags);
    }

    /** Whether locally returned proxies start resolved; overrides the store's populate-target setting. */
    public ProxyOptions withPopulateTarget(boolean populate) {
        return new ProxyOptions(evict, lifetime, populate, type, skipNonProxiable, serializer, tags);
    }

    /** Follow the store's populate-target setting again (the default). */
    public ProxyOptions withStorePopulateTarget() {
        return new ProxyOptions(evict, lifetime, null, type, skipNonProxiable, serializer, tags);
    }

    /** The type the proxy implements (an interface) or extends (a non-final class). */
    public ProxyOptions withType(@Nullable Class<?> type) {
        return new ProxyOptions(evict, lifetime, populateTarget, type, skipNonProxiable, serializer, tags);
    }

    /** Return non-proxiable values themselves (after storing nothing) instead of throwing. */
    public ProxyOptions withSkipNonProxiable(boolean skip) {
        return new ProxyOptions(evict, lifetime, populateTarget, type, skip, serializer, tags);
    }

    /** Serialize with {@code serializer} instead of the store's. Readers need the same serializer. */
    public ProxyOptions withSerializer(@Nullable Serializer serializer) {
        return new ProxyOptions(evict, lifetime, populateTarget, type, skipNonProxiable, serializer, tags);
    }

    /**
     * Writes new objects where the store's connector accepts all of {@code tags}, replacing earlier tags; no tags (the
     * default) means anywhere. Needs a {@link dev.proxystore.connector.TaggedConnector}, such as a
     * {@link dev.proxystore.connector.multi.MultiConnector}: with tags, other connectors are rejected with
     * {@link IllegalArgumentException} before anything is written.
     */
    public ProxyOptions withTags(String... tags) {
        return new ProxyOptions(
                evict, lifetime, populateTarget, type, skipNonProxiable, serializer, Set.copyOf(Arrays.asList(tags)));
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

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof ProxyOptions other
                && evict == other.evict
                && skipNonProxiable == other.skipNonProxiable
                && Objects.equals(lifetime, other.lifetime)
                && Objects.equals(populateTarget, other.populateTarget)
                && Objects.equals(type, other.type)
                && Objects.equals(serializer, other.serializer)
                && tags.equals(other.tags);
    }

    @Override
    public int hashCode() {
        return Objects.hash(evict, lifetime, populateTarget, type, skipNonProxiable, serializer, tags);
    }

    @Override
    public String toString() {
        return "ProxyOptions[evict=" + evict + ", lifetime=" + (lifetime == null ? null : lifetime.name())
                + ", populateTarget=" + populateTarget + ", type=" + (type == null ? null : type.getName())
                + ", skipNonProxiable=" + skipNonProxiable + ", tags=" + tags + "]";
    }
}
