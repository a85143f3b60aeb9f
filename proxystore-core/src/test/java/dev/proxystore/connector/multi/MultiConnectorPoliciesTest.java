package dev.proxystore.connector.multi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proxystore.connector.Connector;
import dev.proxystore.connector.ConnectorConfig;
import dev.proxystore.connector.ConnectorException;
import dev.proxystore.connector.Connectors;
import dev.proxystore.connector.LocalConnector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Superset tags and host patterns of a {@link MultiConnector}'s policies, as Python ProxyStore's
 * {@code tests/connectors/multi_test.py} exercises them: routing by both kinds of tags, and routes that are dormant on
 * hosts their patterns do not match. The host name is given to the builder, so no test depends on this machine's.
 */
class MultiConnectorPoliciesTest {

    private static final byte[] DATA = "value".getBytes(StandardCharsets.UTF_8);

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

    private static String inner(String key) {
        return key.substring(key.indexOf(':') + 1);
    }

    // --- superset tags ---

    @Test
    void subsetTagsAndSupersetTagsChooseDifferentRoutes() {
        LocalConnector c1 = new LocalConnector();
        LocalConnector c2 = new LocalConnector();
        MultiConnector multi = track(MultiConnector.builder()
                .route("c1", c1, Policy.any().withPriority(1).withTags("a", "b"))
                .route("c2", c2, Policy.any().withPriority(2).withSupersetTags("x", "y"))
                .build());

        String subset = multi.put(DATA, Set.of("a"));
        assertThat(c1.exists(inner(subset))).isTrue();
        assertThat(c2.exists(inner(subset))).isFalse();

        String superset = multi.put(DATA, Set.of(), Set.of("x", "y", "z"));
        assertThat(c1.exists(inner(superset))).isFalse();
        assertThat(c2.exists(inner(superset))).isTrue();
    }

    @Test
    void aRouteWithSupersetTagsNeverTakesAnUntaggedWrite() {
        MultiConnector multi = track(MultiConnector.builder()
                .route("gpu", new LocalConnector(), Policy.any().withPriority(9).withSupersetTags("gpu"))
                .route("default", new LocalConnector(), Policy.any())
                .build());

        assertThat(multi.labelOf(multi.put(DATA))).isEqualTo("default");
        assertThat(multi.labelOf(multi.put(DATA, Set.of(), Set.of("gpu", "fast")))).isEqualTo("gpu");
        assertThat(multi.putBatch(List.of(DATA, DATA), Set.of(), Set.of("gpu")))
                .allSatisfy(key -> assertThat(multi.labelOf(key)).isEqualTo("gpu"));
        assertThat(multi.labelOf(multi.deferrable().orElseThrow().newKey()))
                .as("a future's result carries no tags").isEqualTo("default");
    }

    @Test
    void noRouteForTheSupersetTagsWritesNothingAndSaysWhy() {
        LocalConnector only = new LocalConnector();
        MultiConnector multi = track(MultiConnector.builder()
                .route("gpu", only, Policy.any().withSupersetTags("gpu", "big"))
                .build());

        assertThatIllegalArgumentException().isThrownBy(() -> multi.put(DATA, Set.of(), Set.of("gpu")))
                .withMessageContaining("with superset tags [gpu]")
                .withMessageContaining("gpu (any size, tags [], superset tags [big, gpu], priority 0)");
        assertThat(only.count()).hasValue(0);
    }

    // --- host patterns ---

    @Test
    void aRouteWhoseHostPatternMatchesThisHostIsUsed() {
        MultiConnector multi = track(MultiConnector.builder().hostName(() -> "testhost")
                .route("here", new LocalConnector(), Policy.any().withHostPatterns("(testhost|otherhost)"))
                .build());

        String key = multi.put(DATA);

        assertThat(multi.get(key)).isEqualTo(DATA);
        assertThat(multi.dormantLabels()).isEmpty();
    }

