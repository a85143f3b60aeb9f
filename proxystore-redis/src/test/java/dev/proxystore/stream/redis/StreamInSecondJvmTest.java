package dev.proxystore.stream.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxystore.connector.redis.RedisConnector;
import dev.proxystore.store.Store;
import dev.proxystore.store.TrustPolicy;
import dev.proxystore.stream.StreamProducer;
import dev.proxystore.testing.ChildJvm;
import dev.proxystore.testing.RedisServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** A consumer in another JVM, sharing only Redis and the signing key, resolves a Redis-backed stream. */
class StreamInSecondJvmTest {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private static final String KEY = "a signing key both processes are configured with";

    @Test
    void aConsumerInAnotherProcessResolvesEveryObjectFromTheStore() throws Exception {
        LettuceConnectionFactory factory = Factories.lettuce(REDIS.port());
        TrustPolicy signing = TrustPolicy.builder().signingKey(KEY).build();
        try (Store store = Store.builder("objects", new RedisConnector(factory, "jvm2:objects:"))
                .trustPolicy(signing).build();
                ChildJvm child = ChildJvm.start(StreamResolvingChild.class,
                        List.of(TrustPolicy.SIGNING_KEY_PROPERTY + "=" + KEY), Integer.toString(REDIS.port()),
                        "lists", "readers", "objects", "jvm2:objects:");
                StreamProducer<List<Integer>> producer = StreamProducer.<List<Integer>>builder(
                        new RedisStreamPublisher(factory)).store("lists", store)
                        .trustPolicy(signing).build()) {
            long sum = 0;
            for (int i = 0; i < 200; i++) {
                List<Integer> list = new ArrayList<>();
                for (int j = 0; j < 256; j++) {
                    list.add(i * j);
                    sum += i * j;
                }
                producer.send("lists", list);
            }
            producer.closeTopics("lists");

            assertThat(child.expect("DONE ", Duration.ofSeconds(60))).isEqualTo("DONE 200 " + sum + " 200");
            assertThat((List<?>) REDIS.server().call("KEYS", "jvm2:objects:*"))
                    .as("evict=true: the other process evicted each object when it resolved it").isEmpty();
        } finally {
            factory.destroy();
        }
    }
}
