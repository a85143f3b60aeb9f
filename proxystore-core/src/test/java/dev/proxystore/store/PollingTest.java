package dev.proxystore.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proxystore.connector.DeferrableConnector;
import dev.proxystore.connector.LocalConnector;
import dev.proxystore.jackson.ProxyStoreJacksonModule;
import dev.proxystore.lifetime.ContextLifetime;
import dev.proxystore.proxy.Proxies;
import dev.proxystore.proxy.ProxyResolveException;
import dev.proxystore.proxy.ProxyResolveMissingKeyException;
import dev.proxystore.serialize.Serializer;
import dev.proxystore.testing.JavaSerialization;
import dev.proxystore.testing.Receiver;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Proxies that wait for their object, as Python ProxyStore's {@code PollingStoreFactory} and {@code Store.future}
 * do: how they poll, what they evict, and how their polling travels in references.
 */
class PollingTest {

    private static final String SIGNING_KEY = "the signing key these tests share, 32 bytes or more";

    private final JsonMapper mapper = JsonMapper.builder().addModule(new ProxyStoreJacksonModule()).build();

    /** A store signing with this process's default key, which the global registry verifies. */
    private static Store store(String name) {
        return new Store(name, new LocalConnector());
    }

    /** A store signing with {@link #SIGNING_KEY}, for a {@link Receiver} holding that key. */
    private static Store signingStore(String name) {
        return Store.builder(name, new LocalConnector())
                .trustPolicy(TrustPolicy.builder().signingKey(SIGNING_KEY).build())
                .build();
    }

    private static Key<List<String>> keyOfLaterObject(Store store) {
        return new Key<>(store.connector().deferrable().orElseThrow().newKey());
    }

    private static void write(Store store, Key<?> key, Object obj) {
        DeferrableConnector connector = store.connector().deferrable().orElseThrow();
        connector.set(key.id(), store.serializer().serialize(obj));
    }

