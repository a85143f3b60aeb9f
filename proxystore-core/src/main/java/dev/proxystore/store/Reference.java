package dev.proxystore.store;

import dev.proxystore.connector.ConnectorConfig;
import dev.proxystore.serialize.SerializerConfig;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;

/**
 * What travels for a proxy: the claims of its factory (store name, key, proxied type, flags, an optional expiry and
 * connector config) and an HMAC tag over all of them, in a Java-serialized form and a JSON form that share one
 * canonical encoding, so a tag made for one verifies in the other.
 *
 * <p>Writing ({@link #of}, {@link #future}, {@link #move}) signs the claims with the key of the store that made the
 * factory, or passes on the tag a factory was read with while its claims are unchanged. Reading
 * ({@link #readFrom(DataInput, StoreRegistry)}, {@link #readJson}) admits a reference under the receiver's
 * {@link TrustPolicy} before anything is connected, created, registered, read or evicted, and refuses it with an
 * {@link UntrustedReferenceException} otherwise. Moving an owned reference claims a ticket in the store, so a copy of
 * the same bytes read a second time, here or elsewhere, is refused.
 *
 * <p>Used by proxies' Java serialization, the Jackson module and streams; applications rarely need it directly.
 */
public final class Reference {

    /** The property that starts a JSON reference. */
    public static final String JSON_MARKER = "@proxystore";
    /**
     * The latest JSON reference format version: written for references with polling settings (futures), while all
     * others are written as version 2, which expresses them fully. Versions 2 and 3 are read, and version 1 (unsigned,
     * with the whole store config) too.
     */
    public static final int JSON_VERSION = 3;

    /** What a reference is. */
    public enum Kind {
        /** A plain store proxy. */
        PLAIN,
        /** A proxy of a {@link StoreFuture} result: resolving waits for it. */
        FUTURE,
        /** The owner of its object. */
        OWNED,
        /** An immutable borrow. */
        BORROWED,
        /** A mutable borrow. */
        MUT_BORROWED;

        String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final Claims claims;
    private final byte[] encoded;
    private final byte @Nullable [] tag;
    private final StoreFactory<?> factory;
    private final @Nullable Polling polling;

    private Reference(Claims claims, byte[] encoded, byte @Nullable [] tag, StoreFactory<?> factory,
            @Nullable Polling polling) {
        this.claims = claims;
        this.encoded = encoded;
        this.tag = tag;
        this.factory = factory;
        this.polling = polling;
    }

    /** A plain reference to the object of {@code factory}, proxied as {@code proxiedType}. */
    public static Reference of(StoreFactory<?> factory, Class<?> proxiedType) {
        return of(factory, proxiedType.getName());
    }

    /** A plain reference to the object of {@code factory}, asserting the type the factory was made for. */
    static Reference of(StoreFactory<?> factory) {
        return of(factory, factory.type());
    }

    static Reference of(StoreFactory<?> factory, String proxiedType) {
        return signed(factory, factory.claims(Kind.PLAIN, proxiedType, null, null), null);
    }

    /**
     * The reference a proxy with {@code factory} travels as: a plain reference for a {@link StoreFactory}, a future
     * reference for a factory that waits for its object (a {@link StoreFuture}'s proxy, or one made with
     * {@link ProxyOptions#withPolling}).
     *
     * @throws IllegalArgumentException for any other factory, such as an ownership reference's, which moves through
     *     {@link #move} only
     */
    public static Reference of(StoreBackedFactory<?> factory, Class<?> proxiedType) {
        if (factory instanceof StoreFactory<?> plain) {
            return of(plain, proxiedType);
        }
        if (factory instanceof PollingStoreFactory<?> polling) {
            return future(polling.storeFactory(), proxiedType.getName(), polling.polling());
        }
        throw new IllegalArgumentException("a " + factory.getClass().getTypeName() + " is neither a plain store"
                + " factory nor one that waits for its object");
    }

    /**
     * A reference to a future result: resolving its proxy waits up to {@code timeout} (capped by each receiver's
     * {@link TrustPolicy#maxFutureWait()}), polling as {@link Polling#defaults()} does.
     */
    public static Reference future(StoreFactory<?> factory, Class<?> proxiedType, Duration timeout) {
        return future(factory, proxiedType.getName(), Polling.defaults().withTimeout(timeout));
    }

    /**
     * A reference to a future result: resolving its proxy polls as {@code polling} says, waiting no longer than each
     * receiver's {@link TrustPolicy#maxFutureWait()}.
     */
    public static Reference future(StoreFactory<?> factory, Class<?> proxiedType, Polling polling) {
        return future(factory, proxiedType.getName(), polling);
    }

    static Reference future(StoreFactory<?> factory, String proxiedType, Polling polling) {
        requireFullRights(factory, "wait on a future");
        return signed(factory, factory.claims(Kind.FUTURE, proxiedType, polling, null), polling);
    }

