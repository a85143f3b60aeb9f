package dev.proxystore.jackson;

import static dev.proxystore.jackson.ProxyStoreJacksonModule.MARKER;

import dev.proxystore.proxy.NonProxiableTypeException;
import dev.proxystore.proxy.Proxies;
import dev.proxystore.store.Reference;
import dev.proxystore.store.StoreBackedFactory;
import dev.proxystore.store.StoreRegistry;
import dev.proxystore.store.UntrustedReferenceException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.util.JsonParserSequence;
import tools.jackson.databind.BeanProperty;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.bean.BeanDeserializer;
import tools.jackson.databind.deser.jdk.MapDeserializer;
import tools.jackson.databind.deser.jdk.UntypedObjectDeserializer;
import tools.jackson.databind.deser.std.DelegatingDeserializer;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.jsontype.TypeDeserializer;
import tools.jackson.databind.util.NameTransformer;
import tools.jackson.databind.util.TokenBuffer;

/**
 * Wraps the usual deserializer of a type: a JSON object whose first property is the reference marker becomes an
 * unresolved proxy of the declared type, anything else goes to the usual deserializer, with the tokens read while
 * peeking put back in front of the parser.
 *
 * <p>Jackson's plain bean, map and untyped deserializers are handed the parser as it stands after the peek, on
 * the first property name or the end of an empty object: like the polymorphic type handling that relies on it,
 * they continue from there exactly as from the {@code START_OBJECT}, and reading stays as fast as without this
 * wrapper. Other deserializers read through a replaying parser.
 *
 * <p>The declared type is the type being contextualized (a property's, a collection's element type, the root
 * type), not the type the wrapped deserializer builds: for a {@code List} property that is {@code ArrayList}, and a
 * proxy of {@code ArrayList} could not resolve to a {@code List.of(...)}.
 */
final class ProxyReferenceDeserializer extends DelegatingDeserializer {

    /** Jackson's untyped deserializer used when no custom number, string, list or map handling is configured. */
    private static final String VANILLA_UNTYPED = "tools.jackson.databind.deser.jdk.UntypedObjectDeserializerNR";

    private final @Nullable JavaType declaredType;
    private final StoreRegistry receiver;
    private final boolean resumesAtPropertyName;

    ProxyReferenceDeserializer(ValueDeserializer<?> delegatee, @Nullable JavaType declaredType,
            StoreRegistry receiver) {
        super(delegatee);
        this.declaredType = declaredType;
        this.receiver = receiver;
        this.resumesAtPropertyName = resumesAtPropertyName(delegatee);
    }

    /**
     * Whether {@code deserializer} reads an object from its first property name as it would from its start. Exact
     * classes only: subclasses may override {@code deserialize}.
     */
    private static boolean resumesAtPropertyName(ValueDeserializer<?> deserializer) {
        Class<?> type = deserializer.getClass();
        return type == BeanDeserializer.class || type == MapDeserializer.class
                || type == UntypedObjectDeserializer.class || type.getName().equals(VANILLA_UNTYPED);
    }

