package dev.proxystore.serialize;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.List;

/** Converts between serializers and the {@link SerializerConfig} that re-creates them in another process. */
public final class Serializers {

    private Serializers() {
    }

    /**
     * The serializer {@code config} describes: for type {@code default} a {@link DefaultSerializer} trusting the
     * config's packages, otherwise a new instance of the named {@link Serializer} class, which needs a public
     * no-argument constructor. The class is checked to be a {@code Serializer} before it is initialized.
     * {@link SerializationException} if that is not possible.
     */
    public static Serializer fromConfig(SerializerConfig config) {
        if (SerializerConfig.DEFAULT_TYPE.equals(config.type())) {
            try {
                return DefaultSerializer.create().allowPackages(config.trustedPackages().toArray(String[]::new));
            } catch (IllegalArgumentException e) {
                throw new SerializationException("invalid trusted packages in serializer config: " + e.getMessage(),
                        e);
            }
        }
        return instantiate(config.type());
    }

    /** The config that re-creates {@code serializer} through {@link #fromConfig}. */
    public static SerializerConfig configOf(Serializer serializer) {
        if (serializer instanceof DefaultSerializer defaultSerializer) {
            return new SerializerConfig(SerializerConfig.DEFAULT_TYPE, defaultSerializer.trustedPackages());
        }
        return new SerializerConfig(serializer.getClass().getName(), List.of());
    }

    private static Serializer instantiate(String className) {
        Class<?> type = load(className);
        if (!Serializer.class.isAssignableFrom(type)) {
            throw new SerializationException("serializer class " + className + " does not implement "
                    + Serializer.class.getName());
        }
        if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
            throw new SerializationException("serializer class " + className + " is abstract");
        }
        try {
            return (Serializer) type.getConstructor().newInstance();
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new SerializationException("serializer class " + className
                    + " has no public no-argument constructor", e);
        } catch (InvocationTargetException e) {
            throw new SerializationException("serializer class " + className + " failed to construct",
                    e.getCause());
        } catch (InstantiationException | RuntimeException | LinkageError e) {
            throw new SerializationException("cannot instantiate serializer class " + className, e);
        }
    }

    private static Class<?> load(String className) {
        try {
            return ClassLookup.findWithoutInitializing(className);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new SerializationException("serializer class " + className + " not found", e);
        }
    }
}
