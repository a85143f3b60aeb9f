package dev.proxystore.spring.peers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxystore.testing.RedisServerExtension;
import dev.proxystore.testing.RedisServerProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/**
 * Two applications sharing a Redis store hand each other references over HTTP: one with the same signing key resolves
 * them from Redis, one with another key refuses them with a 400, and a key rotation keeps old references readable
 * until the old key is removed.
 */
class PeersThroughRedisTests {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    static final String KEY = "the key both applications are configured with";
    static final String NEW_KEY = "the key the applications rotate to, later on";

    private final List<ConfigurableApplicationContext> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(ConfigurableApplicationContext::close);
    }

    ConfigurableApplicationContext peer(String... properties) {
        List<String> all = new ArrayList<>(List.of("server.port=0",
                "spring.data.redis.host=" + RedisServerProcess.HOST, "spring.data.redis.port=" + REDIS.port(),
                "proxystore.stores.shared.connector=redis", "proxystore.stores.shared.redis.key-prefix=peers:"));
        all.addAll(List.of(properties));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(PeerApplication.class)
                .run(all.stream().map(property -> "--" + property).toArray(String[]::new));
        started.add(context);
        return context;
    }

    static RestClient http(ConfigurableApplicationContext context) {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return RestClient.create("http://localhost:" + port);
    }

    static int post(ConfigurableApplicationContext context, String body) {
        return http(context).post().uri("/sum").contentType(MediaType.APPLICATION_JSON).body(body)
                .exchange((request, response) -> response.getStatusCode().value());
    }

    static Map<String, Object> sum(ConfigurableApplicationContext context, String body) {
        return http(context).post().uri("/sum").contentType(MediaType.APPLICATION_JSON).body(body).retrieve()
                .body(new ParameterizedTypeReference<>() {});
    }

    @Test
    void aPeerWithTheSameKeyResolvesTheReferenceFromRedisAndAPeerWithAnotherKeyRefusesIt() {
        ConfigurableApplicationContext sender = peer("proxystore.security.signing-key=" + KEY);
        String body = http(sender).get().uri("/numbers?size=100000").retrieve().body(String.class);
        sender.close();
        assertThat(body).contains("\"@proxystore\":2").doesNotContain("peers:").doesNotContain(
                String.valueOf(REDIS.port())).hasSizeLessThan(500);

        ConfigurableApplicationContext receiver = peer("proxystore.security.signing-key=" + KEY);
        ConfigurableApplicationContext stranger = peer("proxystore.security.signing-key=" + NEW_KEY);

        assertThat(sum(receiver, body)).containsEntry("sum", 99_999L * 100_000L / 2)
                .containsEntry("arrivedUnresolved", true).containsEntry("resolvedByOwnStore", true);
        assertThat(post(stranger, body)).isEqualTo(400);
    }

    @Test
    void aRotatedKeyKeepsOldReferencesReadableUntilItIsRemoved() {
        ConfigurableApplicationContext before = peer("proxystore.security.signing-key=" + KEY);
        String oldReference = http(before).get().uri("/numbers?size=10").retrieve().body(String.class);
        before.close();

        ConfigurableApplicationContext during = peer("proxystore.security.signing-key=" + NEW_KEY,
                "proxystore.security.previous-signing-keys=" + KEY);
        String newReference = http(during).get().uri("/numbers?size=10").retrieve().body(String.class);
        ConfigurableApplicationContext after = peer("proxystore.security.signing-key=" + NEW_KEY);

        assertThat(sum(during, oldReference)).containsEntry("sum", 45);
        assertThat(sum(after, newReference)).containsEntry("sum", 45);
        assertThat(post(after, oldReference)).isEqualTo(400);
    }
}
