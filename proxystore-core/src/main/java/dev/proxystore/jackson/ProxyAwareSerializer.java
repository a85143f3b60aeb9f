package dev.proxystore.jackson;

import dev.proxystore.proxy.ProxyObject;
import java.util.Iterator;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.BeanProperty;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.SerializationConfig;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.jsonFormatVisitors.JsonFormatVisitorWrapper;
import tools.jackson.databind.jsontype.TypeSerializer;
import tools.jackson.databind.ser.PropertyWriter;
import tools.jackson.databind.util.NameTransformer;

/**
 * Wraps the serializer Jackson picks by a <em>declared</em> collection, map or bean type ({@code writerFor(List.class)},
 * a controller declared to return {@code List<Double>}, the elements of a declared {@code List<Matrix>}): a proxy of
 * such a type is written as a reference instead of being iterated or having its getters called, which would resolve
 * it (and, for an ephemeral proxy, evict its object). Values that are not proxies go to the wrapped serializer
 * unchanged, after one type check and without any allocation.
 */
final class ProxyAwareSerializer extends ValueSerializer<Object> {

    private final ValueSerializer<Object> delegate;

    @SuppressWarnings("unchecked")
    private ProxyAwareSerializer(ValueSerializer<?> delegate) {
        this.delegate = (ValueSerializer<Object>) delegate;
    }

    static ValueSerializer<?> wrap(ValueSerializer<?> serializer) {
        return serializer instanceof ProxyAwareSerializer ? serializer : new ProxyAwareSerializer(serializer);
    }

    @Override
    public void serialize(Object value, JsonGenerator gen, SerializationContext ctxt) {
        if (value instanceof ProxyObject) {
            ProxyReferenceSerializer.INSTANCE.serialize(value, gen, ctxt);
        } else {
            delegate.serialize(value, gen, ctxt);
        }
    }

    @Override
    public void serializeWithType(Object value, JsonGenerator gen, SerializationContext ctxt,
            TypeSerializer typeSer) {
        if (value instanceof ProxyObject) {
            ProxyReferenceSerializer.INSTANCE.serializeWithType(value, gen, ctxt, typeSer);
        } else {
            delegate.serializeWithType(value, gen, ctxt, typeSer);
        }
    }

    @Override
    public boolean isEmpty(SerializationContext ctxt, Object value) {
        return !(value instanceof ProxyObject) && delegate.isEmpty(ctxt, value);
    }

    @Override
    public void resolve(SerializationContext ctxt) {
        delegate.resolve(ctxt);
    }

    @Override
    public ValueSerializer<?> createContextual(SerializationContext ctxt, @Nullable BeanProperty property) {
        return rewrap(delegate.createContextual(ctxt, property));
    }

    @Override
    public ValueSerializer<Object> unwrappingSerializer(@Nullable NameTransformer unwrapper) {
        ValueSerializer<Object> unwrapping = delegate.unwrappingSerializer(unwrapper);
        return unwrapping == delegate ? this : new ProxyAwareSerializer(unwrapping);
    }

    @Override
    public ValueSerializer<Object> replaceDelegatee(ValueSerializer<?> delegatee) {
        return new ProxyAwareSerializer(delegate.replaceDelegatee(delegatee));
    }

    @Override
    public ValueSerializer<?> withFilterId(@Nullable Object filterId) {
        return rewrap(delegate.withFilterId(filterId));
    }

    @Override
    public ValueSerializer<?> withIgnoredProperties(Set<String> ignoredProperties) {
        return rewrap(delegate.withIgnoredProperties(ignoredProperties));
    }

    @Override
    public ValueSerializer<?> withFormatOverrides(SerializationConfig config,
            com.fasterxml.jackson.annotation.JsonFormat.Value formatOverrides) {
        return rewrap(delegate.withFormatOverrides(config, formatOverrides));
    }

    @Override
    public Class<?> handledType() {
        return delegate.handledType();
    }

    @Override
    public boolean usesObjectId() {
        return delegate.usesObjectId();
    }

    @Override
    public boolean isUnwrappingSerializer() {
        return delegate.isUnwrappingSerializer();
    }

    @Override
    public ValueSerializer<?> getDelegatee() {
        return delegate;
    }

    @Override
    public Iterator<PropertyWriter> properties() {
        return delegate.properties();
    }

    @Override
    public void acceptJsonFormatVisitor(JsonFormatVisitorWrapper visitor, JavaType type) {
        delegate.acceptJsonFormatVisitor(visitor, type);
    }

    private ValueSerializer<?> rewrap(ValueSerializer<?> serializer) {
        return serializer == delegate ? this : wrap(serializer);
    }
}
