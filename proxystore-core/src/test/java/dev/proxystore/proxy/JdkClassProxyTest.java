package dev.proxystore.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proxystore.connector.LocalConnector;
import dev.proxystore.jackson.ProxyStoreJacksonModule;
import dev.proxystore.proxy.NonProxiableTypeException;
import dev.proxystore.store.ProxyOptions;
import dev.proxystore.store.Store;
import dev.proxystore.store.StoreRegistry;
import dev.proxystore.testing.JavaSerialization;
import java.io.Serializable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.math.BigInteger;
import java.util.AbstractCollection;
import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.AbstractQueue;
import java.util.AbstractSequentialList;
import java.util.AbstractSet;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Date;
import java.util.Deque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.Stack;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.Vector;
import java.util.WeakHashMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Proxies of public JDK collection and map classes are subclasses of those classes, so they are instances of
 * whatever type javac infers, and the JDK's own code treats them like the target. Every behavior is checked on a
 * proxy that starts resolved to its target and on one that resolves from the store on first use.
 */
class JdkClassProxyTest {

    enum Kind {
        /** Resolved to the very object that was stored. */
        POPULATED,
        /** Unresolved: the first call reads a copy back from the store. */
        FROM_STORE
    }

    private final Store store = Store.builder("jdk-class-proxy-test", new LocalConnector()).build();

    @AfterEach
    void close() {
        store.close();
    }

    private <T> T proxy(T value, Kind kind) {
        T proxy = store.proxy(value, ProxyOptions.defaults().withPopulateTarget(kind == Kind.POPULATED));
        assertThat(Proxies.isProxy(proxy)).isTrue();
        assertThat(Proxies.isResolved(proxy)).isEqualTo(kind == Kind.POPULATED);
        return proxy;
    }

    private static <T> T same(T value) {
        return value;
    }

    private static ArrayList<Integer> arrayList() {
        return new ArrayList<>(List.of(3, 1, 2));
    }

    private static LinkedList<Integer> linkedList() {
        return new LinkedList<>(List.of(3, 1, 2));
    }

    private static ArrayDeque<Integer> arrayDeque() {
        return new ArrayDeque<>(List.of(3, 1, 2));
    }

    private static HashSet<String> hashSet() {
        return new HashSet<>(List.of("b", "a", "c"));
    }

    private static HashMap<String, Integer> hashMap() {
        return new HashMap<>(Map.of("b", 2, "a", 1, "c", 3));
    }

    private static LinkedHashMap<String, Integer> linkedHashMap() {
        LinkedHashMap<String, Integer> map = new LinkedHashMap<>();
        map.put("z", 26);
        map.put("a", 1);
        map.put("m", 13);
        return map;
    }

    private static TreeMap<String, Integer> treeMap() {
        return new TreeMap<>(Map.of("b", 2, "a", 1, "c", 3));
    }

    /** The seven classes of the issue, each as a proxy of {@code kind} paired with an equal plain instance. */
    private List<Object[]> proxiesAndCopies(Kind kind) {
        ArrayList<Integer> list = proxy(arrayList(), kind);
        LinkedList<Integer> linked = proxy(linkedList(), kind);
        ArrayDeque<Integer> deque = proxy(arrayDeque(), kind);
        HashSet<String> set = proxy(hashSet(), kind);
        HashMap<String, Integer> map = proxy(hashMap(), kind);
        LinkedHashMap<String, Integer> linkedMap = proxy(linkedHashMap(), kind);
        TreeMap<String, Integer> sorted = proxy(treeMap(), kind);
        return List.of(
                new Object[] {list, arrayList()},
                new Object[] {linked, linkedList()},
                new Object[] {deque, arrayDeque()},
                new Object[] {set, hashSet()},
                new Object[] {map, hashMap()},
                new Object[] {linkedMap, linkedHashMap()},
                new Object[] {sorted, treeMap()});
    }

