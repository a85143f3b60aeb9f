package dev.proxystore.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The metadata IDEs read: every property documented, with its default, and the store-name hint. */
class ConfigurationMetadataTests {

    @Test
    void everyPropertyHasADescriptionAndTheDefaultsAreKnown() throws Exception {
        JsonNode metadata = metadata();
        List<String> names = new ArrayList<>();
        for (JsonNode property : metadata.get("properties")) {
            String name = property.get("name").asString();
            names.add(name);
            assertThat(property.path("description").asString("")).as("description of %s", name).isNotBlank();
        }
        assertThat(names).contains("proxystore.enabled", "proxystore.stores",
                "proxystore.serializer.trusted-packages", "proxystore.serializer.trust-application-packages",
                "proxystore.jackson.enabled", "proxystore.security.signing-key",
                "proxystore.security.previous-signing-keys", "proxystore.security.unsigned-references",
                "proxystore.security.max-future-wait", "proxystore.security.recreate-stores.connector-types",
                "management.health.proxystore.enabled", "management.endpoint.proxystore.access");
        assertThat(find(metadata, "proxystore.enabled").get("defaultValue").asBoolean()).isTrue();
        assertThat(find(metadata, "proxystore.stores").get("description").asString())
                .contains("connector").contains("cache-size").contains("populate-target").contains("metrics")
                .contains("primary").contains("redis.key-prefix").contains("file.directory");
        JsonNode hint = metadata.get("hints").get(0);
        assertThat(hint.get("name").asString()).isEqualTo("proxystore.stores.keys");
        assertThat(hint.get("values").get(0).get("value").asString()).isEqualTo("default");
    }

    private static JsonNode find(JsonNode metadata, String name) {
        for (JsonNode property : metadata.get("properties")) {
            if (property.get("name").asString().equals(name)) {
                return property;
            }
        }
        throw new AssertionError("no property " + name);
    }

    private static JsonNode metadata() throws Exception {
        try (InputStream in = ConfigurationMetadataTests.class.getResourceAsStream(
                "/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("generated metadata").isNotNull();
            return JsonMapper.builder().build().readTree(in);
        }
    }
}
