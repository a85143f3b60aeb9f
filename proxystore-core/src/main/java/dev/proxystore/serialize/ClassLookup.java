package dev.proxystore.serialize;

/** Finds classes by name without initializing them: the context class loader first, then this library's. */
final class ClassLookup {

    private ClassLookup() {
    }

    static Class<?> findWithoutInitializing(String name) throws ClassNotFoundException {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null) {
            try {
                return Class.forName(name, false, context);
            } catch (ClassNotFoundException e) {
                // fall through to this library's loader
            }
        }
        return Class.forName(name, false, ClassLookup.class.getClassLoader());
    }
}