    // ------------------------------------------------------------------------------------------- inferred types

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aProxyIsAnInstanceOfTheTypeJavacInfers(Kind kind) {
        ArrayList<Integer> list = proxy(arrayList(), kind);
        var map = proxy(hashMap(), kind);

        // Each of these makes javac cast to ArrayList or HashMap.
        Map<String, ArrayList<Integer>> data = Map.of("data", proxy(arrayList(), kind));
        ArrayList<Integer> passedThrough = same(proxy(arrayList(), kind));
        int size = same(proxy(linkedList(), kind)).size();
        HashMap<String, Integer> fromMap = same(map);

        assertThat(list).isInstanceOf(ArrayList.class).containsExactly(3, 1, 2);
        assertThat(data.get("data")).isInstanceOf(ArrayList.class).containsExactly(3, 1, 2);
        assertThat(passedThrough).containsExactly(3, 1, 2);
        assertThat(size).isEqualTo(3);
        assertThat(fromMap).isSameAs(map).containsEntry("a", 1);
        assertThat(Proxies.isProxy(data.get("data"))).isTrue();
        assertThat(Proxies.proxiedType(list)).isEqualTo(ArrayList.class);
        assertThat(Proxies.proxiedType(map)).isEqualTo(HashMap.class);

        LinkedList<Integer> linked = proxy(linkedList(), kind);
        ArrayDeque<Integer> deque = proxy(arrayDeque(), kind);
        HashSet<String> set = proxy(hashSet(), kind);
        LinkedHashMap<String, Integer> linkedMap = proxy(linkedHashMap(), kind);
        TreeMap<String, Integer> sorted = proxy(treeMap(), kind);
        assertThat(List.<Object>of(linked, deque, set, linkedMap, sorted))
                .allSatisfy(proxy -> assertThat(Proxies.isProxy(proxy)).isTrue());
        assertThat(linked.getFirst()).isEqualTo(3);
        assertThat(deque.peekLast()).isEqualTo(2);
        assertThat(set.contains("a")).isTrue();
        assertThat(linkedMap.get("m")).isEqualTo(13);
        assertThat(sorted.firstKey()).isEqualTo("a");
    }

    @Test
    void proxiesCreatedForAJdkClassAreSubclassesOfIt() {
        ArrayList<Integer> list = Proxies.create(ArrayList.class, TestFactory.returning(arrayList()));
        TreeMap<String, Integer> map = Proxies.create(TreeMap.class, TestFactory.returning(treeMap()));

        assertThat(list.getClass().getSuperclass()).isEqualTo(ArrayList.class);
        assertThat(list.getClass().getPackageName()).isEqualTo(ProxyObject.class.getPackageName());
        assertThat(list.getClass().getName()).contains("$$ProxyStore$$");
        assertThat(map.getClass().getSuperclass()).isEqualTo(TreeMap.class);
        assertThat(Proxies.create(ArrayList.class, TestFactory.returning(arrayList())).getClass())
                .isSameAs(list.getClass());
        assertThat(list).containsExactly(3, 1, 2);
        assertThat(map).containsOnlyKeys("a", "b", "c");
    }

    // ------------------------------------------------------------------------------------ equality and hashing

