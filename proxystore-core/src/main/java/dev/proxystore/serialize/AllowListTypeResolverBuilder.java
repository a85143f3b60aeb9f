package dev.proxystore.serialize;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.DatabindContext;
import tools.jackson.databind.DefaultTyping;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.jsontype.NamedType;
import tools.jackson.databind.jsontype.PolymorphicTypeValidator;
import tools.jackson.databind.jsontype.TypeIdResolver;
import tools.jackson.databind.jsontype.TypeSerializer;
import tools.jackson.databind.jsontype.impl.ClassNameIdResolver;
import tools.jackson.databind.jsontype.impl.DefaultTypeResolverBuilder;

/**
 * Default typing for every non-final declared type, with class-name type ids restricted to the allow-list in both
 * directions: writing an untrusted or unreadable class fails at once, reading one is rejected by name.
 */
final class AllowListTypeResolverBuilder extends DefaultTypeResolverBuilder {

    private static final long serialVersionUID = 1L;

    private final AllowList allowList;

    AllowListTypeResolverBuilder(AllowList allowList, PolymorphicTypeValidator validator) {
        super(validator, DefaultTyping.NON_FINAL, JsonTypeInfo.As.WRAPPER_ARRAY);
        this.allowList = allowList;
    }

    private AllowListTypeResolverBuilder(AllowListTypeResolverBuilder base, Class<?> defaultImpl) {
        super(base, defaultImpl);
        this.allowList = base.allowList;
    }

    @Override
    public DefaultTypeResolverBuilder withDefaultImpl(Class<?> defaultImpl) {
        return _defaultImpl == defaultImpl ? this : new AllowListTypeResolverBuilder(this, defaultImpl);
    }

    @Override
    protected TypeIdResolver idResolver(DatabindContext ctxt, JavaType baseType,
            PolymorphicTypeValidator subtypeValidator, Collection<NamedType> subtypes, boolean forSer,
            boolean forDeser) {
        return new IdResolver(baseType, subtypes, subtypeValidator, allowList);
    }

    /** The declared type the type ids of {@code typeSerializer} are for, if it comes from this builder. */
    static @Nullable JavaType declaredType(TypeSerializer typeSerializer) {
        return typeSerializer.getTypeIdResolver() instanceof IdResolver resolver ? resolver.declaredType() : null;
    }

    private static final class IdResolver extends ClassNameIdResolver {

        private static final long serialVersionUID = 1L;

        private static final Pattern TYPE_ID_SEPARATORS = Pattern.compile("[<>,\\s]+");

        private final AllowList allowList;

        IdResolver(JavaType baseType, Collection<NamedType> subtypes, PolymorphicTypeValidator validator,
                AllowList allowList) {
            super(baseType, subtypes, validator);
            this.allowList = allowList;
        }

        JavaType declaredType() {
            return _baseType;
        }

        @Override
        protected String _idFrom(DatabindContext ctxt, @Nullable Object value, Class<?> cls) {
            // a serializer may ask for the id of a specific type (ZoneId for ZoneRegion, say): keep it
            Class<?> recorded = value == null || value.getClass() != cls
                    ? _resolveToParentAsNecessary(cls)
                    : RecordedTypes.recordedClass(value);
            String reason = RecordedTypes.unreadableReason(recorded);
            if (reason != null) {
                throw new SerializationException("cannot serialize " + recorded.getTypeName() + ": " + reason);
            }
            // Jackson names EnumSet and EnumMap together with their enum type, e.g. java.util.EnumSet<a.Color>
            String id = value instanceof EnumSet || value instanceof EnumMap
                    ? super._idFrom(ctxt, value, cls)
                    : recorded.getName();
            for (String name : TYPE_ID_SEPARATORS.split(id)) {
                if (!name.isEmpty() && !allowList.isLoadable(name)) {
                    throw new SerializationException("cannot serialize " + cls.getTypeName() + ": class "
                            + AllowList.readable(name)
                            + " is not trusted; " + AllowList.howToTrust(name));
                }
            }
            return id;
        }
    }
}
