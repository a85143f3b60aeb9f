package dev.proxystore.jackson;

import com.fasterxml.jackson.annotation.JsonFormat;
import dev.proxystore.proxy.ProxyObject;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.SerializationConfig;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.jsontype.TypeSerializer;
import tools.jackson.databind.ser.Serializers;
import tools.jackson.databind.type.CollectionLikeType;
import tools.jackson.databind.type.CollectionType;
import tools.jackson.databind.type.MapLikeType;
import tools.jackson.databind.type.MapType;
import tools.jackson.databind.type.ReferenceType;

/**
 * Picks {@link ProxyReferenceSerializer} for every generated proxy class. Jackson asks for serializers by the
 * runtime class, and a proxy's class looks like a bean, a collection or a map depending on what it proxies, so
 * every kind of lookup is answered.
 */
final class ProxySerializers implements Serializers {

    static boolean isProxyClass(Class<?> type) {
        return ProxyObject.class.isAssignableFrom(type);
    }

    private static @Nullable ValueSerializer<?> forType(JavaType type) {
        return isProxyClass(type.getRawClass()) ? ProxyReferenceSerializer.INSTANCE : null;
    }

    @Override
    public @Nullable ValueSerializer<?> findSerializer(SerializationConfig config, JavaType type,
            BeanDescription.Supplier beanDescRef, JsonFormat.@Nullable Value formatOverrides) {
        return forType(type);
    }

    @Override
    public @Nullable ValueSerializer<?> findCollectionSerializer(SerializationConfig config, CollectionType type,
            BeanDescription.Supplier beanDescRef, JsonFormat.@Nullable Value formatOverrides,
            @Nullable TypeSerializer elementTypeSerializer, @Nullable ValueSerializer<Object> elementValueSerializer) {
        return forType(type);
    }

    @Override
    public @Nullable ValueSerializer<?> findCollectionLikeSerializer(SerializationConfig config,
            CollectionLikeType type, BeanDescription.Supplier beanDescRef, JsonFormat.@Nullable Value formatOverrides,
            @Nullable TypeSerializer elementTypeSerializer, @Nullable ValueSerializer<Object> elementValueSerializer) {
        return forType(type);
    }

    @Override
    public @Nullable ValueSerializer<?> findMapSerializer(SerializationConfig config, MapType type,
            BeanDescription.Supplier beanDescRef, JsonFormat.@Nullable Value formatOverrides,
            @Nullable ValueSerializer<Object> keySerializer, @Nullable TypeSerializer elementTypeSerializer,
            @Nullable ValueSerializer<Object> elementValueSerializer) {
        return forType(type);
    }

    @Override
    public @Nullable ValueSerializer<?> findMapLikeSerializer(SerializationConfig config, MapLikeType type,
            BeanDescription.Supplier beanDescRef, JsonFormat.@Nullable Value formatOverrides,
            @Nullable ValueSerializer<Object> keySerializer, @Nullable TypeSerializer elementTypeSerializer,
            @Nullable ValueSerializer<Object> elementValueSerializer) {
        return forType(type);
    }

    @Override
    public @Nullable ValueSerializer<?> findReferenceSerializer(SerializationConfig config, ReferenceType type,
            BeanDescription.Supplier beanDescRef, JsonFormat.@Nullable Value formatOverrides,
            @Nullable TypeSerializer contentTypeSerializer, @Nullable ValueSerializer<Object> contentValueSerializer) {
        return forType(type);
    }

    @Override
    public @Nullable ValueSerializer<?> findTreeNodeSerializer(SerializationConfig config, JavaType type,
            BeanDescription.Supplier beanDescRef, JsonFormat.@Nullable Value formatOverrides) {
        return forType(type);
    }
}
