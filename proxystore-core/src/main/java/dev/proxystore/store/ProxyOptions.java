package dev.proxystore.store;

import dev.proxystore.lifetime.Lifetime;
import dev.proxystore.serialize.Serializer;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Immutable options for creating proxies; each {@code with*} returns a copy. */
public final class ProxyOptions {

    private static final ProxyOptions DEFAULTS = new ProxyOptions(false, null, null, null, false, null);

    private final boolean evict;
    private final @Nullable Lifetime lifetime;
    private final @Nullable Boolean populateTarget;
    private final @Nullable Class<?> type;
    private final boolean skipNonProxiable;
    private final @Nullable Serializer serializer;

    private ProxyOptions(
            boolean evict,
            @Nullable Lifetime lifetime,
            @Nullable Boolean populateTarget,
            @Nullable Class<?> type,
            boolean skipNonProxiable,
            @Nullable Serializer serializer) {
        this.evict = evict;
        this.lifetime = lifetime;
        this.populateTarget = populateTarget;
        this.type = type;
        this.skipNonProxiable = skipNonProxiable;
        this.serializer = serializer;
    }

    /** No eviction, no lifetime, the store's populate-target setting, the object's own type. */
    public static ProxyOptions defaults() {
        return DEFAULTS;
    }

    /** Ephemeral proxies: the object is evicted when a proxy is first resolved. */
    public ProxyOptions withEvict(boolean evict) {
        return new ProxyOptions(evict, lifetime, populateTarget, type, skipNonProxiable, serializer);
    }

    /** Associates new objects with {@code lifetime}; combined with evict it is rejected when used. */
    public ProxyOptions withLifetime(@Nullable Lifetime lifetime) {
        return new ProxyOptions(evict, lifetime, populateTarget, type, skipNonProxiable, serializer);
    }

    /** Whether locally returned proxies start resolved; {@code null} means the store's setting. */
    public ProxyOptions withPopulateTarget(@Nullable Boolean populate) {
        return new ProxyOptions(evict, lifetime, populate, type, skipNonProxiable, serializer);
    }

    /** The type the proxy implements (an interface) or extends (a non-final class). */
    public ProxyOptions withType(@Nullable Class<?> type) {
        return new ProxyOptions(evict, lifetime, populateTarget, type, skipNonProxiable, serializer);
    }

    /** Return non-proxiable values themselves (after storing nothing) instead of throwing. */
    public ProxyOptions withSkipNonProxiable(boolean skip) {
        return new ProxyOptions(evict, lifetime, populateTarget, type, skip, serializer);
    }

    /** Serialize with {@code serializer} instead of the store's. Readers need the same serializer. */
    public ProxyOptions withSerializer(@Nullable Serializer serializer) {
        return new ProxyOptions(evict, lifetime, populateTarget, type, skipNonProxiable, serializer);
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

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof ProxyOptions other
                && evict == other.evict
                && skipNonProxiable == other.skipNonProxiable
                && Objects.equals(lifetime, other.lifetime)
                && Objects.equals(populateTarget, other.populateTarget)
                && Objects.equals(type, other.type)
                && Objects.equals(serializer, other.serializer);
    }

    @Override
    public int hashCode() {
        return Objects.hash(evict, lifetime, populateTarget, type, skipNonProxiable, serializer);
    }

    @Override
    public String toString() {
        return "ProxyOptions[evict=" + evict + ", lifetime=" + (lifetime == null ? null : lifetime.name())
                + ", populateTarget=" + populateTarget + ", type=" + (type == null ? null : type.getName())
                + ", skipNonProxiable=" + skipNonProxiable + "]";
    }
}
