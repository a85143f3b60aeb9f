package dev.proxystore.serialize;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.SerializationConfig;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.ser.ValueSerializerModifier;

/**
 * Refuses map keys that would not read back as themselves: where a map's key type is not declared (a raw map or a map
 * held as {@code Object}), JSON keys read back as strings, so only string keys may be written there.
 */
final class MapKeyGuard extends ValueSerializerModifier {

    private static final long serialVersionUID = 1L;

    @Override
    public ValueSerializer<?> modifyKeySerializer(SerializationConfig config, JavaType keyType,
            BeanDescription.Supplier beanDesc, ValueSerializer<?> serializer) {
        return keyType.isJavaLangObject() ? StringKeysOnly.INSTANCE : serializer;
    }

    private static final class StringKeysOnly extends ValueSerializer<Object> {

        static final StringKeysOnly INSTANCE = new StringKeysOnly();

        @Override
        public void serialize(Object key, JsonGenerator gen, SerializationContext ctxt) {
            if (!(key instanceof String name)) {
                throw new SerializationException("map key of " + key.getClass().getName()
                        + " would read back as a String: the map's key type is not declared (it is held as Object"
                        + " or nested in another collection); use String keys there, put the map itself, or hold"
                        + " it in a field declared with its key type");
            }
            gen.writeName(name);
        }
    }
}
