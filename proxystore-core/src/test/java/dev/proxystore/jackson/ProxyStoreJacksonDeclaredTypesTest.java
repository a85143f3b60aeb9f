package dev.proxystore.jackson;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxystore.connector.LocalConnector;
import dev.proxystore.proxy.Proxies;
import dev.proxystore.serialize.DefaultSerializer;
import dev.proxystore.store.Key;
import dev.proxystore.store.ProxyOptions;
import dev.proxystore.store.Store;
import dev.proxystore.store.StoreFactory;
import dev.proxystore.store.StoreRegistry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.annotation.JsonSerialize;
import tools.jackson.databind.json.JsonMapper;

/**
 * Proxies written where Jackson picks the serializer by a declared collection or map type: a root value written
 * with {@code writerFor(javaType)} (as Spring's message converters do for a declared {@code List<Double>}), and
 * properties and elements of such types, also under static typing; and bean types declared the same way.
 */
class ProxyStoreJacksonDeclaredTypesTest {

    private static final String MARKER = ProxyStoreJacksonModule.MARKER;

    private final JsonMapper mapper = JsonMapper.builder().addModule(new ProxyStoreJacksonModule()).build();

    private final JsonMapper staticTyping = JsonMapper.builder().addModule(new ProxyStoreJacksonModule())
            .enable(MapperFeature.USE_STATIC_TYPING).build();

    private Store store;

    /** Properties declared with generic collection and map types. */
    public static class Series {
        public String name;
        public List<Double> values;
        public Map<String, Double> totals;
        public Set<String> labels;
        public List<List<Double>> rows;
    }

