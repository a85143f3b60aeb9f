package dev.proxystore.serialize;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.SerializationConfig;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.jsontype.TypeSerializer;
import tools.jackson.databind.ser.ValueSerializerModifier;
import tools.jackson.databind.ser.std.DelegatingSerializer;
import tools.jackson.databind.ser.std.ReferenceTypeSerializer;

/**
 * Refuses reference types ({@code Optional}, {@code AtomicReference}) where the declared type does not say so: Jackson
 * writes just their content, which would read back unwrapped. In a field declared {@code Optional<T>} they are fine.
 */
final class ReferenceTypeGuard extends ValueSerializerModifier {

    private static final long serialVersionUID = 1L;

    @Override
    public ValueSerializer<?> modifySerializer(SerializationConfig config, BeanDescription.Supplier beanDesc,
            ValueSerializer<?> serializer) {
        return serializer instanceof ReferenceTypeSerializer ? new Guarded(serializer) : serializer;
    }

    private static final class Guarded extends DelegatingSerializer {

        Guarded(ValueSerializer<?> delegatee) {
            super(delegatee);
        }

        @Override
        protected ValueSerializer<Object> newDelegatingInstance(ValueSerializer<?> newDelegatee) {
            return new Guarded(newDelegatee);
        }

        @Override
        public void serializeWithType(Object value, JsonGenerator gen, SerializationContext ctxt,
                TypeSerializer typeSer) {
            JavaType declared = AllowListTypeResolverBuilder.declaredType(typeSer);
            if (declared != null && !declared.isReferenceType()) {
                throw new SerializationException(value.getClass().getTypeName() + " held as "
                        + declared.getRawClass().getName() + " would read back as its content only; hold it in a"
                        + " field declared as " + value.getClass().getSimpleName() + "<T>");
            }
            super.serializeWithType(value, gen, ctxt, typeSer);
        }
    }
}
