package dev.proxystore.serialize;

import java.lang.reflect.Modifier;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/** Which class a value is recorded as in the envelope header and in type ids. */
final class RecordedTypes {

    private RecordedTypes() {
    }

    /**
     * The class to record for {@code value}: its own class, except that JDK classes outside the allow-list (the
     * immutables of {@code List.of}, {@code Collections.unmodifiableMap}, {@code Arrays.asList}, views such as
     * {@code keySet()}...) are recorded as a public trusted type that reads back as an equal collection, and enum
     * constants with a body as their enum.
     */
    static Class<?> recordedClass(Object value) {
        if (value instanceof Enum<?> constant) {
            return constant.getDeclaringClass();
        }
        Class<?> type = value.getClass();
        if (!type.getName().startsWith("java.") || AllowList.jdkOnly().isTrusted(type.getName())) {
            return type;
        }
        if (value instanceof EnumSet) {
            return EnumSet.class;
        }
        if (value instanceof EnumMap) {
            return EnumMap.class;
        }
        if (value instanceof SortedMap) {
            return TreeMap.class;
        }
        if (value instanceof Map) {
            return LinkedHashMap.class;
        }
        if (value instanceof SortedSet) {
            return TreeSet.class;
        }
        if (value instanceof Set) {
            return LinkedHashSet.class;
        }
        if (value instanceof Collection) {
            return ArrayList.class;
        }
        if (value instanceof ZoneId) {
            return ZoneId.class;
        }
        return type;
    }

    /** Why instances of {@code type} could be written but never read back, or null if they can be. */
    static @Nullable String unreadableReason(Class<?> type) {
        if (type.isAnonymousClass() || type.isLocalClass() || type.isSynthetic() || type.isHidden()) {
            return "it is an anonymous, local, synthetic or hidden class";
        }
        if (type == Optional.class) {
            return "an Optional only keeps its wrapper in a field declared as Optional";
        }
        if (type.isMemberClass() && !Modifier.isStatic(type.getModifiers())) {
            return "it is a non-static inner class";
        }
        return null;
    }
}