    @BeforeEach
    void createStore() {
        store = Store.builder("jackson-declared-test", new LocalConnector())
                .serializer(DefaultSerializer.create().allowPackages("dev.proxystore.jackson"))
                .build();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    /** An unresolved proxy of {@code type} for {@code value}, which {@code store} holds. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private <T> T unresolved(T value, Class<? super T> type) {
        Key<T> key = store.put(value);
        return (T) store.proxyFromKey((Key) key, (Class) type, ProxyOptions.defaults());
    }

    private static void assertReference(String json) {
        assertThat(json).startsWith("{\"" + MARKER + "\"");
    }

    @Test
    void aListProxyWrittenForADeclaredListTypeIsAReferenceAndReadsBackAsAProxy() {
        List<Double> values = unresolved(new ArrayList<>(List.of(1.5, 2.5, 3.5)), List.class);
        TypeReference<List<Double>> type = new TypeReference<>() {};

        String json = mapper.writerFor(type).writeValueAsString(values);
        String statically = staticTyping.writerFor(type).writeValueAsString(values);
        List<Double> copy = mapper.readValue(json, type);

        assertReference(json);
        assertReference(statically);
        assertThat(Proxies.isResolved(values)).as("writing does not resolve").isFalse();
        assertThat(Proxies.isProxy(copy)).isTrue();
        assertThat(Proxies.isResolved(copy)).isFalse();
        assertThat(StoreFactory.of(copy)).isEqualTo(StoreFactory.of(values));
        try (var registration = StoreRegistry.global().registration(store)) {
            assertThat(copy).containsExactly(1.5, 2.5, 3.5);
        }
    }

    @Test
    void mapAndSetProxiesWrittenForDeclaredTypesAreReferencesAndReadBackAsProxies() {
        Map<String, Double> totals = unresolved(new LinkedHashMap<>(Map.of("a", 1.0, "b", 2.0)), Map.class);
        Set<String> labels = unresolved(new HashSet<>(Set.of("x", "y")), Set.class);
        TypeReference<Map<String, Double>> mapType = new TypeReference<>() {};
        TypeReference<Set<String>> setType = new TypeReference<>() {};

        String mapJson = mapper.writerFor(mapType).writeValueAsString(totals);
        String setJson = mapper.writerFor(setType).writeValueAsString(labels);
        Map<String, Double> mapCopy = mapper.readValue(mapJson, mapType);
        Set<String> setCopy = mapper.readValue(setJson, setType);

        assertReference(mapJson);
        assertReference(setJson);
        assertThat(Proxies.isResolved(totals)).isFalse();
        assertThat(Proxies.isResolved(labels)).isFalse();
        assertThat(Proxies.isProxy(mapCopy)).isTrue();
        assertThat(Proxies.isProxy(setCopy)).isTrue();
        try (var registration = StoreRegistry.global().registration(store)) {
            assertThat(mapCopy).containsExactlyInAnyOrderEntriesOf(Map.of("a", 1.0, "b", 2.0));
            assertThat(setCopy).containsExactlyInAnyOrder("x", "y");
        }
    }

    @Test
    void proxiesInPropertiesAndElementsOfDeclaredCollectionTypesAreReferences() {
        for (JsonMapper m : List.of(mapper, staticTyping)) {
            Series series = new Series();
            series.name = "s";
            series.values = unresolved(new ArrayList<>(List.of(1.0, 2.0)), List.class);
            series.totals = unresolved(new LinkedHashMap<>(Map.of("t", 3.0)), Map.class);
            series.labels = unresolved(new HashSet<>(Set.of("l")), Set.class);
            series.rows = List.of(List.of(0.5), unresolved(new ArrayList<>(List.of(4.0, 5.0)), List.class));

            String json = m.writeValueAsString(series);
            JsonNode tree = m.readTree(json);
            Series copy = m.readValue(json, Series.class);

            assertThat(tree.get("values").has(MARKER)).isTrue();
            assertThat(tree.get("totals").has(MARKER)).isTrue();
            assertThat(tree.get("labels").has(MARKER)).isTrue();
            assertThat(tree.get("rows").get(0).isArray()).isTrue();
            assertThat(tree.get("rows").get(1).has(MARKER)).isTrue();
            assertThat(Proxies.isResolved(series.values)).isFalse();
            assertThat(Proxies.isProxy(copy.values)).isTrue();
            assertThat(Proxies.isProxy(copy.totals)).isTrue();
            assertThat(Proxies.isProxy(copy.labels)).isTrue();
            assertThat(Proxies.isProxy(copy.rows.get(0))).isFalse();
            assertThat(Proxies.isProxy(copy.rows.get(1))).isTrue();
            try (var registration = StoreRegistry.global().registration(store)) {
                assertThat(copy.values).containsExactly(1.0, 2.0);
                assertThat(copy.totals).containsEntry("t", 3.0);
                assertThat(copy.labels).containsExactly("l");
                assertThat(copy.rows.get(1)).containsExactly(4.0, 5.0);
            }
        }
    }

    @Test
    void aProxyInsideAnOptionalIsAReference() {
        List<Double> values = unresolved(new ArrayList<>(List.of(7.0)), List.class);
        TypeReference<Optional<List<Double>>> type = new TypeReference<>() {};

        String json = staticTyping.writerFor(type).writeValueAsString(Optional.of(values));

        assertReference(json);
        assertThat(Proxies.isResolved(values)).isFalse();
    }

    /** Holds a bean-typed value under static typing. */
    public static class Figure {
        @JsonSerialize(typing = JsonSerialize.Typing.STATIC)
        public Matrix matrix;
    }

    @Test
    void beanProxiesWrittenByADeclaredBeanTypeAreReferences() {
        Matrix root = unresolved(new Matrix("root", 1), Matrix.class);
        Matrix element = unresolved(new Matrix("element", 2), Matrix.class);
        Matrix content = unresolved(new Matrix("content", 3), Matrix.class);
        Matrix property = unresolved(new Matrix("property", 4), Matrix.class);
        Figure figure = new Figure();
        figure.matrix = property;
        TypeReference<List<Matrix>> listType = new TypeReference<>() {};

        String rootJson = mapper.writerFor(Matrix.class).writeValueAsString(root);
        String listJson = mapper.writerFor(listType).writeValueAsString(List.of(new Matrix("plain", 0), element));
        String optionalJson = mapper.writerFor(new TypeReference<Optional<Matrix>>() {})
                .writeValueAsString(Optional.of(content));
        String figureJson = mapper.writeValueAsString(figure);
        List<Matrix> listCopy = mapper.readValue(listJson, listType);

        assertReference(rootJson);
        assertReference(optionalJson);
        assertThat(mapper.readTree(listJson).get(1).has(MARKER)).isTrue();
        assertThat(mapper.readTree(figureJson).get("matrix").has(MARKER)).isTrue();
        assertThat(List.of(root, element, content, property)).noneMatch(Proxies::isResolved);
        assertThat(listCopy.get(0)).isEqualTo(new Matrix("plain", 0));
        assertThat(Proxies.isProxy(listCopy.get(1))).isTrue();
        try (var registration = StoreRegistry.global().registration(store)) {
            assertThat(listCopy.get(1)).isEqualTo(new Matrix("element", 2));
        }
    }

    @Test
    void valuesThatAreNotProxiesAreWrittenAsBefore() {
        Series series = new Series();
        series.values = List.of(1.0);
        series.totals = Map.of("t", 2.0);
        series.labels = Set.of("l");
        series.rows = List.of(List.of(3.0));

        assertThat(mapper.writerFor(new TypeReference<List<Double>>() {}).writeValueAsString(List.of(1.0, 2.0)))
                .isEqualTo("[1.0,2.0]");
        assertThat(mapper.writerFor(Matrix.class).writeValueAsString(new Matrix("m", 1)))
                .isEqualTo(JsonMapper.builder().build().writeValueAsString(new Matrix("m", 1)));
        assertThat(mapper.writeValueAsString(series)).isEqualTo(
                "{\"labels\":[\"l\"],\"name\":null,\"rows\":[[3.0]],\"totals\":{\"t\":2.0},\"values\":[1.0]}");
    }
}
