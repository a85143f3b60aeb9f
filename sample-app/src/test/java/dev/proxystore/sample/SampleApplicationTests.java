package dev.proxystore.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.proxystore.connector.LocalConnector;
import dev.proxystore.store.Store;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/** The application over real HTTP: one small job end to end, and the errors a client can run into. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "sample.demo-on-startup=false",
        // a worker that is listed but not running: the http stage of a job handed to it fails
        "sample.workers=http://localhost:1"})
class SampleApplicationTests {

    private static final double TOLERANCE = 1e-9;

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("default")
    Store store;

    RestClient client;

    @BeforeEach
    void client() {
        client = RestClient.builder().baseUrl("http://localhost:" + port).build();
    }

    @Autowired
    StreamDemo streamDemo;

    @Test
    void theStreamStageRoutesProxiesWithoutResolvingThemAndTheWorkersResolveEveryByte() {
        StreamDemo.Summary summary = streamDemo.stream(4, 64, 32, 2);

        assertThat(summary.matrices()).isEqualTo(4);
        assertThat(summary.byReference()).isEqualTo(4);
        assertThat(summary.resolvedByDispatcher()).isZero();
        assertThat(summary.resolvedByWorkers()).isEqualTo(summary.matrixBytes()).isEqualTo(4L * 64 * 32 * 8);
        assertThat(summary.objectsLeft()).as("evict=true: each matrix left the store when its worker read it").isZero();
    }

    @Test
    void smallJobRunsEndToEndAndLeavesTheStoreEmpty() {
        ResponseEntity<JsonNode> response = post("/jobs?wait=true",
                Map.of("matrices", 3, "rows", 64, "cols", 16, "seed", 7));

        assertThat(response.getStatusCode().value()).isEqualTo(200);
        JsonNode job = response.getBody();
        assertThat(job.get("status").asString()).isEqualTo("SUCCEEDED");
        JsonNode results = job.get("results");
        assertThat(results.size()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            assertReduction(results.get(i), Matrices.generate(64, 16, Matrices.seedOf(7, i)).values(), 64, 16);
        }

        JsonNode summary = job.get("summary");
        assertThat(summary.get("objects").asInt()).isEqualTo(3);
        assertThat(summary.get("bytesStored").asLong()).isEqualTo(3 * (12 + 8 * 64 * 16));
        assertThat(summary.get("evictions").get("lifetime").asLong()).isEqualTo(3);
        assertThat(summary.get("objectsLeft").asLong()).isZero();
        assertThat(summary.get("referenceBytes").asLong()).isPositive();
        assertThat(summary.get("byValueBytes").asLong()).isEqualTo(2 * 3 * (12 + 8 * 64 * 16));
        assertThat(((LocalConnector) store.connector()).size()).isZero();

        ResponseEntity<JsonNode> again = get(response.getHeaders().getLocation().getPath());
        assertThat(again.getStatusCode().value()).isEqualTo(200);
        assertThat(again.getBody().get("id").asString()).isEqualTo(job.get("id").asString());
        assertThat(again.getBody().get("results")).isEqualTo(results);
    }

    @Test
    void jobWithoutWaitingIsAcceptedAndFinishes() throws InterruptedException {
        ResponseEntity<JsonNode> accepted = post("/jobs", Map.of("matrices", 1, "rows", 8, "cols", 4));

        assertThat(accepted.getStatusCode().value()).isEqualTo(202);
        String location = accepted.getHeaders().getLocation().getPath();
        JsonNode job = get(location).getBody();
        for (int i = 0; i < 100 && !job.get("status").asString().equals("SUCCEEDED"); i++) {
            assertThat(job.get("status").asString()).isIn("QUEUED", "RUNNING");
            Thread.sleep(50);
            job = get(location).getBody();
        }
        assertThat(job.get("status").asString()).isEqualTo("SUCCEEDED");
        assertReduction(job.get("results").get(0), Matrices.generate(8, 4, Matrices.seedOf(42, 0)).values(), 8, 4);
    }

    @Test
    void unknownJobIs404() {
        ResponseEntity<JsonNode> response = get("/jobs/no-such-job");

        assertThat(response.getStatusCode().value()).isEqualTo(404);
        assertThat(response.getBody().get("detail").asString()).contains("no job 'no-such-job'");
    }

    @Test
    void oversizedJobIs400() {
        ResponseEntity<JsonNode> tooLarge = post("/jobs", Map.of("matrices", 1, "rows", 100_000, "cols", 1_000));
        ResponseEntity<JsonNode> tooMany = post("/jobs", Map.of("matrices", 1_000, "rows", 2, "cols", 2));
        ResponseEntity<JsonNode> empty = post("/jobs", Map.of("matrices", 1, "rows", 0, "cols", 2));

        assertThat(tooLarge.getStatusCode().value()).isEqualTo(400);
        assertThat(tooLarge.getBody().get("detail").asString())
                .contains("762.9 MiB").contains("sample.limits.max-matrix-size");
        assertThat(tooMany.getStatusCode().value()).isEqualTo(400);
        assertThat(tooMany.getBody().get("detail").asString()).contains("sample.limits.max-matrices");
        assertThat(empty.getStatusCode().value()).isEqualTo(400);
    }

    @Test
    void failedJobLeavesNothingInTheStore() {
        ResponseEntity<JsonNode> response = post("/jobs?wait=true&worker=http://localhost:1",
                Map.of("matrices", 2, "rows", 32, "cols", 8));

        assertThat(response.getStatusCode().value()).isEqualTo(502);
        assertThat(response.getBody().get("stage").asString()).isEqualTo("http");
        assertThat(response.getBody().get("detail").asString()).contains("http://localhost:1/internal/reduce");
        assertThat(((LocalConnector) store.connector()).size()).isZero();
        JsonNode job = get("/jobs/" + response.getBody().get("job").asString()).getBody();
        assertThat(job.get("status").asString()).isEqualTo("FAILED");
    }

    @Test
    void unlistedWorkerIs400() {
        ResponseEntity<JsonNode> response = post("/jobs?worker=http://example.com", Map.of("matrices", 1));

        assertThat(response.getStatusCode().value()).isEqualTo(400);
        assertThat(response.getBody().get("detail").asString()).contains("sample.workers");
    }

    /** Checks a job's result for one matrix against a direct computation from the matrix's values. */
    private static void assertReduction(JsonNode result, double[] values, int rows, int cols) {
        double[] sums = new double[cols];
        double[] squares = new double[cols];
        double total = 0;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double v = values[r * cols + c];
                sums[c] += v;
                squares[c] += v * v;
                total += v * v;
            }
        }
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        double avg = 0;
        double maxNorm = 0;
        for (int c = 0; c < cols; c++) {
            double mean = sums[c] / rows;
            min = Math.min(min, mean);
            max = Math.max(max, mean);
            avg += mean / cols;
            maxNorm = Math.max(maxNorm, Math.sqrt(squares[c]));
        }
        assertThat(result.get("rows").asInt()).isEqualTo(rows);
        assertThat(result.get("cols").asInt()).isEqualTo(cols);
        assertThat(result.get("columnMeanMin").asDouble()).isCloseTo(min, within(TOLERANCE));
        assertThat(result.get("columnMeanMax").asDouble()).isCloseTo(max, within(TOLERANCE));
        assertThat(result.get("columnMeanAvg").asDouble()).isCloseTo(avg, within(TOLERANCE));
        assertThat(result.get("frobeniusNorm").asDouble()).isCloseTo(Math.sqrt(total), within(TOLERANCE));
        assertThat(result.get("maxColumnNorm").asDouble()).isCloseTo(maxNorm, within(TOLERANCE));
    }

    private ResponseEntity<JsonNode> post(String uri, Object body) {
        return client.post().uri(uri).contentType(MediaType.APPLICATION_JSON).body(body).retrieve()
                .onStatus(status -> true, (request, response) -> { })
                .toEntity(JsonNode.class);
    }

    private ResponseEntity<JsonNode> get(String uri) {
        return client.get().uri(uri).retrieve()
                .onStatus(status -> true, (request, response) -> { })
                .toEntity(JsonNode.class);
    }
}