    /** Resolves {@code proxy} on another thread, once that thread is seen waiting for the object. */
    private static CompletableFuture<Integer> sizeOnceWaiting(List<String> proxy) {
        CompletableFuture<Integer> size = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                size.complete(proxy.size());
            } catch (Throwable e) {
                size.completeExceptionally(e);
            }
        });
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (reader.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(reader.getState()).as("the reader sleeps between polls").isEqualTo(Thread.State.TIMED_WAITING);
        return size;
    }

    // ---------------------------------------------------------------- proxyFromKey with polling

    @Test
    void aProxyFromKeyWithPollingWaitsForAnObjectWrittenLater() throws Exception {
        try (Store store = store("polling-later")) {
            Key<List<String>> key = keyOfLaterObject(store);
            List<String> proxy = JavaSerialization.roundTrip(store.proxyFromKey(key, List.class,
                    ProxyOptions.defaults().withPolling(Polling.defaults().withTimeout(Duration.ofSeconds(30)))));

            CompletableFuture<Integer> size = sizeOnceWaiting(proxy);
            assertThat(size).isNotDone();
            write(store, key, new ArrayList<>(List.of("a", "b")));

            assertThat(size.get(10, TimeUnit.SECONDS)).isEqualTo(2);
            assertThat(proxy).containsExactly("a", "b");
            assertThat(store.exists(key)).as("not evicted unless asked").isTrue();
        }
    }

    @Test
    void aProxyFromKeyWithPollingResolvesAnObjectThatExistsAtOnce() {
        try (Store store = store("polling-resolve")) {
            Key<List<String>> key = store.put(new ArrayList<>(List.of("test-value")));
            List<String> proxy = store.proxyFromKey(key, List.class,
                    ProxyOptions.defaults().withPolling(Polling.defaults()));

            assertThat(proxy).containsExactly("test-value");
            assertThat(Proxies.factoryOf(proxy).get()).isEqualTo(List.of("test-value"));
        }
    }

    @Test
    void aPollingProxyWithEvictEvictsItsObjectOnceResolved() {
        try (Store store = store("polling-evict")) {
            Key<List<String>> key = store.put(new ArrayList<>(List.of("test-value")));
            List<String> proxy = store.proxyFromKey(key, List.class,
                    ProxyOptions.defaults().withEvict(true).withPolling(Polling.defaults()));

            assertThat(proxy).containsExactly("test-value");
            assertThat(store.exists(key)).isFalse();
        }
    }

    @Test
    void aPollingProxyThatTimesOutFailsAsAResolveOfAMissingKey() {
        try (Store store = store("polling-timeout")) {
            Key<List<String>> key = keyOfLaterObject(store);
            List<String> proxy = store.proxyFromKey(key, List.class, ProxyOptions.defaults().withEvict(true)
                    .withPolling(Polling.defaults().withInterval(Duration.ofMillis(1))
                            .withTimeout(Duration.ofMillis(2))));

            assertThatThrownBy(proxy::size)
                    .isInstanceOf(ProxyResolveMissingKeyException.class)
                    .isInstanceOf(ProxyResolveException.class)
                    .hasCauseInstanceOf(StoreTimeoutException.class)
                    .hasMessageContaining(key.id())
                    .hasMessageContaining("polling-timeout");
        }
    }

    @Test
    void sleepsGrowByTheBackoffFactorUpToTheIntervalLimit() {
        Polling polling = Polling.defaults().withInterval(Duration.ofMillis(1)).withBackoffFactor(2)
                .withIntervalLimit(Duration.ofMillis(4)).withTimeout(Duration.ofMillis(11));
        long first = TimeUnit.MILLISECONDS.toNanos(1);

        long second = polling.nextSleepNanos(first);
        long third = polling.nextSleepNanos(second);
        long fourth = polling.nextSleepNanos(third);

        assertThat(List.of(second, third, fourth)).containsExactly(TimeUnit.MILLISECONDS.toNanos(2),
                TimeUnit.MILLISECONDS.toNanos(4), TimeUnit.MILLISECONDS.toNanos(4));
        assertThat(polling.withIntervalLimit(null).nextSleepNanos(TimeUnit.MILLISECONDS.toNanos(4)))
                .as("no limit").isEqualTo(TimeUnit.MILLISECONDS.toNanos(8));
        assertThat(polling.withBackoffFactor(1).nextSleepNanos(first)).as("a fixed interval").isEqualTo(first);
        assertThat(polling.withIntervalLimit(null).nextSleepNanos(Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aPollingProxyWaitsTheWholeTimeoutBeforeItFails() {
        try (Store store = store("polling-backoff")) {
            Key<List<String>> key = keyOfLaterObject(store);
            List<String> proxy = store.proxyFromKey(key, List.class, ProxyOptions.defaults().withPolling(
                    Polling.defaults().withInterval(Duration.ofMillis(1)).withBackoffFactor(2)
                            .withIntervalLimit(Duration.ofMillis(4)).withTimeout(Duration.ofMillis(11))));

            long start = System.nanoTime();
            assertThatThrownBy(proxy::size).isInstanceOf(ProxyResolveMissingKeyException.class);

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(11));
        }
    }

    @Test
    void onlyProxiesOfObjectsWrittenLaterPoll() {
        try (Store store = store("polling-rejected")) {
            ProxyOptions polling = ProxyOptions.defaults().withPolling(Polling.defaults());
            ArrayList<String> list = new ArrayList<>(List.of("x"));

            assertThatIllegalArgumentException().isThrownBy(() -> store.proxy(list, polling))
                    .withMessageContaining("proxyFromKey");
            assertThatIllegalArgumentException().isThrownBy(() -> store.proxyBatch(List.of(list), polling));
            assertThatIllegalArgumentException().isThrownBy(() -> store.ownedProxy(list, polling));
            assertThatIllegalArgumentException().isThrownBy(() -> store.lockedProxy(list, polling));
            assertThat(store.count()).hasValue(0);
        }
    }

    // ---------------------------------------------------------------- futures with options

    @Test
    void aFutureWithEvictHandsOutProxiesThatEvictTheResultOnceResolved() throws Exception {
        try (Store store = store("future-evict")) {
            StoreFuture<List<String>> future = store.future(List.class, ProxyOptions.defaults().withEvict(true)
                    .withPolling(Polling.defaults().withInterval(Duration.ofMillis(2)).withBackoffFactor(1.5)));
            List<String> proxy = JavaSerialization.roundTrip(future.proxy());

            CompletableFuture<Integer> size = sizeOnceWaiting(proxy);
            future.setResult(new ArrayList<>(List.of("result")));

            assertThat(size.get(10, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(future.done()).as("evicted by the proxy's first resolve").isFalse();
        }
    }

    @Test
    void aFutureResultWaitsAsItsProxiesDoWithoutEvicting() {
        try (Store store = store("future-result")) {
            StoreFuture<List<String>> future = store.future(List.class, ProxyOptions.defaults().withEvict(true));
            future.setResult(new ArrayList<>(List.of("kept")));

            assertThat(future.result(Duration.ZERO)).containsExactly("kept");
            assertThat(future.result(Duration.ofSeconds(1))).containsExactly("kept");
            assertThat(future.done()).isTrue();
        }
    }

    @Test
    void aFutureWithASerializerWritesAndReadsItsResultWithIt() {
        Serializer text = new Serializer() {
            @Override
            public byte[] serialize(Object obj) {
                List<String> lines = ((List<?>) obj).stream().map(String::valueOf).toList();
                return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public Object deserialize(byte[] data) {
                return new ArrayList<>(List.of(new String(data, StandardCharsets.UTF_8).split("\n")));
            }
        };
        try (Store store = store("future-serializer")) {
            StoreFuture<List<String>> future = store.future(List.class, ProxyOptions.defaults().withSerializer(text));
            List<String> proxy = future.proxy();
            future.setResult(new ArrayList<>(List.of("one", "two")));

            assertThat(proxy).containsExactly("one", "two");
            assertThat(future.result(Duration.ofSeconds(1))).containsExactly("one", "two");
            Key<List<String>> key = new Key<>(StoreFactory.of(proxy).key().id());
            assertThat(store.get(key, text)).hasValue(List.of("one", "two"));
        }
    }

    @Test
    void aFuturesLifetimeEvictsItsResultWhenItEnds() {
        try (Store store = store("future-lifetime")) {
            ContextLifetime lifetime = new ContextLifetime(store);
            StoreFuture<List<String>> future = store.future(List.class,
                    ProxyOptions.defaults().withLifetime(lifetime));
            future.setResult(new ArrayList<>(List.of("short-lived")));
            assertThat(future.done()).isTrue();

            lifetime.close();

            assertThat(future.done()).isFalse();
        }
    }

    @Test
    void aFutureRefusesTags() {
        try (Store store = store("future-tags")) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> store.future(List.class, ProxyOptions.defaults().withTags("fast")))
                    .withMessageContaining("tags");
        }
    }

    // ---------------------------------------------------------------- references

    @Test
    void pollingSettingsSurviveJavaSerialization() {
        Polling polling = new Polling(Duration.ofMillis(3), 1.5, Duration.ofMillis(40), Duration.ofSeconds(20));
        try (Store store = store("polling-java")) {
            List<String> proxy = store.proxyFromKey(keyOfLaterObject(store), List.class,
                    ProxyOptions.defaults().withEvict(true).withPolling(polling));

            List<String> copy = JavaSerialization.roundTrip(proxy);

            assertThat(((PollingStoreFactory<?>) Proxies.factoryOf(copy)).polling()).isEqualTo(polling);
            assertThat(StoreFactory.of(copy).evict()).isTrue();
            assertThat(Proxies.isResolved(copy)).isFalse();
        }
    }

    @Test
    void pollingSettingsSurviveJsonReferencesInFormatVersionThree() {
        Polling polling = new Polling(Duration.ofMillis(3), 1.5, null, Duration.ofSeconds(20));
        try (Store store = store("polling-json")) {
            StoreFuture<List<String>> future = store.future(List.class,
                    ProxyOptions.defaults().withEvict(true).withPolling(polling));

            String json = mapper.writeValueAsString(future.proxy());
            List<String> copy = mapper.readValue(json, new TypeReference<List<String>>() {});

            assertThat(json).startsWith("{\"@proxystore\":3").contains("\"kind\":\"future\"")
                    .contains("\"intervalUs\":3000").contains("\"backoff\":1.5").doesNotContain("intervalLimitUs");
            assertThat(((PollingStoreFactory<?>) Proxies.factoryOf(copy)).polling()).isEqualTo(polling);
            future.setResult(new ArrayList<>(List.of("via JSON")));
            assertThat(copy).containsExactly("via JSON");
            assertThat(future.done()).as("evicted").isFalse();
        }
    }

    @Test
    void plainReferencesStayInFormatVersionTwo() {
        try (Store store = store("plain-json")) {
            String json = mapper.writeValueAsString(store.proxy(new ArrayList<>(List.of("plain"))));

            assertThat(json).startsWith("{\"@proxystore\":2").doesNotContain("intervalUs");
        }
    }

    @Test
    void aTamperedPollingSettingIsRefusedInJson() {
        try (Store store = store("polling-tampered-json")) {
            StoreFuture<List<String>> future = store.future(List.class, ProxyOptions.defaults()
                    .withPolling(Polling.defaults().withInterval(Duration.ofMillis(7))));
            String json = mapper.writeValueAsString(future.proxy());

            for (String tampered : List.of(json.replace("\"intervalUs\":7000", "\"intervalUs\":1"),
                    json.replace("\"backoff\":2.0", "\"backoff\":1.0"),
                    json.replace("\"intervalLimitUs\":50000", "\"intervalLimitUs\":1"))) {
                assertThat(tampered).isNotEqualTo(json);
                assertThatThrownBy(() -> mapper.readValue(tampered, new TypeReference<List<String>>() {}))
                        .hasRootCauseInstanceOf(UntrustedReferenceException.class)
                        .hasMessageContaining("does not verify");
            }
        }
    }

    @Test
    void aTamperedPollingSettingIsRefusedInJavaSerialization() {
        try (Store store = store("polling-tampered-java")) {
            long intervalMicros = 123_457;
            StoreFuture<List<String>> future = store.future(List.class, ProxyOptions.defaults()
                    .withPolling(Polling.defaults().withInterval(Duration.ofNanos(intervalMicros * 1000))));
            byte[] bytes = JavaSerialization.serialize(future.proxy());
            byte[] claimed = ByteBuffer.allocate(8).putLong(intervalMicros).array();
            int at = indexOf(bytes, claimed);
            assertThat(at).as("the interval is in the serialized claims").isNotNegative();

            bytes[at + 7]++;

            assertThatThrownBy(() -> JavaSerialization.deserialize(bytes))
                    .satisfies(e -> assertThat(e instanceof UntrustedReferenceException
                            || e.getCause() instanceof UntrustedReferenceException).as("refused: %s", e).isTrue());
        }
    }

    @Test
    void aReceiverKeepsThePollingButCapsTheTimeoutByItsOwnLimit() {
        Polling asked = new Polling(Duration.ofMillis(5), 3, Duration.ofMillis(30), Duration.ofDays(1));
        try (Store store = signingStore("polling-capped");
                Receiver receiver = Receiver.under(TrustPolicy.builder().signingKey(SIGNING_KEY)
                        .maxFutureWait(Duration.ofMillis(300)).build())) {
            List<String> proxy = store.proxyFromKey(keyOfLaterObject(store), List.class,
                    ProxyOptions.defaults().withPolling(asked));

            List<String> received = JavaSerialization.roundTrip(proxy);
            List<String> viaJson = mapper.readValue(mapper.writeValueAsString(proxy),
                    new TypeReference<List<String>>() {});

            Polling capped = asked.withTimeout(Duration.ofMillis(300));
            assertThat(((PollingStoreFactory<?>) Proxies.factoryOf(received)).polling()).isEqualTo(capped);
            assertThat(((PollingStoreFactory<?>) Proxies.factoryOf(viaJson)).polling()).isEqualTo(capped);
            assertThatThrownBy(received::size).isInstanceOf(ProxyResolveMissingKeyException.class)
                    .hasMessageContaining("PT0.3S");
        }
    }

    @Test
    void anUnsignedFutureIsRefusedInJson() {
        String unsigned = ForgedReferences.reference("polling-unsigned", "k")
                .future(Polling.defaults().withInterval(Duration.ofMillis(1))).jsonUnsigned();

        assertThat(unsigned).startsWith("{\"@proxystore\":3").doesNotContain("\"tag\"");
        assertThatThrownBy(() -> mapper.readValue(unsigned, new TypeReference<List<String>>() {}))
                .hasRootCauseInstanceOf(UntrustedReferenceException.class)
                .hasMessageContaining("never evicts, owns or waits");
    }

    @Test
    void aFutureInTheFormatWithoutPollingSettingsPollsAsTheDefaults() {
        try (Receiver receiver = Receiver.under(TrustPolicy.builder().signingKey(SIGNING_KEY).build());
                Store store = signingStore("polling-format-two");
                StoreRegistry.Registration registration = receiver.registry().registration(store)) {
            ForgedReferences.Forgery legacy = ForgedReferences.reference("polling-format-two", "k")
                    .future(Duration.ofSeconds(9));
            String json = legacy.jsonSignedWith(SIGNING_KEY);

            List<String> viaJava = JavaSerialization.deserialize(legacy.javaSignedWith(SIGNING_KEY, List.class));
            List<String> viaJson = mapper.readValue(json, new TypeReference<List<String>>() {});

            assertThat(json).startsWith("{\"@proxystore\":2").contains("\"kind\":\"future\"");
            Polling expected = Polling.defaults().withTimeout(Duration.ofSeconds(9));
            assertThat(((PollingStoreFactory<?>) Proxies.factoryOf(viaJava)).polling()).isEqualTo(expected);
            assertThat(((PollingStoreFactory<?>) Proxies.factoryOf(viaJson)).polling()).isEqualTo(expected);
            assertThat(StoreFactory.of(JavaSerialization.roundTrip(viaJava)).key().id())
                    .as("passed on unchanged, its tag still verifies").isEqualTo("k");
        }
    }

    @Test
    void pollingPropertiesNeedFormatVersionThree() {
        String json = "{\"@proxystore\":2,\"store\":\"s\",\"key\":\"k\",\"evict\":false,\"kind\":\"future\","
                + "\"timeoutMs\":10,\"intervalUs\":5,\"backoff\":2.0}";

        assertThatThrownBy(() -> mapper.readValue(json, new TypeReference<List<String>>() {}))
                .hasMessageContaining("'intervalUs' needs format version 3");
        assertThatThrownBy(() -> mapper.readValue(json.replace(":2,", ":3,").replace(",\"backoff\":2.0", ""),
                new TypeReference<List<String>>() {}))
                .hasMessageContaining("'intervalUs' and 'backoff' go together");
        assertThatThrownBy(() -> mapper.readValue(json.replace(":2,", ":3,").replace("\"kind\":\"future\",", "")
                .replace("\"timeoutMs\":10,", ""), new TypeReference<List<String>>() {}))
                .hasMessageContaining("polling settings on a PLAIN reference");
        assertThatThrownBy(() -> mapper.readValue(json.replace(":2,", ":3,").replace("2.0", "0.5"),
                new TypeReference<List<String>>() {}))
                .hasMessageContaining("polling settings out of range");
    }

    // ---------------------------------------------------------------- the settings

    @Test
    void pollingSettingsAreCheckedWhereTheyAreSet() {
        Polling defaults = Polling.defaults();

        assertThatIllegalArgumentException().isThrownBy(() -> defaults.withInterval(Duration.ZERO))
                .withMessageContaining("polling interval must be positive");
        assertThatIllegalArgumentException().isThrownBy(() -> defaults.withIntervalLimit(Duration.ofMillis(-1)))
                .withMessageContaining("polling interval limit must be positive");
        assertThatIllegalArgumentException().isThrownBy(() -> defaults.withTimeout(Duration.ZERO))
                .withMessageContaining("polling timeout must be positive");
        for (double factor : new double[] {0.5, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatIllegalArgumentException().isThrownBy(() -> defaults.withBackoffFactor(factor))
                    .withMessageContaining("backoff factor");
        }
    }

    @Test
    void durationsAreKeptInTheUnitsAReferenceCarries() {
        Polling polling = Polling.defaults().withInterval(Duration.ofNanos(1_500))
                .withIntervalLimit(Duration.ofNanos(1)).withTimeout(Duration.ofNanos(2_500_000));

        assertThat(polling.interval()).isEqualTo(Duration.ofNanos(1_000));
        assertThat(polling.intervalLimit()).isEqualTo(Duration.ofNanos(1_000));
        assertThat(polling.timeout()).isEqualTo(Duration.ofMillis(2));
        assertThat(Polling.defaults()).isEqualTo(new Polling(Duration.ofNanos(500_000), 2, Duration.ofMillis(50),
                Duration.ofMinutes(1)));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
