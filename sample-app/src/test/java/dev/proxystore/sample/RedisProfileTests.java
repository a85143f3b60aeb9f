package dev.proxystore.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxystore.testing.RedisServerExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/** The redis profile against a real redis-server process: a job leaves no key behind; Redis down is a 503. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "sample.demo-on-startup=false")
@ActiveProfiles("redis")
@DirtiesContext
class RedisProfileTests {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        registry.add("spring.data.redis.host", () -> REDIS.server().host());
        registry.add("spring.data.redis.port", REDIS::port);
    }

    @LocalServerPort
    int port;

    RestClient client;

    @BeforeEach
    void client() {
        client = RestClient.builder().baseUrl("http://localhost:" + port).build();
    }

    @Autowired
    StreamDemo streamDemo;

    @Test
    void theStreamStageRunsOverRedisStreamsAndLeavesNoMatrixBehind() {
        StreamDemo.Summary summary = streamDemo.stream(3, 64, 32, 2);

        assertThat(summary.matrices()).isEqualTo(3);
        assertThat(summary.resolvedByDispatcher()).isZero();
        assertThat(summary.resolvedByWorkers()).isEqualTo(summary.matrixBytes());
        assertThat((Long) REDIS.server().call("XLEN", StreamDemo.TOPIC)).as("the events").isEqualTo(4L);
        assertThat((java.util.List<?>) REDIS.server().call("KEYS", "proxystore-sample:*"))
                .as("evict=true: every matrix left Redis when its worker read it").isEmpty();
    }

    @Test
    void jobRunsOnRedisAndLeavesNoKey() {
        ResponseEntity<JsonNode> response = postJob(Map.of("matrices", 2, "rows", 32, "cols", 8, "seed", 3));

        assertThat(response.getStatusCode().value()).isEqualTo(200);
        JsonNode summary = response.getBody().get("summary");
        assertThat(summary.get("connector").asString()).isEqualTo("redis");
        assertThat(summary.get("objects").asInt()).isEqualTo(2);
        assertThat(summary.get("backendReads").asLong()).isPositive();
        assertThat(summary.get("objectsLeft").asLong()).isZero();
        FeatureMatrix first = Matrices.generate(32, 8, Matrices.seedOf(3, 0));
        assertThat(response.getBody().get("results").get(0).get("frobeniusNorm").asDouble())
                .isEqualTo(first.frobeniusNorm());
        assertThat((List<?>) REDIS.server().call("KEYS", "proxystore-sample:*")).isEmpty();
    }

    @Test
    void redisDownIs503AndRecovers() {
        REDIS.server().kill();
        try {
            ResponseEntity<JsonNode> response = postJob(Map.of("matrices", 1, "rows", 4, "cols", 4));

            assertThat(response.getStatusCode().value()).isEqualTo(503);
            assertThat(response.getBody().get("title").asString()).isEqualTo("Store unavailable");
            assertThat(response.getBody().get("detail").asString()).contains("store 'default' (redis)");
        } finally {
            REDIS.server().restart();
        }
        assertThat(postJob(Map.of("matrices", 1, "rows", 4, "cols", 4)).getStatusCode().value()).isEqualTo(200);
    }

    private ResponseEntity<JsonNode> postJob(Map<String, Object> body) {
        return client.post().uri("/jobs?wait=true").contentType(MediaType.APPLICATION_JSON).body(body).retrieve()
                .onStatus(status -> true, (request, response) -> { })
                .toEntity(JsonNode.class);
    }
}
