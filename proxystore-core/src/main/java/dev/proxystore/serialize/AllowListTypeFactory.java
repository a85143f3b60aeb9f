package dev.proxystore.serialize;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.type.TypeFactory;
import tools.jackson.databind.type.TypeModifier;
import tools.jackson.databind.util.ArrayBuilders;
import tools.jackson.databind.util.LookupCache;
import tools.jackson.databind.util.SimpleLookupCache;

/**
 * A type factory that refuses to look up classes the allow-list does not trust. Every class Jackson resolves from a
 * name (type ids, generic type parameters inside ids, {@code Class} values) passes through here, so an untrusted name
 * is rejected before the class is loaded.
 */
final class AllowListTypeFactory extends TypeFactory {

    private static final long serialVersionUID = 1L;

    private final AllowList allowList;

    AllowListTypeFactory(AllowList allowList) {
        this(allowList, new SimpleLookupCache<>(16, DEFAULT_MAX_CACHE_SIZE), null, null);
    }

    private AllowListTypeFactory(AllowList allowList, LookupCache<Object, JavaType> cache,
            TypeModifier @Nullable [] modifiers, @Nullable ClassLoader classLoader) {
        super(cache, modifiers, classLoader);
        this.allowList = allowList;
    }

    @Override
    public TypeFactory snapshot() {
        return new AllowListTypeFactory(allowList, _typeCache.snapshot(), _modifiers, _classLoader);
    }

    @Override
    public TypeFactory withModifier(TypeModifier mod) {
        if (mod == null) {
            return new AllowListTypeFactory(allowList, _typeCache.emptyCopy(), null, _classLoader);
        }
        if (_modifiers == null) {
            return new AllowListTypeFactory(allowList, _typeCache.emptyCopy(), new TypeModifier[] {mod}, _classLoader);
        }
        return new AllowListTypeFactory(allowList, _typeCache, ArrayBuilders.insertInListNoDup(_modifiers, mod),
                _classLoader);
    }

    @Override
    public TypeFactory withClassLoader(ClassLoader classLoader) {
        return new AllowListTypeFactory(allowList, _typeCache, _modifiers, classLoader);
    }

    @Override
    public TypeFactory withCache(LookupCache<Object, JavaType> cache) {
        return new AllowListTypeFactory(allowList, cache, _modifiers, _classLoader);
    }

    @Override
    protected Class<?> classForName(String name, boolean initialize, ClassLoader loader)
            throws ClassNotFoundException {
        checkTrusted(name);
        return super.classForName(name, initialize, loader);
    }

    @Override
    protected Class<?> classForName(String name) throws ClassNotFoundException {
        checkTrusted(name);
        return super.classForName(name);
    }

    private void checkTrusted(String name) throws ClassNotFoundException {
        if (!allowList.isLoadable(name)) {
            throw new ClassNotFoundException("class " + name + " is not trusted by the serializer");
        }
    }
}