    @Override
    protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> newDelegatee) {
        return new ProxyReferenceDeserializer(newDelegatee, declaredType, receiver);
    }

    @Override
    public ValueDeserializer<?> createContextual(DeserializationContext ctxt, @Nullable BeanProperty property) {
        JavaType declared = ctxt.getContextualType();
        if (declared == null) {
            declared = declaredType != null ? declaredType : ctxt.constructType(_delegatee.handledType());
        }
        // Contextualized as the delegate would have been without this wrapper: with the declared type.
        ValueDeserializer<?> delegate = ctxt.handleSecondaryContextualization(_delegatee, property, declared);
        if (delegate == _delegatee && declared.equals(declaredType)) {
            return this;
        }
        return new ProxyReferenceDeserializer(delegate, declared, receiver);
    }

    /**
     * Unwrapped values are spread over their parent's properties and so can never be a reference: the delegate's
     * unwrapping deserializer is used as is. A delegate that cannot unwrap answers with itself, and so does this.
     */
    @Override
    @SuppressWarnings("unchecked")
    public ValueDeserializer<Object> unwrappingDeserializer(DeserializationContext ctxt, NameTransformer unwrapper) {
        ValueDeserializer<?> unwrapping = _delegatee.unwrappingDeserializer(ctxt, unwrapper);
        return (ValueDeserializer<Object>) (unwrapping == _delegatee || unwrapping == null ? this : unwrapping);
    }

    @Override
    public Object deserialize(JsonParser p, DeserializationContext ctxt) {
        if (!p.isExpectedStartObjectToken()) {
            return _delegatee.deserialize(p, ctxt);
        }
        String first = p.nextName();
        if (MARKER.equals(first)) {
            return readReference(p, ctxt);
        }
        return _delegatee.deserialize(resumesAtPropertyName ? p : replay(p, ctxt, first), ctxt);
    }

    @Override
    public Object deserializeWithType(JsonParser p, DeserializationContext ctxt, TypeDeserializer typeDeserializer) {
        if (!p.isExpectedStartObjectToken()) {
            return _delegatee.deserializeWithType(p, ctxt, typeDeserializer);
        }
        String first = p.nextName();
        if (MARKER.equals(first)) {
            return readReference(p, ctxt);
        }
        return _delegatee.deserializeWithType(replay(p, ctxt, first), ctxt, typeDeserializer);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object deserialize(JsonParser p, DeserializationContext ctxt, Object intoValue) {
        if (!p.isExpectedStartObjectToken()) {
            return ((ValueDeserializer<Object>) _delegatee).deserialize(p, ctxt, intoValue);
        }
        String first = p.nextName();
        if (MARKER.equals(first)) {
            throw MismatchedInputException.from(p, targetType(ctxt),
                    "Cannot merge a ProxyStore reference into an existing value of type "
                            + intoValue.getClass().getName());
        }
        return ((ValueDeserializer<Object>) _delegatee).deserialize(replay(p, ctxt, first), ctxt, intoValue);
    }

    /**
     * A parser that starts over at the {@code START_OBJECT} {@code p} was at before the first property name (or the
     * end of an empty object) was read, then continues with {@code p}.
     */
    private static JsonParser replay(JsonParser p, DeserializationContext ctxt, @Nullable String first) {
        TokenBuffer buffer = ctxt.bufferForInputBuffering(p);
        buffer.writeStartObject();
        if (first != null) {
            buffer.writeName(first);
        } else {
            buffer.writeEndObject();
        }
        // false: p's current token is in the buffer already, continue with the token after it
        JsonParser replay = JsonParserSequence.createFlattened(false, buffer.asParser(ctxt, p), p);
        replay.nextToken();
        return replay;
    }

    private Object readReference(JsonParser p, DeserializationContext ctxt) {
        JavaType target = targetType(ctxt);
        Class<?> raw = target.getRawClass();
        if (raw == Object.class) {
            throw MismatchedInputException.from(p, target, "Cannot read a ProxyStore reference as "
                    + "java.lang.Object: the declared type must be the interface or non-final class to proxy");
        }
        Reference reference;
        try {
            reference = Reference.readJson(p, receiver);
        } catch (IllegalArgumentException | UntrustedReferenceException e) {
            MismatchedInputException failure = MismatchedInputException.from(p, target, e.getMessage());
            failure.initCause(e);
            throw failure;
        }
        @SuppressWarnings("unchecked")
        StoreBackedFactory<Object> factory = (StoreBackedFactory<Object>) reference.proxyFactory();
        @SuppressWarnings("unchecked")
        Class<Object> type = (Class<Object>) raw;
        Object proxy;
        try {
            proxy = Proxies.create(type, factory);
        } catch (NonProxiableTypeException e) {
            throw MismatchedInputException.from(p, target, "Cannot read a ProxyStore reference as "
                    + target.toCanonical() + ": the declared type must be an interface or a non-final class ("
                    + e.getMessage() + ")");
        }
        if (!raw.isInstance(proxy)) {
            // only for a JDK class outside the public API, whose proxy implements its public interfaces
            throw MismatchedInputException.from(p, target, "Cannot read a ProxyStore reference as "
                    + target.toCanonical() + ": it is not a public class; declare one of its interfaces instead");
        }
        return proxy;
    }

    private JavaType targetType(DeserializationContext ctxt) {
        return declaredType != null ? declaredType : ctxt.constructType(_delegatee.handledType());
    }
}
