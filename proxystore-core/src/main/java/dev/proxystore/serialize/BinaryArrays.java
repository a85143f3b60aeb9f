package dev.proxystore.serialize;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.type.WritableTypeId;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.jdk.PrimitiveArrayDeserializers;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.jsontype.TypeDeserializer;
import tools.jackson.databind.jsontype.TypeSerializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * Primitive arrays inside objects as base64 of their little-endian element bytes instead of JSON numbers: a field
 * holding a large {@code double[]} costs a bulk copy and base64, not text formatting and parsing of every element.
 * Arrays written as JSON numbers still read.
 */
final class BinaryArrays {

    private static final Class<?>[] TYPES = {
        double[].class, long[].class, int[].class, float[].class, short[].class, char[].class
    };

    private BinaryArrays() {
    }

    static SimpleModule module() {
        SimpleModule module = new SimpleModule("proxystore-binary-arrays");
        for (Class<?> type : TYPES) {
            module.addSerializer(new ArraySerializer(type));
            addDeserializer(module, type);
        }
        return module;
    }

    private static <T> void addDeserializer(SimpleModule module, Class<T> type) {
        @SuppressWarnings("unchecked")
        ValueDeserializer<T> deserializer = (ValueDeserializer<T>) new ArrayDeserializer(type);
        module.addDeserializer(type, deserializer);
    }

    private static byte[] bytesOf(Object array) {
        byte format = PrimitiveArrays.formatOf(array);
        byte[] bytes = new byte[Math.multiplyExact(PrimitiveArrays.length(array, format),
                PrimitiveArrays.elementSize(format))];
        PrimitiveArrays.encode(array, format, bytes, 0);
        return bytes;
    }

    private static final class ArraySerializer extends StdSerializer<Object> {

        ArraySerializer(Class<?> type) {
            super(type);
        }

        @Override
        public void serialize(Object value, JsonGenerator g, SerializationContext ctxt) throws JacksonException {
            byte[] bytes = bytesOf(value);
            g.writeBinary(ctxt.getConfig().getBase64Variant(), bytes, 0, bytes.length);
        }

        @Override
        public void serializeWithType(Object value, JsonGenerator g, SerializationContext ctxt,
                TypeSerializer typeSer) throws JacksonException {
            WritableTypeId typeId = typeSer.writeTypePrefix(g, ctxt,
                    typeSer.typeId(value, JsonToken.VALUE_EMBEDDED_OBJECT));
            serialize(value, g, ctxt);
            typeSer.writeTypeSuffix(g, ctxt, typeId);
        }
    }

    private static final class ArrayDeserializer extends StdScalarDeserializer<Object> {

        private final byte format;
        private final ValueDeserializer<?> numbers;

        ArrayDeserializer(Class<?> type) {
            super(type);
            this.format = PrimitiveArrays.formatOf(java.lang.reflect.Array.newInstance(type.getComponentType(), 0));
            this.numbers = PrimitiveArrayDeserializers.forType(type.getComponentType());
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws JacksonException {
            if (p.currentToken() == JsonToken.START_ARRAY) {
                return numbers.deserialize(p, ctxt);
            }
            if (p.currentToken() != JsonToken.VALUE_STRING && p.currentToken() != JsonToken.VALUE_EMBEDDED_OBJECT) {
                return ctxt.handleUnexpectedToken(handledType(), p);
            }
            byte[] bytes = p.getBinaryValue(ctxt.getBase64Variant());
            Object array = PrimitiveArrays.decode(format, bytes, 0, bytes.length);
            if (array == null) {
                return ctxt.handleWeirdStringValue(handledType(), "(base64)",
                        "%d bytes are not a whole number of elements", bytes.length);
            }
            return array;
        }

        @Override
        public Object deserializeWithType(JsonParser p, DeserializationContext ctxt, TypeDeserializer typeDeserializer)
                throws JacksonException {
            return typeDeserializer.deserializeTypedFromAny(p, ctxt);
        }
    }
}
