package dev.proxystore.spring.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxystore.proxy.Proxies;
import dev.proxystore.spring.e2e.E2eApplication.Tally;
import dev.proxystore.store.Store;
import dev.proxystore.store.StoreRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.annotation.DirtiesContext.ClassMode;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

/**
 * The starter in a running web application, over real HTTP: stores from properties, a proxy that travels through a
 * REST round trip as a reference, a lifetime scope per request, and the Actuator health, endpoint and metrics.
 * Each test gets a fresh application, closed afterwards, so no store stays registered.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
    "proxystore.stores.jobs.cache-size=4",
    "proxystore.stores.jobs.primary=true",
    "proxystore.stores.scratch.connector=file",
    "management.endpoints.web.exposure.include=health,proxystore,metrics",
    "management.endpoint.health.show-details=always",
    "spring.autoconfigure.exclude=org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration"
})
@DirtiesContext(classMode = ClassMode.AFTER_EACH_TEST_METHOD)
class E2eApplicationTests {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };

    @DynamicPropertySource
    static void scratchDirectory(DynamicPropertyRegistry registry) {
        registry.add("proxystore.stores.scratch.file.directory", () -> {
            try {
                return Files.createTempDirectory(Files.createDirectories(Path.of("target")), "proxystore-e2e-").toString();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @LocalServerPort
    int port;

    @Autowired
    Store store;

    @Autowired
    RestClient.Builder restClients;

    @Autowired
    @Qualifier("scratch")
    Store scratch;

    private RestClient http() {
        return RestClient.create("http://localhost:" + port);
    }

    @Test
    void aProxyTravelsThroughRestAsAReferenceAndResolvesOnTheServer() {
        assertThat(store.name()).isEqualTo("jobs");
        assertThat(StoreRegistry.global().get("jobs")).containsSame(store);
        int destroyedBefore = Tally.destroyed.get();

        String json = http().get().uri("/batches?size=200000").retrieve().body(String.class);
        assertThat(json).contains("\"name\":\"batch-200000\"").contains("\"@proxystore\":2")
                .contains("\"store\":\"jobs\"");
        assertThat(json.length()).as("200 000 numbers travel as a reference").isLessThan(1024);

        Map<String, Object> summary = http().post().uri("/batches/sum").contentType(MediaType.APPLICATION_JSON)
                .body(json).retrieve().body(JSON);
        assertThat(summary).containsEntry("sum", 199_999L * 200_000L / 2).containsEntry("size", 200_000)
                .containsEntry("arrivedAsProxy", true).containsEntry("arrivedResolved", false)
                .containsEntry("tallies", 2);
        assertThat(Tally.destroyed.get()).as("the request's lifetime ended").isEqualTo(destroyedBefore + 1);

        // the ephemeral object left the store on first use, and the lifetime evicted the partial result
        assertThat(evictions("ephemeral")).isEqualTo(1.0);
        assertThat(evictions("lifetime")).isEqualTo(1.0);

        Map<String, Object> again = http().post().uri("/batches/sum").contentType(MediaType.APPLICATION_JSON)
                .body(json).exchange((request, response) -> Map.of("status", response.getStatusCode().value()));
        assertThat(again.get("status")).as("the ephemeral object is gone").isEqualTo(410);
    }

    @Test
    void aTamperedUnsignedOrForgedReferenceInARequestBodyIsABadRequestAndEvictsNothing() throws Exception {
        String json = http().get().uri("/batches?size=10").retrieve().body(String.class);
        tools.jackson.databind.json.JsonMapper mapper = tools.jackson.databind.json.JsonMapper.builder().build();
        tools.jackson.databind.node.ObjectNode batch = (tools.jackson.databind.node.ObjectNode) mapper.readTree(json);
        tools.jackson.databind.node.ObjectNode reference = (tools.jackson.databind.node.ObjectNode) batch.get("numbers");
        tools.jackson.databind.node.ObjectNode kept = reference.deepCopy().put("evict", false);
        tools.jackson.databind.node.ObjectNode unsignedKept = kept.deepCopy();
        unsignedKept.remove("tag");
        tools.jackson.databind.node.ObjectNode unsignedEvicting = reference.deepCopy();
        unsignedEvicting.remove("tag");
        tools.jackson.databind.node.ObjectNode otherStore = reference.deepCopy().put("store", "elsewhere");

        for (tools.jackson.databind.node.ObjectNode body : List.of(kept, unsignedEvicting, otherStore)) {
            batch.set("numbers", body);
            int status = http().post().uri("/batches/sum").contentType(MediaType.APPLICATION_JSON)
                    .body(batch.toString()).exchange((request, response) -> response.getStatusCode().value());
            assertThat(status).as("POST of %s", body).isEqualTo(400);
        }
        batch.set("numbers", unsignedKept);
        Map<String, Object> readOnly = http().post().uri("/batches/sum").contentType(MediaType.APPLICATION_JSON)
                .body(batch.toString()).retrieve().body(JSON);
        assertThat(readOnly).as("an unsigned reference still reads").containsEntry("sum", 45);
        batch.set("numbers", reference);
        Map<String, Object> honest = http().post().uri("/batches/sum").contentType(MediaType.APPLICATION_JSON)
                .body(batch.toString()).retrieve().body(JSON);
        assertThat(honest).as("the object was never evicted by the refused ones").containsEntry("sum", 45);
        assertThat(evictions("ephemeral")).isEqualTo(1.0);
    }

    @Test
    void aControllerDeclaredToReturnAListWritesAReferenceWithoutResolvingOrEvicting() {
        String json = http().get().uri("/numbers?size=100000").retrieve().body(String.class);

        assertThat(json).startsWith("{\"@proxystore\":2").hasSizeLessThan(500);
        assertThat(evictions("ephemeral")).as("the write did not resolve the ephemeral proxy").isZero();
        Map<String, Object> summary = http().post().uri("/batches/sum").contentType(MediaType.APPLICATION_JSON)
                .body("{\"name\":\"n\",\"numbers\":" + json + "}").retrieve().body(JSON);
        assertThat(summary).containsEntry("size", 100_000);
        assertThat(evictions("ephemeral")).isEqualTo(1.0);
    }

    @Test
    void controllersDeclaredToReturnListMapOrSetSendReferencesThatAClientWithTheModuleReadsAsProxies() {
        String doubles = http().get().uri("/doubles?size=100000").retrieve().body(String.class);
        String totals = http().get().uri("/totals").retrieve().body(String.class);
        String labels = http().get().uri("/labels").retrieve().body(String.class);

        for (String json : List.of(doubles, totals, labels)) {
            assertThat(json).startsWith("{\"@proxystore\":2").contains("\"store\":\"jobs\"").hasSizeLessThan(500);
        }

        // Boot's RestClient.Builder carries Boot's JsonMapper, and so the module
        RestClient client = restClients.baseUrl("http://localhost:" + port).build();
        List<Double> values = client.get().uri("/doubles?size=100000").retrieve()
                .body(new ParameterizedTypeReference<List<Double>>() {
                });
        Map<String, Double> totalsCopy = client.get().uri("/totals").retrieve()
                .body(new ParameterizedTypeReference<Map<String, Double>>() {
                });
        Set<String> labelsCopy = client.get().uri("/labels").retrieve()
                .body(new ParameterizedTypeReference<Set<String>>() {
                });

        assertThat(Proxies.isProxy(values)).isTrue();
        assertThat(Proxies.isResolved(values)).isFalse();
        assertThat(Proxies.isProxy(totalsCopy)).isTrue();
        assertThat(Proxies.isProxy(labelsCopy)).isTrue();
        assertThat(values).hasSize(100_000).startsWith(0.0, 0.5, 1.0).endsWith(49_999.5);
        assertThat(totalsCopy).containsExactlyInAnyOrderEntriesOf(Map.of("a", 1.5, "b", 2.5));
        assertThat(labelsCopy).containsExactlyInAnyOrder("x", "y");
    }

    @Test
    void aPlainRestClientFindsTheModuleAndPostsAProxyAsAReference() {
        // RestClient.create() is not Boot's builder: Spring's own JSON converter discovers the module (ServiceLoader)
        List<Integer> numbers = store.proxy(new java.util.ArrayList<>(java.util.stream.IntStream.range(0, 1000)
                .boxed().toList()), dev.proxystore.store.ProxyOptions.defaults().withPopulateTarget(false));

        Map<String, Object> summary = http().post().uri("/batches/sum").contentType(MediaType.APPLICATION_JSON)
                .body(new E2eApplication.Batch("plain", numbers)).retrieve().body(JSON);
        List<Double> values = http().get().uri("/doubles?size=10").retrieve()
                .body(new ParameterizedTypeReference<List<Double>>() {
                });

        assertThat(summary).containsEntry("size", 1000).containsEntry("arrivedAsProxy", true);
        assertThat(Proxies.isResolved(numbers)).as("posting did not resolve the proxy").isFalse();
        assertThat(Proxies.isProxy(values)).isTrue();
        assertThat(values).containsExactly(0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5);
    }

    @Test
    void healthAndTheProxystoreEndpointDescribeTheStores() {
        Map<String, Object> health = http().get().uri("/actuator/health").retrieve().body(JSON);
        assertThat(health).containsEntry("status", "UP");
        Map<String, Object> proxystore = child(child(health, "components"), "proxystore");
        assertThat(proxystore).containsEntry("status", "UP");
        Map<String, Object> components = child(proxystore, "components");
        assertThat(components).containsOnlyKeys("jobs", "scratch");
        assertThat(child(components, "scratch")).containsEntry("status", "UP")
                .containsEntry("details", Map.of("connector", "file"));

        scratch.put("kept", dev.proxystore.lifetime.StaticLifetime.instance());
        Map<String, Object> endpoint = http().get().uri("/actuator/proxystore").retrieve().body(JSON);
        Map<String, Object> stores = child(endpoint, "stores");
        assertThat(stores).containsOnlyKeys("jobs", "scratch");
        assertThat(child(stores, "jobs")).containsEntry("cacheSize", 4).containsEntry("metrics", true)
                .containsEntry("populateTarget", true);
        assertThat(child(child(stores, "jobs"), "connector")).containsEntry("type", "local");
        assertThat(child(child(stores, "scratch"), "connector")).containsEntry("type", "file");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> lifetimes = (List<Map<String, Object>>) endpoint.get("lifetimes");
        assertThat(lifetimes).anySatisfy(lifetime -> assertThat(lifetime).containsEntry("kind", "static")
                .containsEntry("name", "static-lifetime"));

        Map<String, Object> metric = http().get()
                .uri("/actuator/metrics/proxystore.store.operations?tag=store:scratch&tag=operation:put")
                .retrieve().body(JSON);
        assertThat(metric).containsEntry("name", "proxystore.store.operations");
    }

    private double evictions(String cause) {
        Map<String, Object> metric = http().get()
                .uri("/actuator/metrics/proxystore.store.evictions?tag=store:jobs&tag=cause:" + cause)
                .retrieve().body(JSON);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> measurements = (List<Map<String, Object>>) metric.get("measurements");
        return ((Number) measurements.get(0).get("value")).doubleValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> child(Map<String, Object> parent, String name) {
        assertThat(parent).containsKey(name);
        return (Map<String, Object>) parent.get(name);
    }

}