    /**
     * A reference moving an ownership reference of {@code kind} to whoever reads it. An owned or mutably borrowed
     * reference gets a move ticket written to the store: the first reader claims it, a second reader of the same
     * bytes is refused. The caller invalidates its own copy.
     *
     * @throws IllegalArgumentException if {@code kind} is not an ownership kind
     * @throws UntrustedReferenceException if the factory came from a read-only reference
     */
    public static Reference move(StoreFactory<?> factory, Kind kind) {
        if (kind == Kind.PLAIN || kind == Kind.FUTURE) {
            throw new IllegalArgumentException("not an ownership kind: " + kind);
        }
        String ticket = null;
        if (kind == Kind.OWNED || kind == Kind.MUT_BORROWED) {
            requireFullRights(factory, "own or mutably borrow its object");
            ticket = factory.store().issueTicket();
        }
        return signed(factory, factory.claims(kind, factory.type(), null, ticket), null);
    }

    private static Reference signed(StoreFactory<?> factory, Claims claims, @Nullable Polling polling) {
        byte[] encoded = claims.encode();
        return new Reference(claims, encoded, factory.tag(claims, encoded), factory, polling);
    }

    private static void requireFullRights(StoreFactory<?> factory, String action) {
        if (!factory.fullRights()) {
            throw new UntrustedReferenceException(factory.config().name(),
                    "a read-only reference may not " + action);
        }
    }

    /** What the reference is. */
    public Kind kind() {
        return claims.kind();
    }

    /** The factory of the proxy; for a reference read from a receiver, admitted under its policy. */
    public StoreFactory<?> factory() {
        return factory;
    }

    /** The name of the type the sender proxied, for humans and checks only; empty when unknown. */
    public String type() {
        return claims.type();
    }

    /** How long a future proxy waits, already capped by the receiver; zero for other kinds. */
    public Duration futureTimeout() {
        Polling p = polling;
        return p == null ? Duration.ZERO : p.timeout();
    }

    /** How a future proxy waits, its timeout already capped by the receiver; null for other kinds. */
    public @Nullable Polling polling() {
        return polling;
    }

    /**
     * The factory of a proxy read from this reference: the {@link #factory()} of a plain reference, a factory that
     * waits for it as {@link #polling()} says for a future reference.
     *
     * @throws IllegalStateException for an ownership reference, which becomes a proxy through
     *     {@link dev.proxystore.ref.Refs}' forms only
     */
    public StoreBackedFactory<?> proxyFactory() {
        return switch (claims.kind()) {
            case PLAIN -> factory;
            case FUTURE -> PollingStoreFactory.of(this);
            default -> throw new IllegalStateException("a " + claims.kind().label() + " reference is not read as a"
                    + " plain or future proxy");
        };
    }

    /** Whether the reference carries a tag. */
    public boolean signed() {
        return tag != null;
    }

    /** Writes the Java-serialized form: the length-prefixed claims, then the tag. */
    public void writeTo(DataOutput out) throws IOException {
        out.writeInt(encoded.length);
        out.write(encoded);
        byte[] t = tag;
        out.writeByte(t == null ? 0 : t.length);
        if (t != null) {
            out.write(t);
        }
    }

    /**
     * Reads a Java-serialized reference and admits it under the policy of {@link StoreRegistry#global()}.
     *
     * @throws UntrustedReferenceException if the receiver refuses it
     * @throws InvalidObjectException if it is malformed
     */
    public static Reference readFrom(DataInput in) throws IOException {
        return readFrom(in, StoreRegistry.global());
    }

    /**
     * Reads a Java-serialized reference and admits it under the policy of {@code receiver}.
     *
     * @throws UntrustedReferenceException if the receiver refuses it
     * @throws InvalidObjectException if it is malformed
     */
    public static Reference readFrom(DataInput in, StoreRegistry receiver) throws IOException {
        int length = in.readInt();
        if (length <= 0 || length > Claims.MAX_BYTES) {
            throw new InvalidObjectException("bad reference length " + length);
        }
        byte[] encoded = new byte[length];
        in.readFully(encoded);
        int tagLength = in.readUnsignedByte();
        if (tagLength != 0 && tagLength != SigningKey.TAG_BYTES) {
            throw new InvalidObjectException("bad reference tag length " + tagLength);
        }
        byte[] tag = null;
        if (tagLength > 0) {
            tag = new byte[tagLength];
            in.readFully(tag);
        }
        Claims claims;
        try {
            claims = Claims.decode(encoded);
        } catch (IllegalArgumentException e) {
            InvalidObjectException invalid = new InvalidObjectException("invalid reference: " + e.getMessage());
            invalid.initCause(e);
            throw invalid;
        }
        return admit(claims, encoded, tag, receiver);
    }

    /**
     * Writes the JSON form's properties, the {@value #JSON_MARKER} marker first; the caller writes the enclosing
     * object. Carries store name, key, type, flags and tag, plus the connector config only where the store is
     * configured to carry it in references.
     */
    public void writeJson(JsonGenerator gen) {
        ReferenceJson.write(gen, claims, tag);
    }

