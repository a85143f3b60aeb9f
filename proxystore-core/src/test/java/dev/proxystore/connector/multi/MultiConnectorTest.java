package dev.proxystore.connector.multi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proxystore.connector.Connector;
import dev.proxystore.connector.ConnectorConfig;
import dev.proxystore.connector.ConnectorException;
import dev.proxystore.connector.Connectors;
import dev.proxystore.connector.DeferrableConnector;
import dev.proxystore.connector.FileConnector;
import dev.proxystore.connector.LocalConnector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MultiConnectorTest {

    @TempDir
    Path directory;

    private final List<Connector> opened = new ArrayList<>();

    @AfterEach
    void closeConnectors() {
        opened.forEach(Connector::close);
    }

    private <C extends Connector> C track(C connector) {
        opened.add(connector);
        return connector;
    }

    private static byte[] bytes(int length) {
        byte[] data = new byte[length];
        new Random(length).nextBytes(data);
        return data;
    }

    private static String inner(String key) {
        return key.substring(key.indexOf(':') + 1);
    }

    // --- routing ---

    @Test
    void routesBySizeWithInclusiveBounds() {
        LocalConnector small = new LocalConnector();
        LocalConnector large = new LocalConnector();
        MultiConnector multi = track(MultiConnector.builder()
                .route("small", small, Policy.any().withMaxSize(100))
                .route("large", large, Policy.any().withMinSize(101))
                .build());

        for (int size : new int[] {0, 1, 100}) {
            String key = multi.put(bytes(size));
            assertThat(key).startsWith("small:");
            assertThat(multi.labelOf(key)).isEqualTo("small");
            assertThat(small.get(inner(key))).isEqualTo(bytes(size));
            assertThat(multi.get(key)).isEqualTo(bytes(size));
        }
        for (int size : new int[] {101, 5000}) {
            String key = multi.put(bytes(size));
            assertThat(key).startsWith("large:");
            assertThat(large.get(inner(key))).isEqualTo(bytes(size));
        }
        assertThat(small.size()).isEqualTo(3);
        assertThat(large.size()).isEqualTo(2);
    }

    @Test
    void highestPriorityAcceptingRouteWins() {
        LocalConnector low = new LocalConnector();
        LocalConnector high = new LocalConnector();
        MultiConnector multi = track(MultiConnector.builder()
                .route("low", low, Policy.any().withPriority(-3))
                .route("high", high, Policy.any().withMaxSize(10).withPriority(7))
                .build());

        assertThat(multi.labelOf(multi.put(bytes(10)))).isEqualTo("high");
        assertThat(multi.labelOf(multi.put(bytes(11)))).isEqualTo("low");
        assertThat(high.size()).isOne();
        assertThat(low.size()).isOne();
    }

    @Test
    void equalPrioritiesGoToTheRouteDeclaredFirst() {
        MultiConnector multi = track(MultiConnector.builder()
                .route("first", new LocalConnector(), Policy.any().withPriority(1))
                .route("second", new LocalConnector(), Policy.any().withPriority(1))
                .route("third", new LocalConnector(), Policy.any())
                .build());

        for (int i = 0; i < 5; i++) {
            assertThat(multi.labelOf(multi.put(bytes(i)))).isEqualTo("first");
        }
        assertThat(multi.labelOf(multi.putBatch(List.of(bytes(1), bytes(2))).get(1))).isEqualTo("first");
    }

    @Test
    void taggedWritesGoOnlyToRoutesCarryingAllTheTags() {
        LocalConnector plain = new LocalConnector();
        LocalConnector gpu = new LocalConnector();
        MultiConnector multi = track(MultiConnector.builder()
                .route("plain", plain, Policy.any().withPriority(10))
                .route("gpu", gpu, Policy.any().withTags("gpu", "fast"))
                .build());

        assertThat(multi.labelOf(multi.put(bytes(1)))).isEqualTo("plain");
        assertThat(multi.labelOf(multi.put(bytes(1), Set.of()))).isEqualTo("plain");
        assertThat(multi.labelOf(multi.put(bytes(1), Set.of("gpu")))).isEqualTo("gpu");
        assertThat(multi.labelOf(multi.put(bytes(1), Set.of("gpu", "fast")))).isEqualTo("gpu");
        assertThat(multi.putBatch(List.of(bytes(1), bytes(2)), Set.of("fast")))
                .allSatisfy(key -> assertThat(key).startsWith("gpu:"));
        assertThat(gpu.size()).isEqualTo(4);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> multi.put(bytes(3), Set.of("gpu", "other")))
                .withMessageContaining("3 bytes")
                .withMessageContaining("[gpu, other]")
                .withMessageContaining("gpu (any size, tags [fast, gpu], priority 0)");
        assertThat(gpu.size()).isEqualTo(4);
        assertThat(plain.size()).isEqualTo(2);
    }

    @Test
    void untaggedWritesMayUseTaggedRoutes() {
        MultiConnector multi = track(MultiConnector.builder()
                .route("tagged", new LocalConnector(), Policy.any().withTags("x"))
                .build());

        assertThat(multi.labelOf(multi.put(bytes(1)))).isEqualTo("tagged");
    }

    // --- bad input: sizes no policy covers ---

    @Test
    void uncoveredSizeIsAClearErrorAndWritesNothing() {
        LocalConnector small = new LocalConnector();
        LocalConnector large = new LocalConnector();
        MultiConnector multi = track(MultiConnector.builder()
                .route("small", small, Policy.any().withMaxSize(10))
                .route("large", large, Policy.any().withSize(100, 1000).withTags("t").withPriority(2))
                .build());

        assertThatIllegalArgumentException()
                .isThrownBy(() -> multi.put(bytes(50)))
                .withMessageContaining("No route accepts an object of 50 bytes; nothing written")
                .withMessageContaining("small (size 0..10, tags [], priority 0)")
                .withMessageContaining("large (size 100..1000, tags [t], priority 2)");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> multi.put(bytes(1001)))
                .withMessageContaining("1001 bytes");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> multi.putBatch(List.of(bytes(5), bytes(500), bytes(50))))
                .withMessageContaining("50 bytes");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> multi.putBatch(List.of(bytes(5), bytes(500)), Set.of("t")))
                .withMessageContaining("5 bytes with tags [t]");

        assertThat(small.size()).isZero();
        assertThat(large.size()).isZero();
    }

    // --- batches ---

    @Test
    void putBatchRoutesEachElementKeepsOrderAndUsesOneBatchPerRoute() {
        FaultyConnector small = new FaultyConnector();
        FaultyConnector large = new FaultyConnector();
        MultiConnector multi = track(MultiConnector.builder()
                .route("small", small, Policy.any().withMaxSize(100))
                .route("large", large, Policy.any().withMinSize(101))
                .build());
        List<byte[]> data = List.of(bytes(5), bytes(500), bytes(6), bytes(700), bytes(0));

        List<String> keys = multi.putBatch(data);

        assertThat(keys).hasSize(5).doesNotHaveDuplicates();
        assertThat(keys.stream().map(multi::labelOf)).containsExactly("small", "large", "small", "large", "small");
        assertThat(small.putBatches.get()).isOne();
        assertThat(large.putBatches.get()).isOne();
        assertThat(small.puts.get() + large.puts.get()).isZero();
        assertThat(small.size()).isEqualTo(3);
        assertThat(large.size()).isEqualTo(2);

        String missingSmall = multi.put(bytes(1));
        multi.evict(missingSmall);
        String missingLarge = multi.put(bytes(1000));
        multi.evict(missingLarge);
        List<String> reads = List.of(keys.get(3), missingSmall, keys.get(0), keys.get(4), missingLarge, keys.get(1));
        List<byte[]> read = multi.getBatch(reads);

        assertThat(read).hasSize(6);
        assertThat(read.get(0)).isEqualTo(bytes(700));
        assertThat(read.get(1)).isNull();
        assertThat(read.get(2)).isEqualTo(bytes(5));
        assertThat(read.get(3)).isEqualTo(bytes(0));
        assertThat(read.get(4)).isNull();
        assertThat(read.get(5)).isEqualTo(bytes(500));
        assertThat(small.getBatches.get()).isOne();
        assertThat(large.getBatches.get()).isOne();
    }

    @Test
    void putBatchEvictsWhatOtherRoutesWroteWhenOneFails() {
        FaultyConnector small = new FaultyConnector();
        FaultyConnector large = new FaultyConnector();
        large.failPuts = true;
        MultiConnector multi = track(MultiConnector.builder()
                .route("small", small, Policy.any().withMaxSize(100))
                .route("large", large, Policy.any().withMinSize(101))
                .build());

        assertThatExceptionOfType(ConnectorException.class)
                .isThrownBy(() -> multi.putBatch(List.of(bytes(1), bytes(200), bytes(2))))
                .withMessageContaining("batch refused");

        assertThat(small.putBatches.get()).isOne();
        assertThat(small.size()).isZero();
        assertThat(large.size()).isZero();
    }

    @Test
    void putBatchStopsAtTheFirstFailingRoute() {
        FaultyConnector small = new FaultyConnector();
        FaultyConnector large = new FaultyConnector();
        large.failPuts = true;
        MultiConnector multi = track(MultiConnector.builder()
                .route("small", small, Policy.any().withMaxSize(100))
                .route("large", large, Policy.any().withMinSize(101))
                .build());

        assertThatExceptionOfType(ConnectorException.class)
                .isThrownBy(() -> multi.putBatch(List.of(bytes(200), bytes(1))));

        assertThat(small.putBatches.get()).isZero();
        assertThat(small.size()).isZero();
    }

    @Test
    void putBatchKeepsCleanupFailuresAsSuppressed() {
        FaultyConnector small = new FaultyConnector();
        FaultyConnector large = new FaultyConnector();
        large.failPuts = true;
        small.failEvicts = true;
        MultiConnector multi = track(MultiConnector.builder()
                .route("small", small, Policy.any().withMaxSize(100))
                .route("large", large, Policy.any().withMinSize(101))
                .build());

        assertThatThrownBy(() -> multi.putBatch(List.of(bytes(1), bytes(2), bytes(200))))
                .isInstanceOf(ConnectorException.class)
                .hasMessageContaining("batch refused")
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(2)
                        .allSatisfy(s -> assertThat(s).hasMessageContaining("evict refused")));
    }

    // --- keys ---

    private MultiConnector memoryAndFiles() {
        return track(MultiConnector.builder()
                .route("small", new LocalConnector(), Policy.any().withMaxSize(100))
                .route("files", new FileConnector(directory.resolve("objects")), Policy.any())
                .build());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", ":", "small", "small:", ":0f8fad5b-d9cb-469f-a165-70867728950e", "unknown:abc", "SMALL:abc",
        " small:abc", "small :abc", "../small:abc", "files", "files:", "small\u0000:abc", "small\n:abc"
    })
    void rejectsKeysWithoutOneOfItsLabels(String hostile) {
        MultiConnector multi = memoryAndFiles();
        String good = multi.put(bytes(1));

        assertThatIllegalArgumentException().isThrownBy(() -> multi.get(hostile));
        assertThatIllegalArgumentException().isThrownBy(() -> multi.exists(hostile));
        assertThatIllegalArgumentException().isThrownBy(() -> multi.evict(hostile));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> multi.deferrable().orElseThrow().set(hostile, bytes(1)));
        assertThatIllegalArgumentException().isThrownBy(() -> multi.labelOf(hostile));
        assertThatIllegalArgumentException().isThrownBy(() -> multi.getBatch(List.of(good, hostile)));
        assertThat(multi.get(good)).isEqualTo(bytes(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "files:../../etc/passwd", "files:.", "files:..", "files:0f8fad5b-d9cb-469f-a165-70867728950e/../x",
        "files:/etc/passwd", "files:small:0f8fad5b-d9cb-469f-a165-70867728950e"
    })
    void leavesTheRestOfTheKeyToTheRoutesConnector(String hostile) throws Exception {
        MultiConnector multi = memoryAndFiles();
        Files.write(directory.resolve("secret"), bytes(3));

        assertThatIllegalArgumentException().isThrownBy(() -> multi.get(hostile));
        assertThatIllegalArgumentException().isThrownBy(() -> multi.exists(hostile));
        assertThatIllegalArgumentException().isThrownBy(() -> multi.evict(hostile));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> multi.deferrable().orElseThrow().set(hostile, bytes(1)));
        assertThatIllegalArgumentException().isThrownBy(() -> multi.getBatch(List.of(hostile)));
        assertThat(directory.resolve("secret")).exists();
    }

    @Test
    void unknownLabelErrorNamesTheRoutes() {
        MultiConnector multi = track(MultiConnector.builder()
                .route("a", new LocalConnector(), Policy.any())
                .route("b", new LocalConnector(), Policy.any())
                .build());

        assertThatIllegalArgumentException()
                .isThrownBy(() -> multi.get("c:123"))
                .withMessageContaining("'c:123'")
                .withMessageContaining("[a, b]");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> multi.labelOf("x".repeat(10_000)))
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300));
        assertThatNullPointerException().isThrownBy(() -> multi.get(null));
    }

    @Test
    void getBatchChecksEveryKeyBeforeReading() {
        FaultyConnector route = new FaultyConnector();
        MultiConnector multi = track(MultiConnector.builder().route("a", route, Policy.any()).build());
        String key = multi.put(bytes(1));

        assertThatIllegalArgumentException().isThrownBy(() -> multi.getBatch(List.of(key, "b:" + inner(key))));

        assertThat(route.getBatches.get()).isZero();
    }

    // --- deferred writes ---

    @Test
    void newKeyBelongsToTheHighestPriorityRouteAcceptingEmptyObjects() {
        LocalConnector small = new LocalConnector();
        MultiConnector multi = track(MultiConnector.builder()
                .route("large", new LocalConnector(), Policy.any().withMinSize(101).withPriority(5))
                .route("small", small, Policy.any().withMaxSize(100))
                .build());
        DeferrableConnector deferrable = multi.deferrable().orElseThrow();

        String key = deferrable.newKey();
        assertThat(multi.labelOf(key)).isEqualTo("small");
        assertThat(multi.exists(key)).isFalse();

        deferrable.set(key, bytes(100));
        assertThat(multi.get(key)).isEqualTo(bytes(100));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> deferrable.set(key, bytes(101)))
                .withMessageContaining("Route 'small' (size 0..100, tags [], priority 0)")
                .withMessageContaining("101 bytes; nothing written");
        assertThat(multi.get(key)).isEqualTo(bytes(100));
        assertThat(small.size()).isOne();
        assertThat(deferrable.deferrable()).containsSame(deferrable);
        assertThat(deferrable.tagged()).containsSame(multi);
    }

    @Test
    void newKeyUsesTheNamedDeferredRoute() {
        MultiConnector multi = track(MultiConnector.builder()
                .route("small", new LocalConnector(), Policy.any().withMaxSize(100).withPriority(1))
                .route("any", new LocalConnector(), Policy.any())
                .deferredRoute("any")
                .build());
        DeferrableConnector deferrable = multi.deferrable().orElseThrow();

        String key = deferrable.newKey();
        deferrable.set(key, bytes(100_000));

        assertThat(multi.labelOf(key)).isEqualTo("any");
        assertThat(multi.get(key)).isEqualTo(bytes(100_000));
        assertThat(multi.labelOf(multi.put(bytes(5)))).isEqualTo("small");
    }

    @Test
    void aConnectorWithARouteThatCannotDeferOffersNoDeferredWrites() {
        MultiConnector multi = track(MultiConnector.builder()
                .route("plain", new FaultyConnector(), Policy.any().withPriority(9))
                .route("local", new LocalConnector(), Policy.any())
                .build());

        assertThat(multi.deferrable()).isEmpty();
        assertThat(multi).isNotInstanceOf(DeferrableConnector.class);
        String plainKey = multi.put(bytes(1));
        assertThat(multi.labelOf(plainKey)).isEqualTo("plain");
        assertThat(multi.get(plainKey)).isEqualTo(bytes(1));
    }

    @Test
    void newKeyWithoutARouteAcceptingEmptyObjectsFailsNamingTheRoutes() {
        MultiConnector nonEmpty = track(MultiConnector.builder()
                .route("a", new LocalConnector(), Policy.any().withMinSize(1))
                .build());

        assertThatIllegalStateException()
                .isThrownBy(() -> nonEmpty.deferrable().orElseThrow().newKey())
                .withMessageContaining("a (size >= 1, tags [], priority 0)");
    }

    // --- expiry ---

    @Test
    void expiryIsOfferedOnlyWhenEveryRouteExpiresKeys() {
        MultiConnector mixed = track(MultiConnector.builder()
                .route("memory", new LocalConnector(), Policy.any().withMaxSize(100))
                .route("files", new FileConnector(directory), Policy.any().withMinSize(101))
                .build());
        MultiConnector memory = track(MultiConnector.builder()
                .route("small", new LocalConnector(), Policy.any().withMaxSize(100))
                .route("large", new LocalConnector(), Policy.any().withMinSize(101))
                .build());
        String small = memory.put(bytes(1));
        String large = memory.put(bytes(1000));

        memory.expiring().orElseThrow().expire(small, Duration.ZERO);
        memory.expiring().orElseThrow().expire(large, Duration.ofHours(1));

        assertThat(mixed.expiring()).isEmpty();
        assertThat(memory.exists(small)).isFalse();
        assertThat(memory.exists(large)).isTrue();
        assertThatNullPointerException().isThrownBy(() -> memory.expiring().orElseThrow().expire(large, null));
    }

    @Test
    void payloadsGoThroughTheRoutesOwnBuffersWhereItHasThem() {
        MultiConnector multi = track(MultiConnector.builder()
                .route("memory", new LocalConnector(), Policy.any().withMaxSize(100))
                .route("files", new FileConnector(directory), Policy.any().withMinSize(101))
                .build());
        dev.proxystore.serialize.DefaultSerializer serializer = dev.proxystore.serialize.DefaultSerializer.create();
        double[] values = new java.util.Random(1).doubles(1000).toArray();

        String large = multi.put(serializer.payload(values));
        String small = multi.put(serializer.payload("s"));

        assertThat(multi.labelOf(large)).isEqualTo("files");
        assertThat(multi.labelOf(small)).isEqualTo("memory");
        assertThat((double[]) multi.get(large, Long.MAX_VALUE, serializer::deserializeFrom)).containsExactly(values);
        assertThat(multi.get(small, Long.MAX_VALUE, serializer::deserializeFrom)).isEqualTo("s");
        assertThatExceptionOfType(dev.proxystore.connector.ObjectTooLargeException.class)
                .isThrownBy(() -> multi.get(large, 10, serializer::deserializeFrom));
    }

    // --- close ---

    @Test
    void closeClosesEveryRouteOnceAndDeletesNothing() {
        FaultyConnector shared = new FaultyConnector();
        LocalConnector local = new LocalConnector();
        Connector sameData = track(Connectors.create(local.config()));
        MultiConnector multi = MultiConnector.builder()
                .route("a", shared, Policy.any().withMaxSize(10))
                .route("b", shared, Policy.any().withSize(11, 20))
                .route("c", local, Policy.any())
                .build();
        String key = multi.put(bytes(100));

        multi.close();
        multi.close();

        assertThat(shared.closes.get()).isOne();
        assertThat(sameData.get(inner(key))).isEqualTo(bytes(100));
        assertThatIllegalStateException().isThrownBy(() -> multi.put(bytes(1)));
        assertThatIllegalStateException().isThrownBy(() -> multi.get(key));
        assertThatIllegalStateException().isThrownBy(() -> multi.exists(key));
        assertThat(multi.config().type()).isEqualTo("multi");
    }

    @Test
    void closeClosesTheOtherRoutesWhenOneFails() {
        FaultyConnector failing = new FaultyConnector();
        failing.failClose = true;
        FaultyConnector other = new FaultyConnector();
        MultiConnector multi = MultiConnector.builder()
                .route("a", failing, Policy.any())
                .route("b", other, Policy.any())
                .build();

        assertThatExceptionOfType(ConnectorException.class).isThrownBy(multi::close);

        assertThat(other.closes.get()).isOne();
    }

    // --- build-time validation ---

    @Test
    void needsAtLeastOneRoute() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> MultiConnector.builder().build())
                .withMessageContaining("at least one route");
    }

    @Test
    void rejectsDuplicateLabels() {
        try (LocalConnector first = new LocalConnector(); LocalConnector second = new LocalConnector()) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> MultiConnector.builder()
                            .route("a", first, Policy.any())
                            .route("a", second, Policy.any())
                            .build())
                    .withMessageContaining("Duplicate route label 'a'");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "a:b", "a.b", "a,b", " a", "a ", "a/b", "é", "a\nb"})
    void rejectsMalformedLabels(String label) {
        try (LocalConnector connector = new LocalConnector()) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> MultiConnector.builder().route(label, connector, Policy.any()));
        }
    }

    @Test
    void rejectsNullRouteParts() {
        try (LocalConnector connector = new LocalConnector()) {
            assertThatNullPointerException()
                    .isThrownBy(() -> MultiConnector.builder().route(null, connector, Policy.any()));
            assertThatNullPointerException()
                    .isThrownBy(() -> MultiConnector.builder().route("a", (Connector) null, Policy.any()));
            assertThatNullPointerException()
                    .isThrownBy(() -> MultiConnector.builder().route("a", (ConnectorConfig) null, Policy.any()));
            assertThatNullPointerException()
                    .isThrownBy(() -> MultiConnector.builder().route("a", connector, null));
        }
    }

    @Test
    void rejectsUnknownOrNonDeferrableDeferredRoute() {
        try (LocalConnector local = new LocalConnector(); FaultyConnector plain = new FaultyConnector()) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> MultiConnector.builder()
                            .route("a", local, Policy.any())
                            .deferredRoute("b")
                            .build())
                    .withMessageContaining("'b'");
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> MultiConnector.builder()
                            .route("a", local, Policy.any())
                            .route("p", plain, Policy.any())
                            .deferredRoute("p")
                            .build())
                    .withMessageContaining("not a DeferrableConnector");
        }
    }

    @Test
    void rejectsRouteConnectorOptionsThatClashWithRouteOptions() {
        for (String option : List.of("type", "min-size", "max-size", "priority", "tags")) {
            try (FaultyConnector connector = new FaultyConnector(java.util.Map.of(option, "1"))) {
                assertThatIllegalArgumentException()
                        .isThrownBy(() -> MultiConnector.builder().route("a", connector, Policy.any()).build())
                        .withMessageContaining("'" + option + "'");
            }
        }
    }

    @Test
    void exposesRoutes() {
        LocalConnector a = new LocalConnector();
        Policy policy = Policy.any().withSize(1, 2).withTags("z", "y").withPriority(3);
        MultiConnector multi = track(MultiConnector.builder()
                .route("b", new LocalConnector(), Policy.any())
                .route("a", a, policy)
                .build());

        assertThat(multi.labels()).containsExactly("b", "a");
        assertThat(multi.policy("a")).isEqualTo(policy);
        assertThat(multi.connector("a")).isSameAs(a);
        assertThatIllegalArgumentException().isThrownBy(() -> multi.policy("c"));
        assertThat(multi.toString()).contains("b=LocalConnector", "a=LocalConnector");
    }

    @Test
    void fileRouteKeepsObjectsInItsDirectory() throws Exception {
        MultiConnector multi = track(MultiConnector.builder()
                .route("memory", new LocalConnector(), Policy.any().withMaxSize(100))
                .route("files", new FileConnector(directory), Policy.any().withMinSize(101))
                .build());

        String key = multi.put(bytes(1000));
        multi.put(bytes(10));

        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files.map(file -> file.getFileName().toString())).containsExactly(inner(key));
        }
    }
}
