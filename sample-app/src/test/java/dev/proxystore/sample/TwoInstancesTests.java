package dev.proxystore.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxystore.testing.RedisServerExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/**
 * The README's two-instance hand-off through Redis: instance A stores the matrices and posts references to instance
 * B, which resolves them from Redis. With the same signing key B computes the norms; with another key it refuses the
 * references and A's job fails at the http stage.
 */
class TwoInstancesTests {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    static final String KEY = "base64:c2FtcGxlIGtleSBzaGFyZWQgYnkgYm90aCBpbnN0YW5jZXMh";

    private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

    @AfterEach
    void stop() {
        instances.forEach(ConfigurableApplicationContext::close);
    }

    ConfigurableApplicationContext instance(String signingKey, String... properties) {
        List<String> all = new ArrayList<>(List.of("server.port=0", "sample.demo-on-startup=false",
                "spring.data.redis.host=" + REDIS.server().host(), "spring.data.redis.port=" + REDIS.port(),
                "proxystore.security.signing-key=" + signingKey));
        all.addAll(List.of(properties));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class)
                .profiles("redis").run(all.stream().map(property -> "--" + property).toArray(String[]::new));
        instances.add(context);
        return context;
    }

    static String url(ConfigurableApplicationContext context) {
        return "http://localhost:" + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    static ResponseEntity<JsonNode> job(ConfigurableApplicationContext on, ConfigurableApplicationContext worker) {
        return RestClient.create(url(on)).post().uri("/jobs?wait=true&worker=" + url(worker))
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("matrices", 2, "rows", 64, "cols", 16))
                .retrieve().onStatus(status -> true, (request, response) -> { }).toEntity(JsonNode.class);
    }

    @Test
    void aWorkerWithTheSameKeyResolvesTheMatricesFromRedis() {
        ConfigurableApplicationContext b = instance(KEY);
        ConfigurableApplicationContext a = instance(KEY, "sample.workers=" + url(b));

        ResponseEntity<JsonNode> response = job(a, b);

        assertThat(response.getStatusCode().value()).isEqualTo(200);
        JsonNode summary = response.getBody().get("summary");
        assertThat(summary.get("worker").asString()).endsWith(":" + url(b).substring(url(b).lastIndexOf(':') + 1));
        assertThat(summary.get("objectsLeft").asLong()).isZero();
        assertThat(response.getBody().get("results")).hasSize(2);
    }

    @Test
    void aWorkerWithAnotherKeyRefusesTheReferences() {
        ConfigurableApplicationContext b = instance("base64:YW5vdGhlciBrZXksIG5vdCB0aGUgb25lIEEgc2lnbnMgd2l0aA==");
        ConfigurableApplicationContext a = instance(KEY, "sample.workers=" + url(b));

        ResponseEntity<JsonNode> response = job(a, b);

        assertThat(response.getStatusCode().value()).isEqualTo(502);
        assertThat(response.getBody().toString()).contains("400");
    }
}