    @Test
    void aRouteGivenAsConfigIsNotCreatedOnAnotherHost() {
        Path elsewhere = directory.resolve("only-on-the-file-servers");
        ConnectorConfig files = new ConnectorConfig("file", Map.of("directory", elsewhere.toString()));
        Policy fileServers = Policy.any().withHostPatterns("files-[0-9]+").withPriority(1);

        MultiConnector here = track(MultiConnector.builder().hostName(() -> "compute-7")
                .route("files", files, fileServers)
                .route("memory", new LocalConnector(), Policy.any())
                .build());
        assertThat(Files.exists(elsewhere)).as("dormant: its connector was never created").isFalse();
        assertThat(here.dormantLabels()).containsExactly("files");
        assertThat(here.labelOf(here.put(DATA))).isEqualTo("memory");

        MultiConnector there = track(MultiConnector.builder().hostName(() -> "files-12")
                .route("files", files, fileServers)
                .route("memory", new LocalConnector(), Policy.any())
                .build());
        assertThat(Files.isDirectory(elsewhere)).as("created where the pattern matches").isTrue();
        assertThat(there.labelOf(there.put(DATA))).isEqualTo("files");
    }

    @Test
    void usingADormantRouteFailsNamingTheRouteAndTheHost() {
        MultiConnector writer = track(MultiConnector.builder().hostName(() -> "otherhost")
                .route("c1", new LocalConnector(), Policy.any().withHostPatterns("testhost").withTags("a"))
                .route("c2", new LocalConnector(), Policy.any().withHostPatterns("otherhost").withTags("b"))
                .build());
        String written = writer.put(DATA, Set.of("b"));
        ConnectorConfig config = writer.config();

        MultiConnector remote = track((MultiConnector) new MultiConnectorProvider(() -> "testhost").create(config));
        String local = remote.put(DATA, Set.of("a"));

        assertThat(remote.exists(local)).isTrue();
        assertThat(remote.dormantLabels()).containsExactly("c2");
        assertThatIllegalArgumentException().isThrownBy(() -> remote.put(DATA, Set.of("b")))
                .withMessageContaining("No route accepts")
                .withMessageContaining("c2 (any size, tags [b], hosts [otherhost], priority 0, dormant on host"
                        + " 'testhost')");
        for (Runnable use : List.<Runnable>of(() -> remote.get(written), () -> remote.exists(written),
                () -> remote.evict(written), () -> remote.connector("c2"))) {
            assertThatThrownBy(use::run)
                    .isInstanceOf(DormantRouteException.class)
                    .isInstanceOf(ConnectorException.class)
                    .hasMessageContaining("route 'c2'")
                    .hasMessageContaining("dormant on host 'testhost'")
                    .hasMessageContaining("[otherhost]")
                    .satisfies(e -> {
                        DormantRouteException dormant = (DormantRouteException) e;
                        assertThat(dormant.route()).isEqualTo("c2");
                        assertThat(dormant.hostName()).isEqualTo("testhost");
                    });
        }
        assertThat(remote.labelOf(written)).as("the key is still well-formed").isEqualTo("c2");
        assertThat(writer.get(written)).as("untouched where the route lives").isEqualTo(DATA);
    }