    @ParameterizedTest
    @EnumSource(Kind.class)
    void equalityHoldsBothWaysAndHashCodesAgree(Kind kind) {
        for (Object[] pair : proxiesAndCopies(kind)) {
            Object proxy = pair[0];
            Object copy = pair[1];
            if (copy instanceof ArrayDeque<?>) {
                // ArrayDeque keeps Object's identity equality: the proxy equals its own target only.
                assertThat(proxy.equals(Proxies.extract(proxy))).isTrue();
                assertThat(proxy.equals(copy)).isFalse();
                assertThat(proxy.hashCode()).isEqualTo(Proxies.extract(proxy).hashCode());
                continue;
            }
            assertThat(proxy.equals(copy)).as("proxy.equals(copy) for %s", copy.getClass()).isTrue();
            assertThat(copy.equals(proxy)).as("copy.equals(proxy) for %s", copy.getClass()).isTrue();
            assertThat(proxy.hashCode()).as("hashCode of %s", copy.getClass()).isEqualTo(copy.hashCode());
            assertThat(proxy.equals(proxy)).isTrue();
            assertThat(Objects.equals(copy, proxy) && Objects.equals(proxy, copy)).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aProxyWorksAsAHashSetElementAndAHashMapKey(Kind kind) {
        ArrayList<Integer> list = proxy(arrayList(), kind);
        HashMap<String, Integer> map = proxy(hashMap(), kind);
        ArrayDeque<Integer> deque = proxy(arrayDeque(), kind);

        Set<Object> set = new HashSet<>(List.of(list, map, deque));
        Map<Object, String> keys = new HashMap<>();
        keys.put(list, "list");
        keys.put(map, "map");

        assertThat(set).contains(arrayList(), hashMap(), list, map, deque).hasSize(3);
        assertThat(new HashSet<>(List.of(arrayList())).contains(list)).isTrue();
        assertThat(keys.get(arrayList())).isEqualTo("list");
        assertThat(keys.get(hashMap())).isEqualTo("map");
        assertThat(keys.get(list)).isEqualTo("list");
        assertThat(Map.of(arrayList(), "plain").get(list)).isEqualTo("plain");
    }

    // -------------------------------------------------------------------------------------- iteration and views

    @ParameterizedTest
    @EnumSource(Kind.class)
    void iterationFollowsTheTargetsOrder(Kind kind) {
        ArrayList<Integer> list = proxy(arrayList(), kind);
        LinkedList<Integer> linked = proxy(linkedList(), kind);
        ArrayDeque<Integer> deque = proxy(arrayDeque(), kind);
        HashSet<String> set = proxy(hashSet(), kind);
        HashMap<String, Integer> map = proxy(hashMap(), kind);
        LinkedHashMap<String, Integer> linkedMap = proxy(linkedHashMap(), kind);
        TreeMap<String, Integer> sorted = proxy(treeMap(), kind);

        List<Integer> seen = new ArrayList<>();
        for (int i : list) {
            seen.add(i);
        }
        assertThat(seen).containsExactly(3, 1, 2);
        assertThat(iterate(linked)).containsExactly(3, 1, 2);
        assertThat(iterate(linked.descendingIterator())).containsExactly(2, 1, 3);
        assertThat(iterate(deque)).containsExactly(3, 1, 2);
        assertThat(iterate(set)).containsExactlyInAnyOrder("a", "b", "c")
                .containsExactlyElementsOf(iterate(Proxies.extract(set)));
        assertThat(iterate(map.keySet())).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(iterate(linkedMap.keySet())).containsExactly("z", "a", "m");
        assertThat(iterate(linkedMap.values())).containsExactly(26, 1, 13);
        assertThat(iterate(sorted.keySet())).containsExactly("a", "b", "c");
        assertThat(iterate(sorted.descendingMap().keySet())).containsExactly("c", "b", "a");
        assertThat(sorted.headMap("c")).containsOnlyKeys("a", "b");

        List<String> forEach = new ArrayList<>();
        linkedMap.forEach((k, v) -> forEach.add(k + v));
        assertThat(forEach).containsExactly("z26", "a1", "m13");

        Iterator<Integer> it = list.iterator();
        it.next();
        it.remove();
        assertThat(Proxies.extract(list)).containsExactly(1, 2);
        list.subList(0, 1).clear();
        assertThat(Proxies.extract(list)).containsExactly(2);
    }

    private static <T> List<T> iterate(Iterable<T> iterable) {
        return iterate(iterable.iterator());
    }

    private static <T> List<T> iterate(Iterator<T> iterator) {
        List<T> out = new ArrayList<>();
        iterator.forEachRemaining(out::add);
        return out;
    }

    // ---------------------------------------------------------------------------------------------- Collections

    @ParameterizedTest
    @EnumSource(Kind.class)
    void collectionsUtilitiesSeeTheTarget(Kind kind) {
        ArrayList<Integer> list = proxy(arrayList(), kind);
        LinkedList<Integer> linked = proxy(linkedList(), kind);
        HashSet<String> set = proxy(hashSet(), kind);
        TreeMap<String, Integer> sorted = proxy(treeMap(), kind);

        assertThat(Collections.unmodifiableList(list)).containsExactly(3, 1, 2).isEqualTo(arrayList());
        assertThat(Collections.unmodifiableMap(sorted)).isEqualTo(treeMap());
        assertThat(Collections.unmodifiableSet(set)).isEqualTo(hashSet());
        assertThat(Collections.synchronizedList(list)).containsExactly(3, 1, 2);
        assertThat(Collections.max(list)).isEqualTo(3);
        assertThat(Collections.min(set)).isEqualTo("a");
        assertThat(Collections.max(sorted.entrySet(), Map.Entry.comparingByValue()).getKey()).isEqualTo("c");
        assertThat(Collections.frequency(linked, 1)).isEqualTo(1);
        assertThat(Collections.disjoint(list, List.of(7, 8))).isTrue();
        assertThat(Collections.nCopies(2, list)).containsExactly(arrayList(), arrayList());
        assertThat(List.copyOf(list)).containsExactly(3, 1, 2);
        assertThat(Set.copyOf(set)).isEqualTo(hashSet());
        assertThat(Map.copyOf(sorted)).isEqualTo(treeMap());
        assertThat(String.join(",", linked.stream().map(String::valueOf).toList())).isEqualTo("3,1,2");

        Collections.reverse(linked);
        assertThat(Proxies.extract(linked)).containsExactly(2, 1, 3);
        Collections.addAll(list, 5, 4);
        assertThat(Proxies.extract(list)).containsExactly(3, 1, 2, 5, 4);
        Collections.sort(list);
        assertThat(Proxies.extract(list)).containsExactly(1, 2, 3, 4, 5);
        assertThat(Collections.binarySearch(list, 4)).isEqualTo(3);
        Collections.swap(list, 0, 4);
        assertThat(Proxies.extract(list)).containsExactly(5, 2, 3, 4, 1);
        Collections.shuffle(list, new Random(7));
        assertThat(Proxies.extract(list)).containsExactlyInAnyOrder(1, 2, 3, 4, 5);
        Collections.fill(linked, 0);
        assertThat(Proxies.extract(linked)).containsExactly(0, 0, 0);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void sortingAProxyInPlaceSortsItsTarget(Kind kind) {
        ArrayList<Integer> list = proxy(arrayList(), kind);
        LinkedList<Integer> linked = proxy(linkedList(), kind);

        Collections.sort(list);
        assertThat(list).containsExactly(1, 2, 3);
        list.sort(Comparator.reverseOrder());
        linked.sort(null);

        ArrayList<Integer> target = Proxies.extract(list);
        assertThat(target).isNotInstanceOf(ProxyObject.class).containsExactly(3, 2, 1);
        assertThat(Proxies.extract(linked)).containsExactly(1, 2, 3);
        list.replaceAll(i -> i * 10);
        list.removeIf(i -> i == 20);
        assertThat(target).containsExactly(30, 10);
        assertThat(list).isEqualTo(List.of(30, 10));
    }

    // -------------------------------------------------------------------------------------------------- streams

    @ParameterizedTest
    @EnumSource(Kind.class)
    void streamsReadTheTarget(Kind kind) {
        ArrayList<Integer> list = proxy(arrayList(), kind);
        ArrayDeque<Integer> deque = proxy(arrayDeque(), kind);
        HashSet<String> set = proxy(hashSet(), kind);
        LinkedHashMap<String, Integer> linkedMap = proxy(linkedHashMap(), kind);
        TreeMap<String, Integer> sorted = proxy(treeMap(), kind);

        assertThat(list.stream().map(i -> i * 2).toList()).containsExactly(6, 2, 4);
        assertThat(list.parallelStream().mapToInt(Integer::intValue).sum()).isEqualTo(6);
        assertThat(StreamSupport.stream(list.spliterator(), false).count()).isEqualTo(3);
        assertThat(StreamSupport.stream(deque.spliterator(), false).toList()).containsExactly(3, 1, 2);
        assertThat(deque.stream().reduce(0, Integer::sum)).isEqualTo(6);
        assertThat(set.stream().sorted().collect(Collectors.joining())).isEqualTo("abc");
        assertThat(linkedMap.entrySet().stream().map(Map.Entry::getKey).toList()).containsExactly("z", "a", "m");
        assertThat(sorted.values().stream().toList()).containsExactly(1, 2, 3);
        assertThat(linkedMap.keySet().spliterator().estimateSize()).isEqualTo(3);
    }

    // ------------------------------------------------------------------------------------- JDK bulk operations

    @ParameterizedTest
    @EnumSource(Kind.class)
    void copyConstructorsAndBulkOperationsReadTheTarget(Kind kind) {
        ArrayList<Integer> list = proxy(arrayList(), kind);
        LinkedList<Integer> linked = proxy(linkedList(), kind);
        ArrayDeque<Integer> deque = proxy(arrayDeque(), kind);
        HashSet<String> set = proxy(hashSet(), kind);
        HashMap<String, Integer> map = proxy(hashMap(), kind);
        LinkedHashMap<String, Integer> linkedMap = proxy(linkedHashMap(), kind);

        // ArrayList(Collection) and addAll read toArray(); the fast path for exact ArrayLists is not taken.
        assertThat(new ArrayList<>(list)).containsExactly(3, 1, 2);
        ArrayList<Integer> into = new ArrayList<>(List.of(0));
        into.addAll(list);
        into.addAll(1, linked);
        assertThat(into).containsExactly(0, 3, 1, 2, 3, 1, 2);
        assertThat(new LinkedList<>(deque)).containsExactly(3, 1, 2);
        assertThat(new ArrayDeque<>(list)).containsExactly(3, 1, 2);
        assertThat(new Vector<>(list)).containsExactly(3, 1, 2);
        assertThat(new PriorityQueue<>(list).poll()).isEqualTo(1);
        assertThat(new TreeSet<>(set)).containsExactly("a", "b", "c");
        assertThat(new HashSet<>(list)).containsExactlyInAnyOrder(1, 2, 3);
        Set<String> grown = new HashSet<>(Set.of("x"));
        grown.addAll(set);
        assertThat(grown).containsExactlyInAnyOrder("a", "b", "c", "x");

        assertThat(new HashMap<>(map)).isEqualTo(hashMap());
        assertThat(new LinkedHashMap<>(linkedMap).keySet()).containsExactly("z", "a", "m");
        Map<String, Integer> merged = new HashMap<>(Map.of("q", 0));
        merged.putAll(map);
        merged.putAll(linkedMap);
        assertThat(merged).containsOnlyKeys("q", "a", "b", "c", "z", "m");
        assertThat(new TreeMap<>(map).firstKey()).isEqualTo("a");
        assertThat(new ConcurrentHashMap<>(map)).isEqualTo(hashMap());

        ArrayList<Integer> others = new ArrayList<>(List.of(1, 2, 3, 4));
        assertThat(others.containsAll(list)).isTrue();
        others.removeAll(linked);
        assertThat(others).containsExactly(4);
        List<Integer> kept = new ArrayList<>(List.of(1, 5, 3));
        kept.retainAll(deque);
        assertThat(kept).containsExactly(1, 3);
        assertThat(list.containsAll(Proxies.extract(linked))).isTrue();
        assertThat(list.toArray(new Integer[0])).containsExactly(3, 1, 2);
    }

    @Test
    void aTreeMapCopiedFromAProxyKeepsItsComparator() {
        TreeMap<String, Integer> reversed = new TreeMap<>(Comparator.reverseOrder());
        reversed.putAll(Map.of("a", 1, "b", 2, "c", 3));
        TreeMap<String, Integer> unresolved = Proxies.create(TreeMap.class, TestFactory.returning(reversed));
        TreeMap<String, Integer> populated = Proxies.create(TreeMap.class, TestFactory.returning(reversed), reversed);

        for (TreeMap<String, Integer> proxy : List.of(unresolved, populated)) {
            // TreeMap(SortedMap) takes the comparator and builds from the entries of the argument
            TreeMap<String, Integer> copy = new TreeMap<>(proxy);
            assertThat(copy.comparator()).isEqualTo(Comparator.reverseOrder());
            assertThat(copy.keySet()).containsExactly("c", "b", "a");
            TreeMap<String, Integer> sameOrder = new TreeMap<>(Comparator.<String>reverseOrder());
            sameOrder.putAll(proxy);
            assertThat(sameOrder.keySet()).containsExactly("c", "b", "a");
            assertThat(new TreeMap<>((Map<String, Integer>) proxy).keySet()).containsExactly("a", "b", "c");
            assertThat(new TreeSet<>(proxy.navigableKeySet()).comparator()).isEqualTo(Comparator.reverseOrder());
            assertThat(proxy.comparator()).isEqualTo(Comparator.reverseOrder());
            assertThat(copy).isEqualTo(proxy);
            assertThat(proxy).isEqualTo(copy);
        }
    }

    // ------------------------------------------------------------------------------------ toString and clone

    @ParameterizedTest
    @EnumSource(Kind.class)
    void toStringAndCloneGoToTheTarget(Kind kind) {
        for (Object[] pair : proxiesAndCopies(kind)) {
            Object proxy = pair[0];
            Object copy = pair[1];
            if (!(copy instanceof HashSet<?> || copy instanceof HashMap<?, ?>)) {
                assertThat(proxy.toString()).isEqualTo(copy.toString());
            }
            assertThat(String.valueOf(proxy)).isEqualTo(Proxies.extract(proxy).toString());
        }

        ArrayList<Integer> list = proxy(arrayList(), kind);
        @SuppressWarnings("unchecked")
        ArrayList<Integer> clone = (ArrayList<Integer>) list.clone();
        assertThat(Proxies.isProxy(clone)).isFalse();
        assertThat(clone).isExactlyInstanceOf(ArrayList.class).containsExactly(3, 1, 2).isNotSameAs(
                Proxies.extract(list));
        clone.add(4);
        assertThat(list).containsExactly(3, 1, 2);

        TreeMap<String, Integer> sorted = proxy(treeMap(), kind);
        assertThat(sorted.clone()).isExactlyInstanceOf(TreeMap.class).isEqualTo(treeMap());
        assertThat(proxy(hashMap(), kind).clone()).isExactlyInstanceOf(HashMap.class).isEqualTo(hashMap());
        assertThat(proxy(hashSet(), kind).clone()).isExactlyInstanceOf(HashSet.class).isEqualTo(hashSet());
        assertThat(proxy(linkedList(), kind).clone()).isExactlyInstanceOf(LinkedList.class).isEqualTo(linkedList());
        assertThat(proxy(arrayDeque(), kind).clone()).isExactlyInstanceOf(ArrayDeque.class).containsExactly(3, 1, 2);
    }

    // ------------------------------------------------------------------------------------- Java serialization

    @ParameterizedTest
    @EnumSource(Kind.class)
    void javaSerializationWritesOnlyTheFactory(Kind kind) {
        try (var registration = StoreRegistry.global().registration(store)) {
            ArrayList<Integer> big = new ArrayList<>(IntStream.range(0, 100_000).boxed().toList());
            ArrayList<Integer> proxy = proxy(big, kind);

            byte[] bytes = JavaSerialization.serialize(proxy);
            ArrayList<Integer> copy = JavaSerialization.deserialize(bytes);

            assertThat(bytes.length).isLessThan(1024);
            assertThat(Proxies.isProxy(copy)).isTrue();
            assertThat(Proxies.isResolved(copy)).isFalse();
            assertThat(copy).isInstanceOf(ArrayList.class).hasSize(100_000).isEqualTo(big);
            assertThat(big).isEqualTo(copy);

            for (Object[] pair : proxiesAndCopies(kind)) {
                Object back = JavaSerialization.roundTrip(pair[0]);
                assertThat(back).isInstanceOf(pair[1].getClass());
                assertThat(Proxies.isResolved(back)).isFalse();
                assertThat(Proxies.proxiedType(back)).isEqualTo(pair[1].getClass());
                assertThat(back.toString()).isEqualTo(pair[0].toString());
            }

            // A plain collection holding proxies writes them as references too.
            HashMap<String, Object> holder = new HashMap<>(Map.of("list", proxy, "map", proxy(treeMap(), kind)));
            assertThat(JavaSerialization.serialize(holder).length).isLessThan(2048);
            HashMap<String, Object> holderCopy = JavaSerialization.roundTrip(holder);
            assertThat(holderCopy.get("list")).isInstanceOf(ArrayList.class).isEqualTo(big);
            assertThat(holderCopy.get("map")).isInstanceOf(TreeMap.class).isEqualTo(treeMap());
        }
    }

    @Test
    void anUnresolvedProxyOfATreeMapSerializesWithoutResolving() {
        TestFactory<TreeMap<String, Integer>> factory = TestFactory.of(JdkClassProxyTest::treeMap);
        TreeMap<String, Integer> proxy = Proxies.create(TreeMap.class, factory);

        TreeMap<String, Integer> copy = JavaSerialization.roundTrip(proxy);

        assertThat(factory.calls()).isZero();
        assertThat(copy).isEqualTo(treeMap());
        assertThat(factory.calls()).isEqualTo(1);
    }

    // ---------------------------------------------------------------------------------------------- Jackson

    /** Properties declared with JDK classes, as Jackson reads them. */
    public static class Declared {
        public ArrayList<Integer> list;
        public LinkedList<Integer> linked;
        public ArrayDeque<Integer> deque;
        public HashSet<String> set;
        public HashMap<String, Integer> map;
        public LinkedHashMap<String, Integer> linkedMap;
        public TreeMap<String, Integer> sorted;
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void jacksonReadsReferencesIntoPropertiesDeclaredWithJdkClasses(Kind kind) {
        JsonMapper mapper = JsonMapper.builder().addModule(new ProxyStoreJacksonModule()).build();
        Declared declared = new Declared();
        declared.list = proxy(arrayList(), kind);
        declared.linked = proxy(linkedList(), kind);
        declared.deque = proxy(arrayDeque(), kind);
        declared.set = proxy(hashSet(), kind);
        declared.map = proxy(hashMap(), kind);
        declared.linkedMap = proxy(linkedHashMap(), kind);
        declared.sorted = proxy(treeMap(), kind);

        String json = mapper.writeValueAsString(declared);
        Declared copy = mapper.readValue(json, Declared.class);

        assertThat(json).contains(ProxyStoreJacksonModule.MARKER).doesNotContain("\"z\"").hasSizeLessThan(4096);
        List<Object> values = List.of(copy.list, copy.linked, copy.deque, copy.set, copy.map, copy.linkedMap,
                copy.sorted);
        assertThat(values).allSatisfy(value -> {
            assertThat(Proxies.isProxy(value)).isTrue();
            assertThat(Proxies.isResolved(value)).isFalse();
        });
        try (var registration = StoreRegistry.global().registration(store)) {
            assertThat(copy.list).isEqualTo(arrayList());
            assertThat(copy.linked).isEqualTo(linkedList());
            assertThat(copy.deque).containsExactly(3, 1, 2);
            assertThat(copy.set).isEqualTo(hashSet());
            assertThat(copy.map).isEqualTo(hashMap());
            assertThat(copy.linkedMap.keySet()).containsExactly("z", "a", "m");
            assertThat(copy.sorted.firstKey()).isEqualTo("a");
            @SuppressWarnings("unchecked")
            ArrayList<Integer> root = mapper.readValue(mapper.writeValueAsString(declared.list), ArrayList.class);
            assertThat(Proxies.isProxy(root)).isTrue();
            assertThat(root).containsExactly(3, 1, 2);
        }
    }

    // ----------------------------------------------------------------------------- the other JDK collections

    /**
     * The concrete collection and map classes of java.util and java.util.concurrent that get subclass proxies (not
     * DelayQueue, which only takes Delayed elements; EnumSet's own classes are not public).
     */
    private static List<Supplier<?>> transparentCollections() {
        return List.of(
                JdkClassProxyTest::arrayList, JdkClassProxyTest::linkedList, JdkClassProxyTest::arrayDeque,
                JdkClassProxyTest::hashSet, JdkClassProxyTest::hashMap, JdkClassProxyTest::linkedHashMap,
                JdkClassProxyTest::treeMap,
                () -> new Vector<>(List.of(3, 1, 2)),
                () -> {
                    Stack<Integer> stack = new Stack<>();
                    stack.push(1);
                    stack.push(2);
                    return stack;
                },
                () -> new LinkedHashSet<>(List.of("b", "a")),
                () -> new TreeSet<>(List.of("b", "a")),
                () -> new WeakHashMap<>(Map.of("a", 1)),
                () -> new Hashtable<>(Map.of("a", 1)),
                () -> {
                    Properties properties = new Properties();
                    properties.setProperty("a", "1");
                    return properties;
                },
                () -> new ConcurrentHashMap<>(Map.of("a", 1)),
                () -> new ConcurrentSkipListMap<>(Map.of("b", 2, "a", 1)),
                () -> new ConcurrentSkipListSet<>(List.of("b", "a")),
                () -> new CopyOnWriteArrayList<>(List.of(3, 1, 2)),
                () -> new CopyOnWriteArraySet<>(List.of(3, 1, 2)),
                () -> new ConcurrentLinkedQueue<>(List.of(3, 1, 2)),
                () -> new ConcurrentLinkedDeque<>(List.of(3, 1, 2)),
                () -> new LinkedBlockingQueue<>(List.of(3, 1, 2)),
                () -> new LinkedBlockingDeque<>(List.of(3, 1, 2)),
                () -> new ArrayBlockingQueue<>(4, false, List.of(3, 1, 2)),
                () -> new PriorityBlockingQueue<>(List.of(3, 1, 2)),
                () -> new LinkedTransferQueue<>(List.of(3, 1, 2)),
                () -> new SynchronousQueue<>());
    }

    @Test
    void everyTransparentCollectionClassIsProxiedAsASubclass() {
        for (Supplier<?> supplier : transparentCollections()) {
            Object value = supplier.get();
            Class<?> type = value.getClass();
            @SuppressWarnings("unchecked")
            Class<Object> anyType = (Class<Object>) type;
            Object unresolved = Proxies.create(anyType, TestFactory.of(supplier));
            Object populated = Proxies.create(anyType, TestFactory.of(supplier), value);

            for (Object proxy : List.of(unresolved, populated)) {
                assertThat(proxy).as(type.getName()).isInstanceOf(type);
                assertThat(proxy.toString()).as(type.getName()).isEqualTo(supplier.get().toString());
                Object copy = JavaSerialization.roundTrip(proxy);
                assertThat(copy).as(type.getName()).isInstanceOf(type);
                if (proxy instanceof Collection<?> collection) {
                    List<Object> elements = new ArrayList<>(collection);
                    List<Object> expected = new ArrayList<>((Collection<?>) supplier.get());
                    List<Object> copied = new ArrayList<>((Collection<?>) copy);
                    assertThat(elements).as(type.getName()).isEqualTo(expected);
                    assertThat(copied).as(type.getName()).isEqualTo(expected);
                    if (collection instanceof List<?> || collection instanceof Set<?>) {
                        Object plain = supplier.get();
                        assertThat(plain.equals(proxy)).as(type.getName()).isTrue();
                        assertThat(proxy.equals(plain)).as(type.getName()).isTrue();
                        assertThat(proxy.hashCode()).as(type.getName()).isEqualTo(plain.hashCode());
                    }
                } else {
                    Map<?, ?> map = (Map<?, ?>) proxy;
                    Object plain = supplier.get();
                    assertThat(new HashMap<>(map)).as(type.getName()).isEqualTo(plain);
                    assertThat(plain.equals(proxy)).as(type.getName()).isTrue();
                    assertThat(proxy.equals(plain)).as(type.getName()).isTrue();
                    assertThat(proxy.hashCode()).as(type.getName()).isEqualTo(plain.hashCode());
                    assertThat(copy).as(type.getName()).isEqualTo(plain);
                }
            }
        }
    }

    @Test
    void anEnumSetProxyIsCopiedAndComplementedThroughItsTarget() {
        EnumSet<Kind> set = Proxies.create(EnumSet.class, TestFactory.returning(EnumSet.of(Kind.POPULATED)));

        assertThat(set).containsExactly(Kind.POPULATED);
        assertThat(EnumSet.copyOf(set)).isEqualTo(EnumSet.of(Kind.POPULATED)).isNotInstanceOf(ProxyObject.class);
        assertThat(EnumSet.copyOf((Collection<Kind>) set)).containsExactly(Kind.POPULATED);
        assertThat(EnumSet.complementOf(set)).containsExactly(Kind.FROM_STORE);
        assertThat(EnumSet.of(Kind.POPULATED)).isEqualTo(set);
        assertThat(set).isEqualTo(EnumSet.of(Kind.POPULATED));
        EnumSet<Kind> all = EnumSet.of(Kind.FROM_STORE);
        all.addAll(set);
        assertThat(all).containsExactly(Kind.POPULATED, Kind.FROM_STORE);
        assertThat(JavaSerialization.roundTrip(set)).isInstanceOf(EnumSet.class).isEqualTo(set);
    }

    @Test
    void abstractCollectionClassesAreProxiedAsSubclassesToo() {
        for (Class<?> type : List.of(AbstractCollection.class, AbstractList.class, AbstractSequentialList.class,
                AbstractSet.class, AbstractQueue.class, AbstractMap.class, EnumSet.class, DelayQueue.class)) {
            assertThat(Proxies.isProxiable(type)).as(type.getName()).isTrue();
        }
        AbstractList<Integer> list = Proxies.create(AbstractList.class, TestFactory.returning(arrayList()));
        AbstractMap<String, Integer> map = Proxies.create(AbstractMap.class, TestFactory.returning(treeMap()));

        assertThat(list).isEqualTo(List.of(3, 1, 2));
        assertThat(List.of(3, 1, 2)).isEqualTo(list);
        assertThat(map).isEqualTo(treeMap());
        assertThat(treeMap()).isEqualTo(map);
        assertThat(map.toString()).isEqualTo("{a=1, b=2, c=3}");
    }

    // ------------------------------------------------------------------------ classes without a subclass proxy

    @Test
    void nonPublicJdkImplementationClassesKeepInterfaceProxies() {
        for (Object value : List.of(List.of(1, 2), Collections.unmodifiableList(new ArrayList<>(List.of(1, 2))),
                Arrays.asList(1, 2), Set.of("a"), Map.of("a", 1), new HashMap<>(Map.of("a", 1)).keySet())) {
            @SuppressWarnings("unchecked")
            Class<Object> type = (Class<Object>) value.getClass();

            Object proxy = Proxies.create(type, TestFactory.returning(value), value);

            assertThat(Proxies.isProxiable(type)).as(type.getName()).isTrue();
            assertThat(proxy).as(type.getName()).isNotInstanceOf(type).isEqualTo(value);
            assertThat(value).as(type.getName()).isEqualTo(proxy);
            assertThat(proxy.getClass().getSuperclass()).isEqualTo(Object.class);
        }
        List<Integer> inferredAsList = same(store.proxy(List.of(1, 2)));
        assertThat(inferredAsList).containsExactly(1, 2);
    }

    @Test
    void jdkClassesThatAProxyCannotImpersonateAreNotProxiable() {
        List<Object> values = List.of("text", 1, new IdentityHashMap<>(Map.of("a", 1)),
                new EnumMap<>(Map.of(Kind.POPULATED, 1)), new PriorityQueue<>(List.of(2, 1)), BigInteger.TEN,
                new Date(0));
        for (Object value : values) {
            Class<?> type = value.getClass();
            assertThat(Proxies.isProxiable(type)).as(type.getName()).isFalse();
            assertThatThrownBy(() -> store.proxy(value)).as(type.getName())
                    .isInstanceOf(NonProxiableTypeException.class)
                    .hasMessageContaining(type.getName());
            assertThat(store.proxy(value, ProxyOptions.defaults().withSkipNonProxiable(true))).isSameAs(value);
        }

        IdentityHashMap<String, Integer> identity = new IdentityHashMap<>(Map.of("a", 1));
        Map<String, Integer> asMap = store.proxy(identity, ProxyOptions.defaults().withType(Map.class));
        Deque<Integer> asDeque = Proxies.create(Deque.class, TestFactory.returning(arrayDeque()));
        assertThat(asMap).isNotInstanceOf(IdentityHashMap.class).containsEntry("a", 1);
        assertThat(asDeque).isNotInstanceOf(ArrayDeque.class).containsExactly(3, 1, 2);
        assertThatThrownBy(() -> Proxies.create(IdentityHashMap.class, TestFactory.returning(identity)))
                .isInstanceOf(NonProxiableTypeException.class)
                .hasMessageContaining("private fields")
                .hasMessageContaining("ProxyOptions.withType");
        assertThatThrownBy(() -> Proxies.create(PriorityQueue.class, TestFactory.returning(new PriorityQueue<>())))
                .isInstanceOf(NonProxiableTypeException.class)
                .hasMessageContaining("spliterator");
    }

    @Test
    void protectedJdkMethodsFailAndPackagePrivateOnesAreNotOverridden() throws Exception {
        ArrayList<Integer> list = Proxies.create(ArrayList.class, TestFactory.returning(arrayList()));

        assertThat(Arrays.stream(list.getClass().getDeclaredMethods())
                .filter(m -> m.getName().equals("removeRange") || m.getName().equals("equalsRange")
                        || m.getName().equals("elementData"))
                .map(Method::getName))
                .containsExactly("removeRange");
        // Only java.util could call removeRange on the proxy; it cannot reach the target's, so it refuses.
        Method removeRange = list.getClass().getDeclaredMethod("removeRange", int.class, int.class);
        removeRange.setAccessible(true);
        assertThatThrownBy(() -> removeRange.invoke(list, 0, 1))
                .isInstanceOf(InvocationTargetException.class)
                .hasCauseInstanceOf(UnsupportedOperationException.class);
        // The JDK calls it on the target, through the target's own views.
        list.subList(1, 3).clear();
        assertThat(list).containsExactly(3);
        assertThat(list).isInstanceOf(Serializable.class).isInstanceOf(Cloneable.class);
    }

    @Test
    void aSortedMapProxyIsASortedMap() {
        SortedMap<String, Integer> sorted = proxy(treeMap(), Kind.FROM_STORE);

        assertThat(sorted.firstKey()).isEqualTo("a");
        assertThat(sorted.subMap("a", "c")).containsOnlyKeys("a", "b");
    }
}
