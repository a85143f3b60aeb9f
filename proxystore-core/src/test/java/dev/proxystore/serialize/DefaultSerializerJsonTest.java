package dev.proxystore.serialize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proxystore.serialize.testmodel.Address;
import dev.proxystore.serialize.testmodel.Circle;
import dev.proxystore.serialize.testmodel.Color;
import dev.proxystore.serialize.testmodel.Node;
import dev.proxystore.serialize.testmodel.Person;
import dev.proxystore.serialize.testmodel.Point;
import dev.proxystore.serialize.testmodel.PostalAddress;
import dev.proxystore.serialize.testmodel.Settings;
import dev.proxystore.serialize.testmodel.Shape;
import dev.proxystore.serialize.testmodel.Square;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Month;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DefaultSerializerJsonTest {

    private static final String MODEL = "dev.proxystore.serialize.testmodel";

    private final DefaultSerializer serializer = DefaultSerializer.create().allowPackages(MODEL);

    private Object roundTrip(Object value) {
        return serializer.deserialize(serializer.serialize(value));
    }

    static Person person() {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("score", 1.5);
        attributes.put("count", 7L);
        attributes.put("small", (short) 3);
        attributes.put("big", new BigInteger("123456789012345678901234567890"));
        attributes.put("tags", new HashSet<>(Set.of("a", "b")));
        attributes.put("origin", new Point(1, 2));
        attributes.put("nothing", null);
        return new Person("Ada", 36, LocalDate.of(1815, 12, 10), new BigDecimal("1234.50"),
                new PostalAddress("London", "W1"),
                new ArrayList<>(List.of(new Circle(new Point(0, 0), 2), new Square(new Point(1, 1), 3))),
                attributes, new TreeMap<>(Map.of(1, Color.RED, 2, Color.GREEN)),
                new LinkedList<>(List.of(Color.BLUE, UUID.fromString("00000000-0000-0000-0000-000000000001"))));
    }

    @Test
    void pojoRoundTripsWithNestedPolymorphicValuesKeepingTheirClasses() {
        Person person = person();

        Person back = (Person) roundTrip(person);

        assertThat(back).isEqualTo(person).isNotSameAs(person);
        assertThat(back.getAddress()).isExactlyInstanceOf(PostalAddress.class);
        assertThat(back.getShapes()).isExactlyInstanceOf(ArrayList.class)
                .extracting(shape -> shape.getClass().getName())
                .containsExactly(Circle.class.getName(), Square.class.getName());
        assertThat(back.getAttributes()).isExactlyInstanceOf(LinkedHashMap.class);
        assertThat(back.getAttributes().get("count")).isEqualTo(7L);
        assertThat(back.getAttributes().get("small")).isEqualTo((short) 3);
        assertThat(back.getAttributes().get("tags")).isExactlyInstanceOf(HashSet.class);
        assertThat(back.getColorsById()).isExactlyInstanceOf(TreeMap.class).containsEntry(2, Color.GREEN);
        assertThat(back.getAnything()).isExactlyInstanceOf(LinkedList.class);
    }

    @Test
    void pojoIsWrittenAsItsNonTransientFieldsNotItsGetters() {
        String json = Envelopes.document(serializer.serialize(person()));

        assertThat(json).contains("\"age\"", "\"name\"").doesNotContain("displayName").doesNotContain("cache");
    }

    @Test
    void arrayListOfPojosReadsBackAsArrayListOfThosePojos() {
        ArrayList<Object> list = new ArrayList<>(List.of(new Address("Oslo"), new PostalAddress("Rome", "00100"),
                new Point(3, 4)));

        Object back = roundTrip(list);

        assertThat(back).isExactlyInstanceOf(ArrayList.class).isEqualTo(list);
        assertThat((List<?>) back).extracting(element -> element.getClass().getName())
                .containsExactly(Address.class.getName(), PostalAddress.class.getName(), Point.class.getName());
    }

    @Test
    void recordsAndEnumsRoundTripAsRoots() {
        assertThat(roundTrip(new Point(1.5, -2))).isEqualTo(new Point(1.5, -2));
        assertThat(roundTrip(new Circle(new Point(0, 1), 3))).isEqualTo(new Circle(new Point(0, 1), 3));
        assertThat(roundTrip(Color.GREEN)).isSameAs(Color.GREEN);
        assertThat(roundTrip(Color.RED)).isSameAs(Color.RED);
    }

    @Test
    void enumsAreWrittenByNameNotToString() {
        assertThat(Envelopes.document(serializer.serialize(Color.GREEN))).contains("\"GREEN\"")
                .doesNotContain("body");
        assertThat(Envelopes.rootClass(serializer.serialize(Color.GREEN))).isEqualTo(Color.class.getName());
    }

    @Test
    void mutableJdkCollectionsKeepTheirClass() {
        List<Object> values = List.of(new ArrayList<>(List.of(1, 2)), new LinkedList<>(List.of("a")),
                new HashMap<>(Map.of("k", 1)), new LinkedHashMap<>(Map.of("k", 2)),
                new TreeMap<>(Map.of("b", 1, "a", 2)),
                new HashSet<>(Set.of(1)), new LinkedHashSet<>(List.of(3, 1, 2)), new TreeSet<>(Set.of("z", "y")),
                new ConcurrentHashMap<>(Map.of("c", 3)));

        for (Object value : values) {
            assertThat(roundTrip(value)).as(value.getClass().getName())
                    .isExactlyInstanceOf(value.getClass()).isEqualTo(value);
        }
    }

    @Test
    void arrayDequeKeepsClassAndOrder() {
        ArrayDeque<Integer> deque = new ArrayDeque<>(List.of(3, 1, 2));

        Object back = roundTrip(deque);

        assertThat(back).isExactlyInstanceOf(ArrayDeque.class);
        assertThat(new ArrayList<Object>((ArrayDeque<?>) back)).containsExactly(3, 1, 2);
    }

    static Stream<Object> jdkImmutables() {
        return Stream.of(List.of(), List.of(1), List.of(1, "two", 3L), Set.of(), Set.of("x", "y"), Map.of(),
                Map.of("a", 1, "b", List.of(2)), Collections.unmodifiableList(new ArrayList<>(List.of(1))),
                Collections.unmodifiableMap(new HashMap<>(Map.of("k", "v"))), Collections.emptyList(),
                Collections.emptySet(), Collections.emptyMap(), Collections.singletonList("s"),
                Collections.singletonMap("k", 1), Arrays.asList(1, null, 3), new HashMap<>(Map.of("k", 1)).keySet(),
                new TreeMap<>(Map.of("k", 1)).keySet(), Collections.unmodifiableSortedSet(new TreeSet<>(Set.of(2, 1))),
                Collections.synchronizedList(new ArrayList<>(List.of(1))), List.of(1, 2, 3).subList(1, 2));
    }

    @ParameterizedTest
    @MethodSource("jdkImmutables")
    void jdkImmutablesAndViewsReadBackAsEqualCollections(Object value) {
        byte[] data = serializer.serialize(value);

        assertThat(Envelopes.rootClass(data)).startsWith("java.util.").doesNotContain("$");
        assertThat(serializer.deserialize(data)).isEqualTo(value);
    }

    @Test
    void nestedJdkImmutablesReadBackAsEqualCollections() {
        Map<String, Object> value = new HashMap<>(Map.of("list", List.of(1, 2), "set", Set.of("a"),
                "map", Map.of("k", Map.of("deep", List.of()))));

        assertThat(roundTrip(value)).isEqualTo(value);
    }

    @Test
    void scalarsKeepTheirBoxedType() {
        List<Object> values = List.of(5, 5L, (short) 5, (byte) 5, 5.5f, 5.5d, 'c', true, new BigDecimal("1.50"),
                new BigDecimal("1E+3"), new BigInteger("-99999999999999999999999"), Double.NaN,
                Double.NEGATIVE_INFINITY, -0.0d, Float.POSITIVE_INFINITY);

        for (Object value : values) {
            Object back = roundTrip(value);
            assertThat(back).as(value.getClass() + " " + value).isExactlyInstanceOf(value.getClass()).isEqualTo(value);
        }
        ArrayList<Object> inAList = new ArrayList<>(values);
        assertThat(roundTrip(inAList)).isEqualTo(inAList);
    }

    @Test
    void bigDecimalKeepsItsScale() {
        BigDecimal back = (BigDecimal) roundTrip(new BigDecimal("2.500"));

        assertThat(back.scale()).isEqualTo(3);
    }

    @Test
    void javaTimeValuesRoundTripExactly() {
        List<Object> values = List.of(ZonedDateTime.of(2024, 3, 31, 2, 30, 0, 123_456_789, ZoneId.of("Europe/Paris")),
                OffsetDateTime.of(2020, 1, 1, 1, 1, 1, 1, ZoneOffset.ofHours(-7)), Instant.ofEpochSecond(-5, 7),
                Duration.ofNanos(123_456_789_012L), LocalDate.of(2020, 2, 29), LocalTime.of(23, 59, 59, 999),
                LocalDateTime.of(2021, 12, 31, 0, 0), Period.of(1, -2, 3), Year.of(-44), YearMonth.of(2020, 5),
                MonthDay.of(2, 29), OffsetTime.of(1, 2, 3, 4, ZoneOffset.UTC), ZoneId.of("America/New_York"),
                ZoneOffset.ofHoursMinutes(5, 30), DayOfWeek.SUNDAY, Month.DECEMBER);

        for (Object value : values) {
            assertThat(roundTrip(value)).as(value.getClass().getName()).isEqualTo(value);
        }
        ArrayList<Object> inAList = new ArrayList<>(values);
        assertThat(roundTrip(inAList)).isEqualTo(inAList);
    }

    @Test
    void otherJdkValueTypesRoundTrip() {
        List<Object> values = List.of(UUID.randomUUID(), Locale.CANADA_FRENCH, URI.create("https://example.org/a?b"),
                new java.util.Date(1_700_000_000_123L), java.util.Currency.getInstance("EUR"),
                java.util.OptionalInt.of(4));

        for (Object value : values) {
            assertThat(roundTrip(value)).as(value.getClass().getName()).isEqualTo(value);
        }
    }

    @Test
    void rootMapKeysKeepTheirType() {
        Map<Integer, String> byInt = new HashMap<>(Map.of(1, "a", 2, "b"));
        Map<LocalDate, Integer> byDate =
                new TreeMap<>(Map.of(LocalDate.of(2020, 1, 2), 1, LocalDate.of(2019, 1, 1), 2));
        Map<Color, String> byEnum = new HashMap<>(Map.of(Color.GREEN, "g"));
        Map<Long, Object> immutable = Map.of(10L, List.of(new Point(1, 1)));

        assertThat(roundTrip(byInt)).isExactlyInstanceOf(HashMap.class).isEqualTo(byInt);
        assertThat(roundTrip(byDate)).isExactlyInstanceOf(TreeMap.class).isEqualTo(byDate);
        assertThat(roundTrip(byEnum)).isEqualTo(byEnum);
        assertThat(roundTrip(immutable)).isExactlyInstanceOf(LinkedHashMap.class).isEqualTo(immutable);
    }

    @Test
    void rootMapKeysThatCouldNotBeReadBackAreRefusedWhenWriting() {
        Map<Point, String> byPoint = new HashMap<>(Map.of(new Point(1, 2), "a"));

        assertThatThrownBy(() -> serializer.serialize(byPoint)).isInstanceOf(SerializationException.class)
                .hasMessageContaining(Point.class.getName()).hasMessageContaining("keys");
    }

    @Test
    void enumSetsAndEnumMapsRoundTrip() {
        EnumSet<Color> set = EnumSet.of(Color.RED, Color.GREEN);
        EnumMap<Color, Object> map = new EnumMap<>(Map.of(Color.BLUE, 1, Color.GREEN, List.of("x")));

        assertThat(roundTrip(set)).isEqualTo(set);
        assertThat(roundTrip(map)).isExactlyInstanceOf(EnumMap.class).isEqualTo(map);
        ArrayList<Object> nested = new ArrayList<>(List.of(set, map));
        assertThat(roundTrip(nested)).isEqualTo(nested);
    }

    @Test
    void arraysOfTrustedTypesRoundTrip() {
        assertThat(roundTrip(new String[] {"a", null, "c"})).isEqualTo(new String[] {"a", null, "c"});
        assertThat(roundTrip(new Object[] {1, "b", 2L, new Point(0, 1)}))
                .isEqualTo(new Object[] {1, "b", 2L, new Point(0, 1)});
        assertThat(roundTrip(new Point[] {new Point(1, 2)})).isEqualTo(new Point[] {new Point(1, 2)});
        assertThat(roundTrip(new int[][] {{1}, {2, 3}, {}})).isEqualTo(new int[][] {{1}, {2, 3}, {}});
        ArrayList<Object> nested = new ArrayList<>(List.of(new byte[] {1, 2}, new char[] {'x'}, new long[] {7}));
        assertThat((List<?>) roundTrip(nested)).satisfiesExactly(
                b -> assertThat(b).isEqualTo(new byte[] {1, 2}),
                c -> assertThat(c).isEqualTo(new char[] {'x'}),
                l -> assertThat(l).isEqualTo(new long[] {7}));
    }

    @Test
    void nullFieldsAndNullElementsRoundTrip() {
        Person sparse = new Person(null, 0, null, null, null, null, null, null, null);
        ArrayList<Object> withNulls = new ArrayList<>(Arrays.asList(null, 1, null));

        assertThat(roundTrip(sparse)).isEqualTo(sparse);
        assertThat(roundTrip(withNulls)).isEqualTo(withNulls);
    }

    @Test
    void untrustedRootClassIsRefusedWhenWriting() {
        assertThatThrownBy(() -> DefaultSerializer.create().serialize(new Point(1, 2)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining(Point.class.getName()).hasMessageContaining("allowPackages")
                .hasMessageContaining("in Spring Boot: proxystore.serializer.trusted-packages");
        assertThatThrownBy(() -> serializer.serialize(new StringBuilder("x")))
                .isInstanceOf(SerializationException.class).hasMessageContaining("java.lang.StringBuilder");
    }

    @Test
    void untrustedNestedClassIsRefusedWhenWriting() {
        ArrayList<Object> list = new ArrayList<>(List.of("ok", new Point(1, 2)));

        assertThatThrownBy(() -> DefaultSerializer.create().serialize(list))
                .isInstanceOf(SerializationException.class).hasMessageContaining(Point.class.getName());
        assertThatThrownBy(() -> DefaultSerializer.create().serialize(new HashMap<>(Map.of(Color.RED, 1))))
                .isInstanceOf(SerializationException.class).hasMessageContaining(Color.class.getName());
    }

    @Test
    void classesThatCouldNotBeReadBackAreRefusedWhenWriting() {
        Shape anonymous = new Shape() {
            @Override
            public double area() {
                return 0;
            }
        };

        assertThatThrownBy(() -> serializer.serialize(anonymous)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("anonymous");
        assertThatThrownBy(() -> serializer.serialize(new ArrayList<>(List.of(anonymous))))
                .isInstanceOf(SerializationException.class).hasMessageContaining("anonymous");
        assertThatThrownBy(() -> serializer.serialize(Optional.of(1))).isInstanceOf(SerializationException.class)
                .hasMessageContaining("Optional");
    }

    @Test
    void optionalsInFieldsDeclaringThemRoundTrip() {
        Settings settings = new Settings(Optional.of(7L), Optional.of(new PostalAddress("Bern", "3000")),
                Optional.empty());

        Settings back = (Settings) roundTrip(settings);

        assertThat(back).isEqualTo(settings);
        assertThat(back.address()).get().isExactlyInstanceOf(PostalAddress.class);
    }

    @Test
    void optionalsHeldAsObjectAreRefusedInsteadOfReadingBackUnwrapped() {
        ArrayList<Object> list = new ArrayList<>(List.of(Optional.of(1)));
        Map<String, Object> map = new HashMap<>(Map.of("k", Optional.empty()));

        assertThatThrownBy(() -> serializer.serialize(list)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("java.util.Optional");
        assertThatThrownBy(() -> serializer.serialize(map)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("java.util.Optional");
    }

    @Test
    void nonStringKeysOfNestedUntypedMapsAreRefusedInsteadOfTurningIntoStrings() {
        ArrayList<Object> list = new ArrayList<>(List.of(new HashMap<>(Map.of(1, "a"))));
        Map<Object, Object> mixedKeys = new HashMap<>(Map.of(1, "a", "b", 2));

        assertThatThrownBy(() -> serializer.serialize(list)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("java.lang.Integer").hasMessageContaining("String");
        assertThatThrownBy(() -> serializer.serialize(mixedKeys)).isInstanceOf(SerializationException.class);
    }

    @Test
    void cyclesFailWithSerializationException() {
        Node node = new Node();
        node.next = new ArrayList<>(List.of(node));

        assertThatThrownBy(() -> serializer.serialize(node)).isInstanceOf(SerializationException.class)
                .hasCauseInstanceOf(RuntimeException.class);
    }

    @Test
    void nullIsRejectedWithNullPointerException() {
        assertThatThrownBy(() -> serializer.serialize(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("null");
    }

    @Test
    void deeplyNestedValuesWithinTheLimitRoundTrip() {
        Object value = "leaf";
        for (int i = 0; i < 100; i++) {
            value = new Node(value);
        }

        Object back = roundTrip(value);

        for (int i = 0; i < 100; i++) {
            back = ((Node) back).next;
        }
        assertThat(back).isEqualTo("leaf");
    }

    @Test
    void serializerIsSafeToShareAcrossThreads() throws Exception {
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                try {
                    for (int i = 0; i < 50; i++) {
                        Person person = person();
                        assertThat(roundTrip(person)).isEqualTo(person);
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(failures).isEmpty();
    }
}
