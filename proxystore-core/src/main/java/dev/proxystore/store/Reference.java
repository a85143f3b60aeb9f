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
    /** The JSON reference format version written; version 1 (unsigned, with the whole store config) is still read. */
    public static final int JSON_VERSION = 2;

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
    private final Duration futureTimeout;

    private Reference(Claims claims, byte[] encoded, byte @Nullable [] tag, StoreFactory<?> factory,
            Duration futureTimeout) {
        this.claims = claims;
        this.encoded = encoded;
        this.tag = tag;
        this.factory = factory;
        this.futureTimeout = futureTimeout;
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
        return signed(factory, factory.claims(Kind.PLAIN, proxiedType, 0, null), Duration.ZERO);
    }

    /**
     * A reference to a future result: resolving its proxy waits up to {@code timeout} (capped by each receiver's
     * {@link TrustPolicy#maxFutureWait()}).
     */
    public static Reference future(StoreFactory<?> factory, Class<?> proxiedType, Duration timeout) {
        return future(factory, proxiedType.getName(), timeout);
    }

    static Reference future(StoreFactory<?> factory, String proxiedType, Duration timeout) {
        long millis = Math.max(1, timeout.toMillis());
        requireFullRights(factory, "wait on a future");
        return signed(factory, factory.claims(Kind.FUTURE, proxiedType, millis, null), Duration.ofMillis(millis));
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
        return signed(factory, factory.claims(kind, factory.type(), 0, ticket), Duration.ZERO);
    }

    private static Reference signed(StoreFactory<?> factory, Claims claims, Duration futureTimeout) {
        byte[] encoded = claims.encode();
        return new Reference(claims, encoded, factory.tag(claims, encoded), factory, futureTimeout);
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
        return futureTimeout;
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
     * references only: futures and ownership do not travel as JSON.
     *
     * @throws IllegalArgumentException if the reference is malformed (the message names the property) or not plain
     * @throws UntrustedReferenceException if the receiver refuses it
     */
    public static Reference readJson(JsonParser p, StoreRegistry receiver) {
        ReferenceJson.Read read = ReferenceJson.read(p);
        if (read.claims().kind() != Kind.PLAIN) {
            throw new IllegalArgumentException("Invalid ProxyStore reference: a " + read.claims().kind().label()
                    + " reference cannot be read from JSON, which carries plain references only");
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
        Duration futureTimeout = Duration.ZERO;
        if (claims.kind() == Kind.FUTURE) {
            Duration asked = Duration.ofMillis(claims.timeoutMillis());
            futureTimeout = asked.compareTo(policy.maxFutureWait()) > 0 ? policy.maxFutureWait() : asked;
        }
        String ticket = claims.ticket();
        if (ticket != null && !factory.store().claimTicket(ticket)) {
            throw new UntrustedReferenceException(name, "this " + claims.kind().label() + " reference to "
                    + UntrustedReferenceException.shorten(claims.key()) + " was moved already: its move ticket is"
                    + " claimed, so this copy is a duplicate or a replay and grants no ownership");
        }
        return new Reference(claims, encoded, tag, factory, futureTimeout);
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
