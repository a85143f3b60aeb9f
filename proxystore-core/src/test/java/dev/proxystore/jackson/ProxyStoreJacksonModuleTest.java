package dev.proxystore.jackson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.proxystore.connector.FileConnector;
import dev.proxystore.connector.LocalConnector;
import dev.proxystore.proxy.Proxies;
import dev.proxystore.proxy.ProxyResolveMissingKeyException;
import dev.proxystore.proxy.SerializableSupplier;
import dev.proxystore.ref.Refs;
import dev.proxystore.serialize.DefaultSerializer;
import dev.proxystore.store.Key;
import dev.proxystore.store.ProxyOptions;
import dev.proxystore.store.Store;
import dev.proxystore.store.StoreFactory;
import dev.proxystore.store.StoreFuture;
import dev.proxystore.store.StoreRegistry;
import dev.proxystore.store.TrustPolicy;
import dev.proxystore.store.UntrustedReferenceException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.InvalidDefinitionException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class ProxyStoreJacksonModuleTest {

    private static final String MARKER = ProxyStoreJacksonModule.MARKER;

    private final JsonMapper mapper = JsonMapper.builder().addModule(new ProxyStoreJacksonModule()).build();

    private Store store;

    /** Holds a map of proxies. */
    public static class Library {
        public Map<String, Matrix> matrices = new LinkedHashMap<>();
    }

    /** Holds a polymorphic value. */
    public static class Drawing {
        public Shape shape;
    }

    /** Holds a proxy-typed value of a class with its own serializer. */
    public static class Note {
        public Labelled labelled;
    }

    /** Holds an unwrapped bean. */
    public static class Envelope {
        public String id;
        @JsonUnwrapped
        public Part part;
    }

    /** Spread over its {@link Envelope}'s properties. */
    public static class Part {
        public String a;
        public int b;
    }

    @BeforeEach
    void createStore() {
        store = Store.builder("jackson-test", new LocalConnector())
                .serializer(DefaultSerializer.create().allowPackages("dev.proxystore.jackson"))
                .build();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    // ---------------------------------------------------------------- writing

    @Test
    void aProxyIsWrittenAsASmallReferenceWithTheMarkerFirstAndIsNotResolved() {
        Key<Matrix> key = store.put(new Matrix("m", 1, 2, 3));
        Matrix proxy = store.proxyFromKey(key, Matrix.class, ProxyOptions.defaults());

        JsonNode json = mapper.readTree(mapper.writeValueAsString(proxy));

        assertThat(Proxies.isResolved(proxy)).isFalse();
        assertThat(json.propertyNames().iterator().next()).isEqualTo(MARKER);
        assertThat(json.get(MARKER).intValue()).isEqualTo(2);
        assertThat(json.get("key").stringValue()).isEqualTo(key.id());
        assertThat(json.get("evict").booleanValue()).isFalse();
        assertThat(json.get("type").stringValue()).isEqualTo(Matrix.class.getName());
        assertThat(json.get("store").stringValue()).isEqualTo("jackson-test");
        assertThat(json.get("tag").stringValue()).as("base64url of an HMAC-SHA-256").hasSize(43);
        assertThat(json.has("connector")).as("the store does not carry its config in references").isFalse();
        assertThat(json.has("serializer")).as("no serializer override").isFalse();
        assertThat(json.toString()).doesNotContain("\"label\"").doesNotContain("trustedPackages");
    }

    @Test
    void aReferenceOfAHundredThousandIntegersStaysUnderOneKilobyte() {
        List<Integer> numbers = store.proxy(new ArrayList<>(IntStream.range(0, 100_000).boxed().toList()));

        String json = mapper.writeValueAsString(numbers);

        System.out.println("JSON reference to a list of 100 000 Integers: " + json.length() + " bytes");
        assertThat(json.length()).isLessThan(1024);
    }

    @Test
    void aReferenceOfATenMegabyteObjectStaysUnderOneKilobyte(@TempDir Path directory) {
        try (Store files = Store.builder("jackson-files", new FileConnector(directory))
                .serializer(DefaultSerializer.create().allowPackages("dev.proxystore.jackson"))
                .build()) {
            Blob blob = files.proxy(new Blob(new byte[10 * 1024 * 1024]));

            String json = mapper.writeValueAsString(blob);

            System.out.println("JSON reference to a 10 MB object in a file store: " + json.length() + " bytes");
            assertThat(json.length()).isLessThan(1024);
        }
    }

    @Test
    void aClassLevelSerializerOfTheProxiedClassIsNotUsed() {
        Note note = new Note();
        note.labelled = Proxies.create(Labelled.class, new StoreFactory<>(new Key<Labelled>("k"), store.config()));

        String json = mapper.writeValueAsString(note);

        assertThat(json).contains(MARKER).contains("\"key\":\"k\"");
        assertThat(Proxies.isResolved(note.labelled)).isFalse();
        assertThat(mapper.writeValueAsString(new Labelled("plain"))).isEqualTo("\"plain\"");
    }

    @Test
    void aProxyWhoseFactoryIsNotAStoreFactoryIsRefused() {
        SerializableSupplier<List<String>> supplier = () -> new ArrayList<>(List.of("x"));
        List<String> proxy = Proxies.create(List.class, supplier);
        Job job = new Job("job", null, null);

        assertThatThrownBy(() -> mapper.writeValueAsString(proxy))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("Cannot write a proxy of java.util.List as a ProxyStore reference")
                .hasMessageContaining("is not a StoreFactory");
        assertThat(Proxies.isResolved(proxy)).isFalse();

        @SuppressWarnings("unchecked")
        List<Integer> numbers = (List<Integer>) (List<?>) proxy;
        job.setNumbers(numbers);
        assertThatThrownBy(() -> mapper.writeValueAsString(job))
                .isInstanceOf(DatabindException.class)
                .hasMessageContaining("is not a StoreFactory")
                .hasMessageContaining("numbers");
    }

    @Test
    void ownershipReferencesAreRefused() {
        try (var registration = StoreRegistry.global().registration(store)) {
            List<Integer> owned = store.ownedProxy(new ArrayList<>(List.of(1, 2)));
            List<Integer> borrowed = Refs.borrow(owned);

            assertThatThrownBy(() -> mapper.writeValueAsString(owned))
                    .isInstanceOf(InvalidDefinitionException.class)
                    .hasMessageContaining("owned reference")
                    .hasMessageContaining("ownership cannot move through JSON");
            assertThatThrownBy(() -> mapper.writeValueAsString(borrowed))
                    .isInstanceOf(InvalidDefinitionException.class)
                    .hasMessageContaining("borrowed reference");

            assertThat(borrowed).containsExactly(1, 2);
            Refs.release(borrowed);
            Refs.drop(owned);
        }
    }

    @Test
    void futureProxiesTravelAsFutureReferencesAndWaitForTheResult() {
        StoreFuture<List<Integer>> future = store.future(List.class);

        String json = mapper.writeValueAsString(future.proxy());
        List<Integer> copy = mapper.readValue(json, new TypeReference<List<Integer>>() {});

        assertThat(json).startsWith("{\"@proxystore\":3").contains("\"kind\":\"future\"")
                .contains("\"timeoutMs\":60000");
        assertThat(Proxies.isResolved(copy)).isFalse();
        future.setResult(new ArrayList<>(List.of(4, 2)));
        assertThat(copy).containsExactly(4, 2);
    }

    // ---------------------------------------------------------------- round trips

    @Test
    void aProxyInABeanPropertyReadsBackUnresolvedAndResolvesThroughTheRegisteredStore() {
        Matrix matrix = new Matrix("weights", 1, 2, 3);
        List<Integer> numbers = new ArrayList<>(List.of(4, 5, 6));
        String json = mapper.writeValueAsString(new Job("train", store.proxy(matrix), store.proxy(numbers)));

        Job copy = mapper.readValue(json, Job.class);

        assertThat(copy.getName()).isEqualTo("train");
        assertThat(Proxies.isProxy(copy.getMatrix())).isTrue();
        assertThat(Proxies.isProxy(copy.getNumbers())).isTrue();
        assertThat(Proxies.isResolved(copy.getMatrix())).isFalse();
        assertThat(Proxies.isResolved(copy.getNumbers())).isFalse();
        assertThat(Proxies.proxiedType(copy.getNumbers())).isEqualTo(List.class);
        try (var registration = StoreRegistry.global().registration(store)) {
            assertThat(copy.getMatrix().sum()).isEqualTo(6.0);
            assertThat(copy.getMatrix()).isEqualTo(matrix);
            assertThat(copy.getNumbers()).containsExactly(4, 5, 6);
        }
    }

    @Test
    void aListOfProxiesReadsBackAsAListOfProxies() {
        List<Matrix> matrices = List.of(store.proxy(new Matrix("a", 1)), store.proxy(new Matrix("b", 2)));
        String json = mapper.writeValueAsString(matrices);

        List<Matrix> copy = mapper.readValue(json, new TypeReference<List<Matrix>>() {});

        assertThat(copy).hasSize(2).allSatisfy(m -> {
            assertThat(Proxies.isProxy(m)).isTrue();
            assertThat(Proxies.isResolved(m)).isFalse();
        });
        try (var registration = StoreRegistry.global().registration(store)) {
            assertThat(copy).containsExactly(new Matrix("a", 1), new Matrix("b", 2));
        }
    }

    @Test
    void aProxyAsAMapValueReadsBackAsAProxy() {
        Library library = new Library();
        library.matrices.put("plain", new Matrix("plain", 0));
        library.matrices.put("stored", store.proxy(new Matrix("stored", 7)));

        Library copy = mapper.readValue(mapper.writeValueAsString(library), Library.class);

        assertThat(Proxies.isProxy(copy.matrices.get("plain"))).isFalse();
        assertThat(copy.matrices.get("plain")).isEqualTo(new Matrix("plain", 0));
        Matrix stored = copy.matrices.get("stored");
        assertThat(Proxies.isProxy(stored)).isTrue();
        assertThat(Proxies.isResolved(stored)).isFalse();
        try (var registration = StoreRegistry.global().registration(store)) {
            assertThat(stored).isEqualTo(new Matrix("stored", 7));
        }
    }

    @Test
    void proxiesInRecordComponentsAndNestedGenericTypesReadBack() {
        List<Integer> evens = store.proxy(new ArrayList<>(List.of(2, 4)));
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        groups.put("evens", evens);
        groups.put("odds", List.of(1, 3));
        Set<String> tags = store.proxy(new TreeSet<>(Set.of("x", "y")));
        Batch batch = new Batch("b", List.of(store.proxy(new Matrix("m", 1))), groups, tags);

        Batch copy = mapper.readValue(mapper.writeValueAsString(batch), Batch.class);

        assertThat(Proxies.isProxy(copy.matrices().get(0))).isTrue();
        assertThat(Proxies.isProxy(copy.groups().get("evens"))).isTrue();
        assertThat(Proxies.isProxy(copy.groups().get("odds"))).isFalse();
        assertThat(Proxies.isProxy(copy.tags())).isTrue();
        assertThat(Proxies.proxiedType(copy.tags())).isEqualTo(Set.class);
        try (var registration = StoreRegistry.global().registration(store)) {
            assertThat(copy).isEqualTo(batch);
            assertThat(copy.groups().get("evens")).containsExactly(2, 4);
            assertThat(copy.tags()).containsExactlyInAnyOrder("x", "y");
        }
    }

    @Test
    void aProxyAsTheRootValueReadsBackAsAProxyOfTheRequestedType() {
        List<Integer> numbers = store.proxy(new ArrayList<>(List.of(1, 2, 3)));
        Matrix matrix = store.proxy(new Matrix("root", 5));

        List<Integer> numbersCopy = mapper.readValue(mapper.writeValueAsString(numbers), new TypeReference<>() {});
        Matrix matrixCopy = mapper.readValue(mapper.writeValueAsString(matrix), Matrix.class);

        assertThat(Proxies.isResolved(numbersCopy)).isFalse();
        assertThat(Proxies.isResolved(matrixCopy)).isFalse();
        assertThat(StoreFactory.of(numbersCopy)).isEqualTo(StoreFactory.of(numbers));
        try (var registration = StoreRegistry.global().registration(store)) {
            assertThat(numbersCopy).containsExactly(1, 2, 3);
            assertThat(matrixCopy.getLabel()).isEqualTo("root");
        }
    }

    @Test
    void aPolymorphicallyTypedPropertyReadsAReferenceWithoutATypeId() {
        Drawing drawing = new Drawing();
        drawing.shape = store.proxy(new Circle(2));
        Drawing plain = new Drawing();
        plain.shape = new Circle(3);

        String json = mapper.writeValueAsString(drawing);
        Drawing copy = mapper.readValue(json, Drawing.class);
        Drawing plainCopy = mapper.readValue(mapper.writeValueAsString(plain), Drawing.class);

        assertThat(json).doesNotContain("kind");
        assertThat(Proxies.isProxy(copy.shape)).isTrue();
        assertThat(Proxies.proxiedType(copy.shape)).isEqualTo(Shape.class);
        assertThat(plainCopy.shape).isEqualTo(new Circle(3));
        try (var registration = StoreRegistry.global().registration(store)) {
            assertThat(copy.shape.area()).isEqualTo(new Circle(2).area());
        }
    }

    @Test
    void aReferenceResolvesThroughAStoreRecreatedFromItsConfigWhereTheReceiverAllowsIt(@TempDir Path directory) {
        String json;
        try (Store files = Store.builder("jackson-files", new FileConnector(directory))
                .serializer(DefaultSerializer.create().allowPackages("dev.proxystore.jackson"))
                .referencesCarryConfig(true)
                .build()) {
            json = mapper.writeValueAsString(new Job("files", files.proxy(new Matrix("on disk", 9)), null));
        }
        assertThat(mapper.readTree(json).get("matrix").get("connector").get("type").stringValue()).isEqualTo("file");
        assertThatThrownBy(() -> mapper.readValue(json, Job.class)).isInstanceOf(MismatchedInputException.class)
                .hasRootCauseInstanceOf(UntrustedReferenceException.class)
                .hasMessageContaining("re-creates no store");

        try (TrustPolicy policy = TrustPolicy.builder().recreateStores("file").allowDirectories(directory)
                .serializer(DefaultSerializer.create().allowPackages("dev.proxystore.jackson")).build()) {
            JsonMapper receiving = JsonMapper.builder()
                    .addModule(new ProxyStoreJacksonModule(StoreRegistry.create(policy))).build();
            Job copy = receiving.readValue(json, Job.class);

            assertThat(copy.getMatrix()).isEqualTo(new Matrix("on disk", 9));
            assertThat(policy.recreatedStores()).isEqualTo(1);
            assertThat(StoreRegistry.global().get("jackson-files")).as("never registered").isEmpty();
        }
    }

    @Test
    void anEvictingReferenceEvictsOnResolve() {
        Key<List<Integer>> key = store.put(new ArrayList<>(List.of(1)));
        List<Integer> ephemeral = store.proxyFromKey(key, List.class, ProxyOptions.defaults().withEvict(true));
        String json = mapper.writeValueAsString(ephemeral);
        assertThat(mapper.readTree(json).get("evict").booleanValue()).isTrue();

        List<Integer> first = mapper.readValue(json, new TypeReference<>() {});
        List<Integer> second = mapper.readValue(json, new TypeReference<>() {});

        try (var registration = StoreRegistry.global().registration(store)) {
            assertThat(first).containsExactly(1);
            assertThat(store.exists(key)).isFalse();
            assertThatThrownBy(second::size).isInstanceOf(ProxyResolveMissingKeyException.class);
        }
    }

    @Test
    void aSerializerOverrideTravelsWithTheReference() {
        DefaultSerializer wider = DefaultSerializer.create().allowPackages("dev.proxystore.jackson", "com.example");
        List<Integer> proxy = store.proxy(new ArrayList<>(List.of(8)), ProxyOptions.defaults().withSerializer(wider));
        String json = mapper.writeValueAsString(proxy);

        List<Integer> copy = mapper.readValue(json, new TypeReference<>() {});

        assertThat(mapper.readTree(json).get("serializer").stringValue()).startsWith("default#")
                .doesNotContain("com.example");
        assertThat(StoreFactory.of(copy)).isEqualTo(StoreFactory.of(proxy));
        try (var registration = StoreRegistry.global().registration(store)) {
            assertThat(copy).containsExactly(8);
        }
    }

    @Test
    void ordinaryJsonForTheSameDeclaredTypesStillReadsNormally() {
        Job job = mapper.readValue("{\"name\":\"n\",\"matrix\":{\"label\":\"m\",\"values\":[1.0]},\"numbers\":[1,2]}",
                Job.class);
        List<Matrix> matrices = mapper.readValue("[{\"label\":\"a\",\"values\":[]},{\"label\":\"b\",\"values\":[2]}]",
                new TypeReference<>() {});
        Job empty = mapper.readValue("{}", Job.class);
        Map<String, Integer> emptyMap = mapper.readValue("{}", new TypeReference<>() {});
        Map<String, List<Integer>> map = mapper.readValue("{\"a\":[1],\"b\":[]}", new TypeReference<>() {});
        Batch batch = mapper.readValue("{\"name\":\"b\",\"matrices\":[],\"groups\":{},\"tags\":[\"t\"]}",
                Batch.class);
        Matrix markerNotFirst = mapper.readValue("{\"label\":\"late\",\"@proxystore\":1}", Matrix.class);
        Map<String, Object> untyped = mapper.readValue("{\"k\":{\"x\":1}}", new TypeReference<>() {});

        assertThat(job.getMatrix()).isEqualTo(new Matrix("m", 1.0));
        assertThat(job.getNumbers()).containsExactly(1, 2);
        assertThat(Proxies.isProxy(job.getMatrix())).isFalse();
        assertThat(matrices).containsExactly(new Matrix("a"), new Matrix("b", 2));
        assertThat(empty.getName()).isNull();
        assertThat(emptyMap).isEmpty();
        assertThat(map).containsEntry("a", List.of(1)).containsEntry("b", List.of());
        assertThat(batch).isEqualTo(new Batch("b", List.of(), Map.of(), Set.of("t")));
        assertThat(markerNotFirst.getLabel()).isEqualTo("late");
        assertThat(untyped).isEqualTo(Map.of("k", Map.of("x", 1)));
    }

    @Test
    void objectsReadThroughOtherDeserializersAreReplayedIntact() {
        JsonMapper lenient = JsonMapper.builder()
                .addModule(new ProxyStoreJacksonModule())
                .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .build();

        List<Map<String, Object>> single =
                lenient.readValue("{\"a\":1,\"b\":{\"c\":2}}", new TypeReference<>() {});
        List<Map<String, Object>> empty = lenient.readValue("{}", new TypeReference<>() {});
        List<Matrix> matrices = lenient.readValue("{\"label\":\"x\",\"values\":[1]}", new TypeReference<>() {});

        assertThat(single).containsExactly(Map.of("a", 1, "b", Map.of("c", 2)));
        assertThat(empty).containsExactly(Map.of());
        assertThat(matrices).containsExactly(new Matrix("x", 1));
    }

    @Test
    void unwrappedPropertiesStillReadNormally() {
        Envelope envelope = mapper.readValue("{\"id\":\"x\",\"a\":\"y\",\"b\":2}", Envelope.class);

        assertThat(envelope.id).isEqualTo("x");
        assertThat(envelope.part.a).isEqualTo("y");
        assertThat(envelope.part.b).isEqualTo(2);
    }

    // ---------------------------------------------------------------- hostile or wrong input

    private ObjectNode reference() {
        Key<List<Integer>> key = store.put(new ArrayList<>(List.of(1)));
        return (ObjectNode) mapper.readTree(mapper.writeValueAsString(
                store.proxyFromKey(key, List.class, ProxyOptions.defaults())));
    }

    private void assertRejected(JsonNode json, String message) {
        assertThatThrownBy(() -> mapper.readValue(json.toString(), new TypeReference<List<Integer>>() {}))
                .isInstanceOf(MismatchedInputException.class)
                .hasMessageContaining("Invalid ProxyStore reference")
                .hasMessageContaining(message);
    }

    @Test
    void malformedReferencesAreRejectedWithAClearMessage() {
        ObjectNode noKey = reference();
        noKey.remove("key");
        assertRejected(noKey, "missing property 'key'");

        ObjectNode noStore = reference();
        noStore.remove("store");
        assertRejected(noStore, "missing property 'store'");

        assertRejected(reference().put(MARKER, 4), "'@proxystore' must be 1 to 3, found the number 4");
        assertRejected(reference().put(MARKER, "2"), "'@proxystore' must be 1 to 3, found a string");
        assertRejected(reference().put("key", ""), "'key' must not be empty");
        assertRejected(reference().put("key", 42), "'key' must be a string, found the number 42");
        assertRejected(reference().put("store", 7), "'store' must be a string, found the number 7");
        assertRejected(reference().put("evict", "yes"), "'evict' must be a boolean");
        assertRejected(reference().put("type", 1), "'type' must be a string");
        assertRejected(reference().put("extra", true), "unknown property 'extra'");
        assertRejected(reference().put("tag", "not base64!"), "'tag' must be base64url");
        assertRejected(reference().put("tag", "AAAA"), "'tag' must be 32 bytes, found 3");
        assertRejected(reference().put("expires", -1), "'expires' must be a non-negative integer");
        assertRejected(reference().put("kind", "owned"), "an owned reference without a move ticket");
        assertRejected(reference().put("kind", "nonsense"), "unknown kind 'nonsense'");

        ObjectNode badOption = reference();
        badOption.putObject("connector").put("type", "local").putObject("options").putArray("id");
        assertRejected(badOption, "'connector.options.id' must be a string, found an array");

        ObjectNode legacy = mapper.createObjectNode().put(MARKER, 1).put("key", "k");
        legacy.putObject("store").put("name", "jackson-test");
        assertRejected(legacy, "missing property 'store.connector'");

        assertThatThrownBy(() -> mapper.readValue(
                "{\"@proxystore\":2,\"key\":\"a\",\"key\":\"b\"}", new TypeReference<List<Integer>>() {}))
                .isInstanceOf(MismatchedInputException.class)
                .hasMessageContaining("duplicate property 'key'");
    }

    @Test
    void theTypeInAReferenceIsNeverLoaded() {
        String canary = "dev.proxystore.jackson.Canary";
        // the type is signed: changed, the reference only reads as unsigned (read-only), and still loads nothing
        ObjectNode json = reference().put("type", canary);
        json.remove("tag");
        ObjectNode processBuilder = reference().put("type", "java.lang.ProcessBuilder");
        processBuilder.remove("tag");

        List<Integer> proxy = mapper.readValue(json.toString(), new TypeReference<>() {});
        Matrix asMatrix = mapper.readValue(json.toString(), Matrix.class);
        List<Integer> other = mapper.readValue(processBuilder.toString(), new TypeReference<>() {});
        try (var registration = StoreRegistry.global().registration(store)) {
            assertThat(proxy).containsExactly(1);
            assertThat(other).containsExactly(1);
        }

        assertThat(Proxies.proxiedType(proxy)).isEqualTo(List.class);
        assertThat(Proxies.proxiedType(asMatrix)).isEqualTo(Matrix.class);
        assertThat(Canary.Counter.INITIALIZED).hasValue(0);
    }

    @Test
    void aReferenceIntoATypeThatCannotHoldAProxyIsRejected() {
        String json = reference().toString();

        assertThatThrownBy(() -> mapper.readValue(json, Object.class))
                .isInstanceOf(MismatchedInputException.class)
                .hasMessageContaining("Cannot read a ProxyStore reference as java.lang.Object");
        assertThatThrownBy(() -> mapper.readValue(json, Point.class))
                .isInstanceOf(MismatchedInputException.class)
                .hasMessageContaining("Cannot read a ProxyStore reference as dev.proxystore.jackson.Point")
                .hasMessageContaining("final class");
        assertThatThrownBy(() -> mapper.readValue(json, Batch.class))
                .isInstanceOf(MismatchedInputException.class)
                .hasMessageContaining("it is a record");
        assertThatThrownBy(() -> mapper.readValue(json, new TypeReference<PriorityQueue<Integer>>() {}))
                .isInstanceOf(MismatchedInputException.class)
                .hasMessageContaining("Cannot read a ProxyStore reference as java.util.PriorityQueue")
                .hasMessageContaining("spliterator");
        assertThatThrownBy(() -> mapper.readValue(json, new HashMap<>().keySet().getClass()))
                .isInstanceOf(MismatchedInputException.class)
                .hasMessageContaining("Cannot read a ProxyStore reference as java.util.HashMap$KeySet")
                .hasMessageContaining("it is not a public class; declare one of its interfaces instead");
        assertThatThrownBy(() -> mapper.readValue("{\"k\":" + json + "}", new TypeReference<Map<String, Object>>() {}))
                .isInstanceOf(MismatchedInputException.class)
                .hasMessageContaining("java.lang.Object");
        assertThatThrownBy(() -> mapper.readValue("{\"name\":" + json + "}", Job.class))
                .isInstanceOf(MismatchedInputException.class);
    }

    /** Holds a value declared with a JDK class. */
    public static class Measurements {
        public ArrayList<Integer> values;
    }

    @Test
    void aProxyOfAnArrayListReadsBackIntoAPropertyDeclaredAsArrayList() {
        Measurements measurements = new Measurements();
        measurements.values = store.proxy(new ArrayList<>(List.of(4, 5, 6)));

        String json = mapper.writeValueAsString(measurements);
        Measurements copy = mapper.readValue(json, Measurements.class);
        ArrayList<Integer> root = mapper.readValue(mapper.writeValueAsString(measurements.values),
                new TypeReference<ArrayList<Integer>>() {});

        assertThat(json).contains(MARKER);
        assertThat(copy.values).isInstanceOf(ArrayList.class);
        assertThat(Proxies.isProxy(copy.values)).isTrue();
        assertThat(Proxies.isResolved(copy.values)).isFalse();
        assertThat(Proxies.proxiedType(copy.values)).isEqualTo(ArrayList.class);
        assertThat(StoreFactory.of(copy.values)).isEqualTo(StoreFactory.of(measurements.values));
        assertThat(Proxies.isProxy(root)).isTrue();
        try (var registration = StoreRegistry.global().registration(store)) {
            assertThat(copy.values).containsExactly(4, 5, 6);
            assertThat(root).isEqualTo(List.of(4, 5, 6));
            assertThat(new ArrayList<>(copy.values)).isEqualTo(measurements.values);
        }
    }

    @Test
    void aModuleAdmitsReferencesUnderItsReceiversPolicy() {
        String json = reference().toString();
        StoreRegistry rejectingUnsigned = StoreRegistry.create(TrustPolicy.builder()
                .unsignedReferences(TrustPolicy.UnsignedReferences.REJECT).build());
        JsonMapper strict = JsonMapper.builder().addModule(new ProxyStoreJacksonModule(rejectingUnsigned)).build();
        ObjectNode unsigned = reference();
        unsigned.remove("tag");

        List<Integer> proxy = strict.readValue(json, new TypeReference<>() {});
        assertThat(proxy).as("the store that made it, in this JVM").containsExactly(1);
        assertThatThrownBy(() -> strict.readValue(unsigned.toString(), new TypeReference<List<Integer>>() {}))
                .isInstanceOf(MismatchedInputException.class)
                .hasMessageContaining("rejects unsigned references")
                .hasRootCauseInstanceOf(UntrustedReferenceException.class);
        assertThat(strict.writeValueAsString(store.proxy(new ArrayList<>(List.of(2))))).contains(MARKER);
    }

    @Test
    void aReferenceCannotBeMergedIntoAnExistingValue() {
        String json = mapper.writeValueAsString(store.proxy(new Matrix("m", 1)));

        assertThatThrownBy(() -> mapper.readerForUpdating(new Matrix("old")).readValue(json))
                .isInstanceOf(MismatchedInputException.class)
                .hasMessageContaining("Cannot merge a ProxyStore reference");
        Matrix updated = mapper.readerForUpdating(new Matrix("old", 1)).readValue("{\"label\":\"new\"}");
        assertThat(updated).isEqualTo(new Matrix("new", 1));
    }
}
