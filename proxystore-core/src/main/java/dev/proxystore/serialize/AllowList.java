package dev.proxystore.serialize;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides by class name alone which classes may be loaded and instantiated: a fixed set of JDK value types plus the
 * configured package prefixes. Names are checked before any class is looked up, so an untrusted class is never
 * loaded.
 */
final class AllowList implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Roots that must never be trusted wholesale through a prefix. */
    private static final List<String> FORBIDDEN_ROOTS = List.of("java", "javax", "jdk", "sun", "com.sun");

    private static final Pattern QUALIFIED_NAME =
            Pattern.compile("\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*"
                    + "(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*");

    private static final Set<String> JDK_TYPES = Set.of(
            "java.lang.String", "java.lang.Boolean", "java.lang.Byte", "java.lang.Short", "java.lang.Character",
            "java.lang.Integer", "java.lang.Long", "java.lang.Float", "java.lang.Double",
            "java.math.BigDecimal", "java.math.BigInteger",
            "java.util.UUID", "java.util.Date", "java.util.Locale", "java.util.Currency", "java.net.URI",
            "java.util.OptionalInt", "java.util.OptionalLong", "java.util.OptionalDouble",
            "java.util.ArrayList", "java.util.LinkedList", "java.util.Vector", "java.util.ArrayDeque",
            "java.util.PriorityQueue",
            "java.util.HashSet", "java.util.LinkedHashSet", "java.util.TreeSet", "java.util.EnumSet",
            "java.util.HashMap", "java.util.LinkedHashMap", "java.util.TreeMap", "java.util.Hashtable",
            "java.util.EnumMap",
            "java.util.concurrent.ConcurrentHashMap", "java.util.concurrent.ConcurrentSkipListMap",
            "java.util.concurrent.ConcurrentSkipListSet", "java.util.concurrent.CopyOnWriteArrayList",
            "java.util.concurrent.CopyOnWriteArraySet", "java.util.concurrent.ConcurrentLinkedQueue",
            "java.util.concurrent.ConcurrentLinkedDeque",
            "java.time.Duration", "java.time.Instant", "java.time.LocalDate", "java.time.LocalDateTime",
            "java.time.LocalTime", "java.time.MonthDay", "java.time.OffsetDateTime", "java.time.OffsetTime",
            "java.time.Period", "java.time.Year", "java.time.YearMonth", "java.time.ZonedDateTime",
            "java.time.ZoneId", "java.time.ZoneOffset", "java.time.DayOfWeek", "java.time.Month");

    /** Types that may appear as array elements or type parameters without being trusted as values. */
    private static final Set<String> ARRAY_ONLY_COMPONENTS = Set.of("java.lang.Object");

    private static final AllowList JDK_ONLY = new AllowList(List.of());

    private final List<String> prefixes;

    private AllowList(List<String> prefixes) {
        this.prefixes = List.copyOf(prefixes);
    }

    static AllowList jdkOnly() {
        return JDK_ONLY;
    }

    List<String> prefixes() {
        return prefixes;
    }

    /** A copy that also trusts {@code added}; {@link IllegalArgumentException} for an unsafe or malformed prefix. */
    AllowList with(List<String> added) {
        Set<String> all = new LinkedHashSet<>(prefixes);
        for (String prefix : added) {
            all.add(validatePrefix(prefix));
        }
        return all.size() == prefixes.size() ? this : new AllowList(new ArrayList<>(all));
    }

    private static String validatePrefix(String prefix) {
        if (prefix == null) {
            throw new IllegalArgumentException("package prefix must not be null");
        }
        String normalized = prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix;
        if (normalized.isEmpty() || !QUALIFIED_NAME.matcher(normalized).matches()) {
            throw new IllegalArgumentException("not a package or class name: '" + prefix + "'");
        }
        for (String root : FORBIDDEN_ROOTS) {
            if (isWithin(normalized, root) || isWithin(root, normalized)) {
                throw new IllegalArgumentException("package prefix '" + prefix
                        + "' would trust JDK internals (" + root + ".*); only JDK value types are trusted");
            }
        }
        return normalized;
    }

    /** Whether {@code name} is {@code scope} itself or lies in it as a subpackage or nested class. */
    private static boolean isWithin(String name, String scope) {
        return name.startsWith(scope)
                && (name.length() == scope.length()
                        || name.charAt(scope.length()) == '.' || name.charAt(scope.length()) == '$');
    }

    /**
     * Whether the class with this binary name (as {@link Class#getName()} spells it, arrays included) may be loaded
     * and instantiated.
     */
    boolean isTrusted(String name) {
        if (name.startsWith("[")) {
            return isTrustedArray(name);
        }
        return isTrustedClass(name);
    }

    /** How to make {@code name} trusted, for error messages. */
    static String howToTrust(String name) {
        for (String root : FORBIDDEN_ROOTS) {
            if (isWithin(name, root)) {
                return "JDK classes other than the built-in value types are never trusted";
            }
        }
        return "trust its package with DefaultSerializer.allowPackages (in Spring Boot:"
                + " proxystore.serializer.trusted-packages)";
    }

    /** A binary class name as source code spells it, for messages: {@code [B} is {@code byte[]}. */
    static String readable(String name) {
        int dimensions = 0;
        while (dimensions < name.length() && name.charAt(dimensions) == '[') {
            dimensions++;
        }
        if (dimensions == 0) {
            return name;
        }
        String component = name.substring(dimensions);
        String element = switch (component) {
            case "Z" -> "boolean";
            case "B" -> "byte";
            case "C" -> "char";
            case "S" -> "short";
            case "I" -> "int";
            case "J" -> "long";
            case "F" -> "float";
            case "D" -> "double";
            default -> component.startsWith("L") && component.endsWith(";")
                    ? component.substring(1, component.length() - 1) : component;
        };
        return element + "[]".repeat(dimensions);
    }

    /**
     * Whether a class with this name may be looked up: a trusted class, or {@code java.lang.Object}, which appears
     * as a type parameter (as in {@code java.util.EnumMap<a.Color,java.lang.Object>}) and instantiates nothing.
     */
    boolean isLoadable(String name) {
        return isTrusted(name) || ARRAY_ONLY_COMPONENTS.contains(name);
    }

    private boolean isTrustedClass(String name) {
        if (JDK_TYPES.contains(name)) {
            return true;
        }
        if (!QUALIFIED_NAME.matcher(name).matches()) {
            return false;
        }
        for (String prefix : prefixes) {
            if (isWithin(name, prefix)) {
                return true;
            }
        }
        return false;
    }

    private boolean isTrustedArray(String name) {
        int dims = 0;
        while (dims < name.length() && name.charAt(dims) == '[') {
            dims++;
        }
        String component = name.substring(dims);
        if (dims > 255 || component.isEmpty()) {
            return false;
        }
        if (component.length() == 1) {
            return "ZBCSIJFD".indexOf(component.charAt(0)) >= 0;
        }
        if (component.charAt(0) != 'L' || component.charAt(component.length() - 1) != ';') {
            return false;
        }
        String element = component.substring(1, component.length() - 1);
        return ARRAY_ONLY_COMPONENTS.contains(element) || isTrustedClass(element);
    }
}
