package dev.proxystore.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proxystore.proxy.other.PackagePrivateTypes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ProxiesTest {

    interface Greeter {
        String greet(String name);

        default String greetAll(String... names) {
            return String.join(", ", names);
        }
    }

    static final class PoliteGreeter implements Greeter {
        @Override
        public String greet(String name) {
            return "Hello, " + name;
        }

        @Override
        public String greetAll(String... names) {
            return "Hello, " + String.join(" and ", names);
        }
    }

    static class Tracked {
        static final AtomicInteger CONSTRUCTED = new AtomicInteger();

        private final String name;

        Tracked(String name) {
            CONSTRUCTED.incrementAndGet();
            this.name = name;
        }

        public String name() {
            return name;
        }

        String packagePrivateName() {
            return "pp " + name;
        }

        protected String protectedName() throws IOException {
            if (name.isEmpty()) {
                throw new IOException("no name");
            }
            return "protected " + name;
        }
    }

    abstract static class Shape {
        abstract double area();

        protected abstract String unit();

        public String describe() {
            return getClass().getSimpleName() + " of area " + area();
        }
    }

    static final class Square extends Shape {
        private final double side;

        Square(double side) {
            this.side = side;
        }

        @Override
        double area() {
            return side * side;
        }

        @Override
        protected String unit() {
            return "m²";
        }
    }

    interface Box<T> {
        T get();

        void put(T value);
    }

    static class StringBox implements Box<String> {
        private String value = "";

        @Override
        public String get() {
            return value;
        }

        @Override
        public void put(String value) {
            this.value = value;
        }
    }

    static class Overloads {
        public String f(int x) {
            return "int " + x;
        }

        public String f(long x) {
            return "long " + x;
        }

        public String f(String x) {
            return "String " + x;
        }

        public String f(Object x) {
            return "Object " + x;
        }

        public int sum(int... xs) {
            int total = 0;
            for (int x : xs) {
                total += x;
            }
            return total;
        }
    }

    interface Reader {
        String read() throws IOException;
    }

    /** Equal by value, and only to instances of exactly this class. */
    static class Point {
        final int x;
        final int y;

        Point(int x, int y) {
            this.x = x;
            this.y = y;
        }

        @Override
        public boolean equals(Object o) {
            return o != null && o.getClass() == Point.class && ((Point) o).x == x && ((Point) o).y == y;
        }

        @Override
        public int hashCode() {
            return Objects.hash(x, y);
        }

        @Override
        public String toString() {
            return "Point(" + x + ", " + y + ")";
        }
    }

    static final class FinalThing {
    }

    record Pair(int a, int b) {
    }

    enum Color { RED }

    sealed interface Sealed permits SealedImpl {
    }

    static final class SealedImpl implements Sealed {
    }

    static class Finalizing {
        static final AtomicInteger FINALIZED = new AtomicInteger();

        @Override
        @SuppressWarnings({"deprecation", "removal"})
        protected void finalize() {
            FINALIZED.incrementAndGet();
        }
    }

    @Test
    void interfaceProxyForwardsCalls() {
        Greeter greeter = Proxies.create(Greeter.class, TestFactory.returning(new PoliteGreeter()));

        assertThat(greeter.greet("Ada")).isEqualTo("Hello, Ada");
        assertThat(greeter.greetAll("Ada", "Alan")).isEqualTo("Hello, Ada and Alan");
        assertThat(greeter).isNotInstanceOf(PoliteGreeter.class);
        assertThat(Proxies.isProxy(greeter)).isTrue();
        assertThat(Proxies.proxiedType(greeter)).isEqualTo(Greeter.class);
    }

    @Test
    void defaultInterfaceMethodsRunOnTheTarget() {
        Greeter target = name -> "Hi " + name;
        Greeter greeter = Proxies.create(Greeter.class, TestFactory.returning(target));

        assertThat(greeter.greetAll("a", "b")).isEqualTo("a, b");
    }

    @Test
    void classProxyIsCreatedWithoutRunningAConstructor() {
        TestFactory<Tracked> factory = TestFactory.of(() -> new Tracked("real"));
        int before = Tracked.CONSTRUCTED.get();

        Tracked proxy = Proxies.create(Tracked.class, factory);

        assertThat(Tracked.CONSTRUCTED.get()).isEqualTo(before);
        assertThat(proxy).isInstanceOf(Tracked.class);
        assertThat(proxy.name()).isEqualTo("real");
        assertThat(Tracked.CONSTRUCTED.get()).isEqualTo(before + 1);
        assertThat(proxy.packagePrivateName()).isEqualTo("pp real");
    }

    @Test
    void protectedMethodsAreForwardedAndKeepTheirCheckedExceptions() throws IOException {
        Tracked proxy = Proxies.create(Tracked.class, TestFactory.returning(new Tracked("x")), new Tracked("x"));
        assertThat(proxy.protectedName()).isEqualTo("protected x");

        Tracked nameless = Proxies.create(Tracked.class, TestFactory.returning(new Tracked("")));
        assertThatThrownBy(nameless::protectedName).isExactlyInstanceOf(IOException.class).hasMessage("no name");
    }

    @Test
    void abstractClassProxy() {
        Shape shape = Proxies.create(Shape.class, TestFactory.returning(new Square(3)));

        assertThat(shape.area()).isEqualTo(9.0);
        assertThat(shape.describe()).isEqualTo("Square of area 9.0");
        assertThat(shape.unit()).isEqualTo("m²");
    }

    @Test
    void packagePrivateTypesOfAnotherPackage() throws CloneNotSupportedException {
        Object classProxy = PackagePrivateTypes.hiddenClassProxy("h");
        Object interfaceProxy = PackagePrivateTypes.hiddenInterfaceProxy("i");

        assertThat(PackagePrivateTypes.callPackagePrivate(classProxy)).isEqualTo("package-private h");
        assertThat(PackagePrivateTypes.callProtected(classProxy)).isEqualTo("protected h");
        assertThat(classProxy).hasToString("Hidden h");
        assertThat(PackagePrivateTypes.callInterface(interfaceProxy)).isEqualTo("api of i");

        Object copy = PackagePrivateTypes.cloneOf(classProxy);
        assertThat(Proxies.isProxy(copy)).isFalse();
        assertThat(copy).isNotSameAs(Proxies.extract(classProxy)).hasToString("Hidden h");
    }

    @Test
    void finalizeNeverRunsOnTheProxy() {
        Finalizing target = new Finalizing();
        Finalizing proxy = Proxies.create(Finalizing.class, TestFactory.returning(target), target);

        invokeFinalize(proxy);

        assertThat(Finalizing.FINALIZED).hasValue(0);
    }

    @SuppressWarnings({"deprecation", "removal"})
    private static void invokeFinalize(Finalizing finalizing) {
        finalizing.finalize();
    }

    @Test
    void publicJdkCollectionClassesAreProxiedAsSubclasses() {
        ArrayList<Integer> list =
                Proxies.create(ArrayList.class, TestFactory.returning(new ArrayList<>(List.of(1, 2))));
        list.add(3);

        assertThat(list).containsExactly(1, 2, 3).isInstanceOf(ArrayList.class).isInstanceOf(RandomAccess.class);
        assertThat(Proxies.proxiedType(list)).isEqualTo(ArrayList.class);
        assertThat(Proxies.extract(list)).isInstanceOf(ArrayList.class).containsExactly(1, 2, 3);

        HashMap<String, Integer> map =
                Proxies.create(HashMap.class, TestFactory.returning(new HashMap<>(Map.of("a", 1))));
        map.merge("a", 1, Integer::sum);

        assertThat(map).containsExactlyEntriesOf(Map.of("a", 2));
        assertThat(Proxies.proxiedType(map)).isEqualTo(HashMap.class);
    }

    @Test
    void aJdkProxyFromAGenericMethodInferringTheClassIsAnInstanceOfIt() {
        ArrayList<Integer> value = new ArrayList<>(List.of(1, 2));

        // T is inferred as ArrayList<Integer>, and javac casts to it.
        ArrayList<Integer> asClass = proxyOf(value);
        List<Integer> asInterface = proxyOf(value);

        assertThat(Proxies.isProxy(asClass)).isTrue();
        assertThat(asClass).containsExactly(1, 2);
        assertThat(asInterface).containsExactly(1, 2);
    }

    private static <T> T proxyOf(T value) {
        @SuppressWarnings("unchecked")
        Class<T> type = (Class<T>) value.getClass();
        return Proxies.create(type, TestFactory.returning(value), value);
    }

    @Test
    void nonPublicFinalJdkClassesAreProxiedThroughTheirInterfaces() {
        List<Integer> immutable = List.of(1, 2, 3);

        List<Integer> proxy = proxyOf(immutable);

        assertThat(proxy).containsExactly(1, 2, 3);
        assertThat(Proxies.isProxiable(immutable.getClass())).isTrue();
    }

    @Test
    void nonProxiableTypes() {
        for (Class<?> type : List.of(FinalThing.class, Pair.class, Color.class, int[].class, String[].class,
                int.class, String.class, Integer.class, Sealed.class, Number.class)) {
            assertThat(Proxies.isProxiable(type)).as(type.getName()).isFalse();
            @SuppressWarnings("unchecked")
            Class<Object> anyType = (Class<Object>) type;
            assertThatThrownBy(() -> Proxies.create(anyType, TestFactory.returning(new Object())))
                    .as(type.getName())
                    .isInstanceOf(NonProxiableTypeException.class)
                    .hasMessageContaining(type.getTypeName())
                    .hasMessageContaining("ProxyOptions.withType");
        }
        assertThat(Proxies.isProxiable(Color.RED.getClass())).isFalse();
    }

    @Test
    void proxiableTypes() {
        for (Class<?> type : List.of(Greeter.class, Tracked.class, Shape.class, ArrayList.class, List.class,
                Object.class, Runnable.class, Overloads.class)) {
            assertThat(Proxies.isProxiable(type)).as(type.getName()).isTrue();
        }
    }

    @Test
    void equalsHashCodeAndToStringGoToTheTarget() {
        Point proxy = Proxies.create(Point.class, TestFactory.returning(new Point(1, 2)));
        Point other = Proxies.create(Point.class, TestFactory.returning(new Point(1, 2)));

        assertThat(proxy.equals(new Point(1, 2))).isTrue();
        assertThat(proxy.equals(new Point(2, 1))).isFalse();
        assertThat(proxy.equals(proxy)).isTrue();
        assertThat(proxy.equals(other)).isTrue();
        assertThat(proxy.hashCode()).isEqualTo(new Point(1, 2).hashCode());
        assertThat(proxy.toString()).isEqualTo("Point(1, 2)");
    }

    @Test
    void genericsBridgesOverloadsAndVarargs() {
        StringBox target = new StringBox();
        StringBox box = Proxies.create(StringBox.class, TestFactory.returning(target));
        @SuppressWarnings("unchecked")
        Box<Object> raw = (Box<Object>) (Box<?>) box;

        box.put("direct");
        assertThat(raw.get()).isEqualTo("direct");
        raw.put("through the bridge");
        assertThat(target.get()).isEqualTo("through the bridge");
        assertThatThrownBy(() -> raw.put(42)).isInstanceOf(ClassCastException.class);

        Overloads overloads = Proxies.create(Overloads.class, TestFactory.returning(new Overloads()));
        assertThat(overloads.f(1)).isEqualTo("int 1");
        assertThat(overloads.f(1L)).isEqualTo("long 1");
        assertThat(overloads.f("s")).isEqualTo("String s");
        assertThat(overloads.f((Object) "s")).isEqualTo("Object s");
        assertThat(overloads.sum()).isZero();
        assertThat(overloads.sum(1, 2, 3)).isEqualTo(6);
    }

    @Test
    void checkedExceptionsPropagateUnwrapped() {
        IOException failure = new IOException("disk on fire");
        Reader reader = Proxies.create(Reader.class, TestFactory.returning((Reader) () -> {
            throw failure;
        }));

        assertThatThrownBy(reader::read).isSameAs(failure);
    }

    @Test
    void proxyingAGeneratedClassUsesItsOriginalType() {
        Greeter first = Proxies.create(Greeter.class, TestFactory.returning(new PoliteGreeter()));
        @SuppressWarnings("unchecked")
        Class<Greeter> generated = (Class<Greeter>) first.getClass();

        Greeter second = Proxies.create(generated, TestFactory.returning(new PoliteGreeter()));

        assertThat(Proxies.proxiedType(second)).isEqualTo(Greeter.class);
        assertThat(second.getClass()).isSameAs(generated);
        assertThat(second.greet("B")).isEqualTo("Hello, B");
        assertThat(Proxies.isProxiable(generated)).isTrue();

        Tracked tracked = Proxies.create(Tracked.class, TestFactory.returning(new Tracked("t")));
        @SuppressWarnings("unchecked")
        Class<Tracked> trackedProxyClass = (Class<Tracked>) tracked.getClass();
        Tracked again = Proxies.create(trackedProxyClass, TestFactory.returning(new Tracked("u")));
        assertThat(Proxies.proxiedType(again)).isEqualTo(Tracked.class);
        assertThat(again.name()).isEqualTo("u");
    }

    @Test
    void generatedClassesAreCachedPerType() {
        Greeter a = Proxies.create(Greeter.class, TestFactory.returning(new PoliteGreeter()));
        Greeter b = Proxies.create(Greeter.class, TestFactory.returning(new PoliteGreeter()));

        assertThat(a.getClass()).isSameAs(b.getClass());
        assertThat(a.getClass().getName()).startsWith(Greeter.class.getName());
    }

    public static class Isolated {
        public String value() {
            return "isolated";
        }
    }

    /** Defines its own copy of one class, as an application or plugin class loader would. */
    static final class IsolatingLoader extends ClassLoader {
        private final String isolatedName;

        IsolatingLoader(ClassLoader parent, String isolatedName) {
            super(parent);
            this.isolatedName = isolatedName;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.equals(isolatedName)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null) {
                    try (var in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                        byte[] bytes = in.readAllBytes();
                        loaded = defineClass(name, bytes, 0, bytes.length);
                    }
                    catch (IOException | NullPointerException e) {
                        throw new ClassNotFoundException(name, e);
                    }
                }
                return loaded;
            }
        }
    }

    @Test
    void aTypeOfAnotherClassLoaderGetsItsProxyClassInThatLoader() throws Exception {
        ClassLoader loader = new IsolatingLoader(getClass().getClassLoader(), Isolated.class.getName());
        @SuppressWarnings("unchecked")
        Class<Object> type = (Class<Object>) Class.forName(Isolated.class.getName(), true, loader);
        Object target = type.getConstructor().newInstance();

        Object proxy = Proxies.create(type, TestFactory.returning(target));

        assertThat(type).isNotSameAs(Isolated.class);
        assertThat(proxy).isInstanceOf(type);
        assertThat(proxy.getClass().getClassLoader()).isSameAs(loader);
        assertThat(type.getMethod("value").invoke(proxy)).isEqualTo("isolated");
    }

    @Test
    void isProxyIsFalseForPlainObjectsAndNull() {
        assertThat(Proxies.isProxy(null)).isFalse();
        assertThat(Proxies.isProxy(new Object())).isFalse();
        assertThat(Proxies.isProxy(new ArrayList<>())).isFalse();
    }

    @Test
    void inspectingANonProxyIsAnIllegalArgument() {
        Object plain = new PoliteGreeter();

        assertThatThrownBy(() -> Proxies.isResolved(plain)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Proxies.resolve(plain)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Proxies.extract(plain)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Proxies.factoryOf(plain)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Proxies.proxiedType(plain)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTargetOfTheWrongTypeIsRejected() {
        @SuppressWarnings({"unchecked", "rawtypes"})
        Class<Object> greeterType = (Class) Greeter.class;

        assertThatThrownBy(() -> Proxies.create(greeterType, TestFactory.returning("text"), "text"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void extractNeverReturnsAProxy() {
        PoliteGreeter target = new PoliteGreeter();
        Greeter inner = Proxies.create(Greeter.class, TestFactory.returning(target));
        Greeter outer = Proxies.create(Greeter.class, TestFactory.returning(inner));
        Greeter populatedWithProxy = Proxies.create(Greeter.class, TestFactory.returning(inner), inner);

        assertThat(Proxies.extract(outer)).isSameAs(target);
        assertThat(Proxies.extract(populatedWithProxy)).isSameAs(target);
    }
}
