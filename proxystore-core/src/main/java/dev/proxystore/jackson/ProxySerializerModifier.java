package dev.proxystore.jackson;

import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.SerializationConfig;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.ser.ValueSerializerModifier;
import tools.jackson.databind.type.CollectionLikeType;
import tools.jackson.databind.type.CollectionType;
import tools.jackson.databind.type.MapLikeType;
import tools.jackson.databind.type.MapType;

/**
 * Makes the serializers of collection and map types proxy-aware ({@link ProxyAwareSerializer}): Jackson uses them by
 * declared type (a root type, a static property type), where the runtime-class lookup of {@link ProxySerializers}
 * never runs.
 */
final class ProxySerializerModifier extends ValueSerializerModifier {

    private static final long serialVersionUID = 1L;

    @Override
    public ValueSerializer<?> modifyCollectionSerializer(SerializationConfig config, CollectionType valueType,
            BeanDescription.Supplier beanDesc, ValueSerializer<?> serializer) {
        return ProxyAwareSerializer.wrap(serializer);
    }

    @Override
    public ValueSerializer<?> modifyCollectionLikeSerializer(SerializationConfig config, CollectionLikeType valueType,
            BeanDescription.Supplier beanDesc, ValueSerializer<?> serializer) {
        return ProxyAwareSerializer.wrap(serializer);
    }

    @Override
    public ValueSerializer<?> modifyMapSerializer(SerializationConfig config, MapType valueType,
            BeanDescription.Supplier beanDesc, ValueSerializer<?> serializer) {
        return ProxyAwareSerializer.wrap(serializer);
    }

    @Override
    public ValueSerializer<?> modifyMapLikeSerializer(SerializationConfig config, MapLikeType valueType,
            BeanDescription.Supplier beanDesc, ValueSerializer<?> serializer) {
        return ProxyAwareSerializer.wrap(serializer);
    }
}