    /**
     * Reads the rest of a JSON reference whose marker property name {@code p} points at, leaving {@code p} at the
     * reference's closing {@code END_OBJECT}, and admits it under the policy of {@code receiver}. JSON carries plain
     * and future references: ownership does not travel as JSON.
     *
     * @throws IllegalArgumentException if the reference is malformed (the message names the property) or an
     *     ownership reference
     * @throws UntrustedReferenceException if the receiver refuses it
     */
    public static Reference readJson(JsonParser p, StoreRegistry receiver) {
        ReferenceJson.Read read = ReferenceJson.read(p);
        if (read.claims().kind() != Kind.PLAIN && read.claims().kind() != Kind.FUTURE) {
            throw new IllegalArgumentException("Invalid ProxyStore reference: a " + read.claims().kind().label()
                    + " reference cannot be read from JSON, which carries plain and future references only");
        }
        return admit(read.claims(), read.claims().encode(), read.tag(), receiver);
    }

    /**
     * Admits a reference under the receiver's policy, or refuses it before anything is connected, created, registered,
     * read or evicted.
     */
    static Reference admit(Claims claims, byte[] encoded, byte @Nullable [] tag, StoreRegistry receiver) {
        TrustPolicy policy = receiver.trustPolicy();
        String name = claims.store();
        boolean fullRights;
        if (tag != null) {
            if (!verifies(receiver, encoded, tag)) {
                throw new UntrustedReferenceException(name, "its tag does not verify under any of this process's"
                        + " signing keys: it was changed after it was signed, or signed with a key this process does"
                        + " not hold (processes that exchange references need the same signing key)");
            }
            fullRights = true;
        } else {
            fullRights = switch (policy.unsignedReferences()) {
                case REJECT -> throw new UntrustedReferenceException(name,
                        "it is unsigned, and this process rejects unsigned references");
                case READ_ONLY -> false;
                case ACCEPT -> true;
            };
        }
        if (claims.expiresMillis() != 0 && policy.clock().millis() > claims.expiresMillis()) {
            throw new UntrustedReferenceException(name, "it expired at "
                    + Instant.ofEpochMilli(claims.expiresMillis()));
        }
        if (!fullRights && (claims.evict() || claims.kind() != Kind.PLAIN)) {
            throw new UntrustedReferenceException(name, "it is unsigned, so this process reads it read-only, and it"
                    + " asks to " + (claims.evict() ? "evict its object (evict=true)" : "be a " + claims.kind().label()
                    + " reference") + "; a read-only reference never evicts, owns or waits");
        }
        Store found = LiveStores.find(claims.instance(), name);
        if (found == null) {
            found = receiver.get(name).orElse(null);
        }
        if (found == null) {
            if (!fullRights) {
                throw new UntrustedReferenceException(name, "this process has no store of that name, and an unsigned"
                        + " reference is read-only: it never re-creates a store");
            }
            ConnectorConfig connector = claims.connector();
            if (connector == null) {
                throw new UntrustedReferenceException(name, "this process has no store of that name, and the"
                        + " reference carries no config to re-create it from; declare the store in this process too"
                        + " (a local store cannot be shared: its objects live in the memory of the process that"
                        + " wrote them, so processes share objects through a file or Redis store)");
            }
            policy.checkRecreation(name, connector);
        }
        StoreConfig config = found != null ? found.config() : new StoreConfig(name,
                claims.connector() != null ? claims.connector() : ConnectorConfig.unspecified(), 0, false, true,
                false, SerializerConfig.defaults());
        StoreFactory<Object> factory = new StoreFactory<>(new Key<>(claims.key()), config, claims.evict())
                .received(claims, tag, fullRights, receiver, found);
        Polling polling = claims.polling();
        if (polling != null && polling.timeout().compareTo(policy.maxFutureWait()) > 0) {
            polling = polling.withTimeout(policy.maxFutureWait());
        }
        String ticket = claims.ticket();
        if (ticket != null && !factory.store().claimTicket(ticket)) {
            throw new UntrustedReferenceException(name, "this " + claims.kind().label() + " reference to "
                    + UntrustedReferenceException.shorten(claims.key()) + " was moved already: its move ticket is"
                    + " claimed, so this copy is a duplicate or a replay and grants no ownership");
        }
        return new Reference(claims, encoded, tag, factory, polling);
    }

    private static boolean verifies(StoreRegistry receiver, byte[] encoded, byte[] tag) {
        if (receiver instanceof GlobalStoreRegistry global) {
            return global.verifies(encoded, tag);
        }
        return receiver.trustPolicy().verifies(encoded, tag);
    }

    @Override
    public String toString() {
        return "Reference[" + claims.kind().label() + ", store=" + claims.store() + ", key=" + claims.key()
                + ", signed=" + signed() + "]";
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof Reference other && claims.equals(other.claims)
                && java.util.Arrays.equals(tag, other.tag);
    }

    @Override
    public int hashCode() {
        return Objects.hash(claims, java.util.Arrays.hashCode(tag));
    }
}