    @Test
    void aDormantRouteGivenAsAConnectorIsLeftUnusedAndClosedWithTheMultiConnector() {
        LocalConnector unused = new LocalConnector();
        MultiConnector multi = MultiConnector.builder().hostName(() -> "laptop")
                .route("cluster", unused, Policy.any().withHostPatterns("node-.*").withPriority(5))
                .route("local", new LocalConnector(), Policy.any())
                .build();

        String key = multi.put(DATA);
        assertThat(multi.labelOf(key)).isEqualTo("local");
        assertThat(unused.count()).hasValue(0);

        multi.close();
        assertThatThrownBy(() -> unused.put(DATA)).as("closed with the multi connector")
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aDormantRouteKeepsItsConfigSoAMatchingHostRecreatesIt() {
        ConnectorConfig memory = new LocalConnector().config();
        MultiConnector here = track(MultiConnector.builder().hostName(() -> "a")
                .route("b-only", memory, Policy.any().withHostPatterns("b").withSupersetTags("x"))
                .route("anywhere", new LocalConnector(), Policy.any())
                .build());

        ConnectorConfig config = here.config();
        MultiConnector onB = track((MultiConnector) new MultiConnectorProvider(() -> "b").create(config));

        assertThat(config.options()).containsEntry("b-only.type", "local")
                .containsEntry("b-only.id", memory.options().get("id"))
                .containsEntry("b-only.host-pattern", "b")
                .containsEntry("b-only.superset-tags", "x");
        assertThat(onB.dormantLabels()).isEmpty();
        assertThat(onB.policy("b-only")).isEqualTo(here.policy("b-only"));
        assertThat(onB.labelOf(onB.put(DATA, Set.of(), Set.of("x")))).isEqualTo("b-only");
        assertThat(onB.config()).isEqualTo(config);
    }

    @Test
    void capabilitiesAreThoseOfTheRoutesThatAreNotDormant() {
        MultiConnector multi = track(MultiConnector.builder().hostName(() -> "worker")
                .route("plain", Connectors.create(new ConnectorConfig("local", Map.of())), Policy.any())
                .route("elsewhere", new ConnectorConfig("file", Map.of("directory", directory.toString())),
                        Policy.any().withHostPatterns("storage"))
                .build());

        assertThat(multi.deferrable()).isPresent();
        assertThat(multi.expiring()).as("the local route expires keys; the dormant file route is not asked")
                .isPresent();
        assertThat(multi.count()).as("the dormant route cannot be counted here").isEmpty();
        multi.expiring().orElseThrow().expire(multi.put(DATA), Duration.ofMinutes(1));
    }

    @Test
    void aDormantDeferredRouteHandsOutNoKeys() {
        MultiConnector multi = track(MultiConnector.builder().hostName(() -> "edge")
                .route("results", new ConnectorConfig("local", Map.of()), Policy.any().withHostPatterns("core"))
                .route("local", new LocalConnector(), Policy.any())
                .deferredRoute("results")
                .build());

        assertThatThrownBy(() -> multi.deferrable().orElseThrow().newKey())
                .isInstanceOf(DormantRouteException.class)
                .hasMessageContaining("route 'results'")
                .hasMessageContaining("host 'edge'");
    }

    @Test
    void theBuilderChecksEachRouteWhereItIsAdded() {
        MultiConnector.Builder builder = MultiConnector.builder()
                .route("a", new ConnectorConfig("local", Map.of()), Policy.any());

        assertThatIllegalArgumentException()
                .isThrownBy(() -> builder.route("a", new ConnectorConfig("local", Map.of()), Policy.any()))
                .withMessageContaining("Duplicate route label 'a'");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> builder.route("b", new ConnectorConfig("local", Map.of("host-pattern", "x")),
                        Policy.any()))
                .withMessageContaining("'host-pattern'")
                .withMessageContaining("clashes");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.route("c d", new LocalConnector(), Policy.any()));
        track(builder.build());
    }

    @Test
    void aRouteConfigThatCannotCreateAConnectorFailsTheBuildAndClosesWhatWasCreated() {
        List<Connector> created = new ArrayList<>();
        MultiConnector.Builder builder = MultiConnector.builder().hostName(() -> "here")
                .creator(config -> {
                    Connector connector = Connectors.create(config);
                    created.add(connector);
                    return connector;
                })
                .route("first", new ConnectorConfig("local", Map.of()), Policy.any())
                .route("broken", new ConnectorConfig("file", Map.of()), Policy.any());

        assertThatIllegalArgumentException().isThrownBy(builder::build)
                .withMessageContaining("Route 'broken'");
        assertThat(created).hasSize(1);
        assertThatThrownBy(() -> created.get(0).put(DATA)).isInstanceOf(IllegalStateException.class);
    }
}
