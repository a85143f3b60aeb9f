package dev.proxystore.jackson;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.cfg.MapperConfig;
import tools.jackson.databind.introspect.Annotated;
import tools.jackson.databind.introspect.AnnotatedClass;
import tools.jackson.databind.introspect.NopAnnotationIntrospector;

/**
 * Names {@link ProxyReferenceSerializer} as the serializer of every generated proxy class. Jackson consults
 * class-level {@code @JsonSerialize} (which a proxy class inherits from the class it extends) before the module's
 * {@link ProxySerializers}; without this, such an annotation would serialize, and so resolve, the proxy's target.
 */
final class ProxyAnnotationIntrospector extends NopAnnotationIntrospector {

    private static final long serialVersionUID = 1L;

    @Override
    public @Nullable Object findSerializer(MapperConfig<?> config, Annotated annotated) {
        if (annotated instanceof AnnotatedClass type && ProxySerializers.isProxyClass(type.getRawType())) {
            return ProxyReferenceSerializer.INSTANCE;
        }
        return null;
    }
}
