package dev.proxystore.jackson;

import dev.proxystore.store.StoreRegistry;
import java.lang.reflect.Modifier;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.AbstractDeserializer;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.deser.bean.BeanDeserializerBase;
import tools.jackson.databind.type.CollectionLikeType;
import tools.jackson.databind.type.CollectionType;
import tools.jackson.databind.type.MapLikeType;
import tools.jackson.databind.type.MapType;

/**
 * Wraps the deserializers of every type a JSON object could be read into without complaint in
 * {@link ProxyReferenceDeserializer}: beans and records, abstract types and interfaces, {@code Object}, collections
 * and maps. Where the declared type cannot hold a proxy, the wrapper turns a reference into a clear error instead of
 * a silently wrong value. Scalar types (strings, numbers, dates) already reject JSON objects and are left alone.
 */
final class ProxyDeserializerModifier extends ValueDeserializerModifier {

    private static final long serialVersionUID = 1L;

    private final StoreRegistry receiver;

    ProxyDeserializerModifier(StoreRegistry receiver) {
        this.receiver = receiver;
    }

    @Override
    public ValueDeserializer<?> modifyDeserializer(DeserializationConfig config,
            BeanDescription.Supplier beanDescRef, ValueDeserializer<?> deserializer) {
        Class<?> type = beanDescRef.getBeanClass();
        boolean objectShaped = deserializer instanceof BeanDeserializerBase
                || deserializer instanceof AbstractDeserializer
                || type == Object.class || type.isInterface() || Modifier.isAbstract(type.getModifiers());
        // Jackson itself needs the plain bean deserializers of non-static inner classes and of its own types.
        boolean special = type.isMemberClass() && !Modifier.isStatic(type.getModifiers())
                || type.getName().startsWith("tools.jackson.");
        return objectShaped && !special ? wrap(deserializer) : deserializer;
    }

    @Override
    public ValueDeserializer<?> modifyCollectionDeserializer(DeserializationConfig config, CollectionType type,
            BeanDescription.Supplier beanDescRef, ValueDeserializer<?> deserializer) {
        return wrap(deserializer);
    }

    @Override
    public ValueDeserializer<?> modifyCollectionLikeDeserializer(DeserializationConfig config,
            CollectionLikeType type, BeanDescription.Supplier beanDescRef, ValueDeserializer<?> deserializer) {
        return wrap(deserializer);
    }

    @Override
    public ValueDeserializer<?> modifyMapDeserializer(DeserializationConfig config, MapType type,
            BeanDescription.Supplier beanDescRef, ValueDeserializer<?> deserializer) {
        return wrap(deserializer);
    }

    @Override
    public ValueDeserializer<?> modifyMapLikeDeserializer(DeserializationConfig config, MapLikeType type,
            BeanDescription.Supplier beanDescRef, ValueDeserializer<?> deserializer) {
        return wrap(deserializer);
    }

    private ValueDeserializer<?> wrap(ValueDeserializer<?> deserializer) {
        return deserializer instanceof ProxyReferenceDeserializer ? deserializer
                : new ProxyReferenceDeserializer(deserializer, null, receiver);
    }
}
