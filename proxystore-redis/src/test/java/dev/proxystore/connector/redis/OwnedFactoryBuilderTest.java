package dev.proxystore.connector.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.lettuce.core.ClientOptions.DisconnectedBehavior;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** The factories connectors own, built without connecting anywhere. */
class OwnedFactoryBuilderTest {

    @Test
    void standaloneDefaults() {
        LettuceConnectionFactory factory = new OwnedFactoryBuilder().build();
        try {
            assertThat(factory.getHostName()).isEqualTo("localhost");
            assertThat(factory.getPort()).isEqualTo(6379);
            assertThat(factory.getDatabase()).isZero();
            assertThat(factory.getTimeout()).isEqualTo(5_000);
            assertThat(factory.getClientConfiguration().isUseSsl()).isFalse();
            assertThat(factory.getClientConfiguration().getClientOptions()).hasValueSatisfying(options -> {
                assertThat(options.getDisconnectedBehavior()).isEqualTo(DisconnectedBehavior.REJECT_COMMANDS);
                assertThat(options.getSocketOptions().getConnectTimeout()).isEqualTo(Duration.ofSeconds(5));
            });
        } finally {
            factory.destroy();
        }
    }

    @Test
    void ownedFactoriesShareDefaultResourcesUnlessGivenTheirOwn() {
        ClientResources own = DefaultClientResources.create();
        LettuceConnectionFactory first = new OwnedFactoryBuilder().build();
        LettuceConnectionFactory second = new OwnedFactoryBuilder().build();
        OwnedFactoryBuilder builder = new OwnedFactoryBuilder();
        builder.clientResources(own);
        LettuceConnectionFactory third = builder.build();
        try {
            assertThat(first.getClientResources()).isNotNull().isSameAs(second.getClientResources());
            assertThat(third.getClientResources()).isSameAs(own);
        } finally {
            first.destroy();
            second.destroy();
            third.destroy();
            assertThat(own.eventExecutorGroup().isShuttingDown()).as("the caller's to shut down").isFalse();
            own.shutdown();
        }
    }

    @Test
    void clusterSettings() {
        OwnedFactoryBuilder builder = new OwnedFactoryBuilder();
        builder.clusterNodes(List.of("127.0.0.1:7000", " ", "127.0.0.1:7001"));
        builder.timeout(Duration.ofMillis(750));
        builder.ssl(true);
        LettuceConnectionFactory factory = builder.build();
        try {
            assertThat(factory.getClusterConfiguration()).isNotNull();
            assertThat(factory.getClusterConfiguration().getClusterNodes()).hasSize(2);
            assertThat(factory.getTimeout()).isEqualTo(750);
            assertThat(factory.getClientConfiguration().isUseSsl()).isTrue();
            assertThat(factory.getClientConfiguration().getClientOptions())
                    .containsInstanceOf(ClusterClientOptions.class);
        } finally {
            factory.destroy();
        }
    }

    @Test
    void credentialsComeFromTheBuilderElseTheEnvironment() {
        System.setProperty(RedisConnector.PASSWORD_PROPERTY, "from-property");
        System.setProperty(RedisConnector.USERNAME_PROPERTY, "user-from-property");
        try {
            LettuceConnectionFactory fromEnvironment = new OwnedFactoryBuilder().build();
            OwnedFactoryBuilder explicit = new OwnedFactoryBuilder();
            explicit.password("given");
            explicit.username("given-user");
            LettuceConnectionFactory given = explicit.build();
            try {
                assertThat(fromEnvironment.getPassword()).isEqualTo("from-property");
                assertThat(fromEnvironment.getStandaloneConfiguration().getUsername()).isEqualTo("user-from-property");
                assertThat(given.getPassword()).isEqualTo("given");
                assertThat(given.getStandaloneConfiguration().getUsername()).isEqualTo("given-user");
            } finally {
                fromEnvironment.destroy();
                given.destroy();
            }
        } finally {
            System.clearProperty(RedisConnector.PASSWORD_PROPERTY);
            System.clearProperty(RedisConnector.USERNAME_PROPERTY);
        }
    }

    @Test
    void refusesConflictingOrInvalidSettings() {
        OwnedFactoryBuilder both = new OwnedFactoryBuilder();
        both.host("redis");
        both.clusterNodes(List.of("redis:7000"));
        assertThatIllegalStateException().isThrownBy(both::build);

        OwnedFactoryBuilder clusterDatabase = new OwnedFactoryBuilder();
        clusterDatabase.clusterNodes(List.of("redis:7000"));
        clusterDatabase.database(1);
        assertThatIllegalStateException().isThrownBy(clusterDatabase::build);

        OwnedFactoryBuilder builder = new OwnedFactoryBuilder();
        assertThatIllegalArgumentException().isThrownBy(() -> builder.port(0));
        assertThatIllegalArgumentException().isThrownBy(() -> builder.host(" "));
        assertThatIllegalArgumentException().isThrownBy(() -> builder.timeout(Duration.ZERO));
        assertThatIllegalArgumentException().isThrownBy(() -> builder.sentinel("main", List.of(" ")));
        assertThatIllegalArgumentException().isThrownBy(() -> builder.clusterNodes(List.of("not a node:x")));
    }
}
