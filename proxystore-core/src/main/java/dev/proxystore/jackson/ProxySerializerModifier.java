package dev.proxystore.jackson;

import java.lang.reflect.Modifier;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.SerializationConfig;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.ser.ValueSerializerModifier;
import tools.jackson.databind.ser.bean.BeanSerializerBase;
import tools.jackson.databind.type.CollectionLikeType;
import tools.jackson.databind.type.CollectionType;
import tools.jackson.databind.type.MapLikeType;
import tools.jackson.databind.type.MapType;

/**
 * Makes the serializers of collection and map types, and of beans of classes that are not final, proxy-aware
 * ({@link ProxyAwareSerializer}): Jackson uses them by declared type (a root type such as
 * {@code writerFor(new TypeReference<List<Matrix>>() {})}, its element and content types, a static property type),
 * where the runtime-class lookup of {@link ProxySerializers} never runs. Serializers of other kinds (scalars, enums,
 * arrays, final classes) are left alone: no proxy can have their types.
 */
final class ProxySerializerModifier extends ValueSerializerModifier {

    private static final long serialVersionUID = 1L;

    @Override
    public ValueSerializer<?> modifySerializer(SerializationConfig config, BeanDescription.Supplier beanDesc,
            ValueSerializer<?> serializer) {
        Class<?> type = beanDesc.getBeanClass();
        boolean proxiable = serializer instanceof BeanSerializerBase && !Modifier.isFinal(type.getModifiers())
                && !ProxySerializers.isProxyClass(type);
        return proxiable ? ProxyAwareSerializer.wrap(serializer) : serializer;
    }

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
