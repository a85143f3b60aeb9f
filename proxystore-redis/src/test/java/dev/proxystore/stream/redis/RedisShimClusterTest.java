package dev.proxystore.stream.redis;

import static dev.proxystore.stream.redis.RedisShimContract.bytes;
import static dev.proxystore.stream.redis.RedisShimContract.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.proxystore.stream.MessagePublisher;
import dev.proxystore.stream.MessageSubscriber;
import dev.proxystore.testing.RedisClusterProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The shims on a three-master Redis Cluster, through a Lettuce cluster factory: topics of one hash slot per queue or
 * stream subscriber; pub/sub across nodes.
 */
class RedisShimClusterTest {

    static RedisClusterProcess cluster;
    static LettuceConnectionFactory factory;

    @BeforeAll
    static void startCluster() {
        cluster = RedisClusterProcess.start();
        factory = new LettuceConnectionFactory(
                new RedisClusterConfiguration(Arrays.asList(cluster.clusterNodes().split(","))),
                LettuceClientConfiguration.builder().commandTimeout(Factories.TIMEOUT).build());
        factory.start();
    }

    @AfterAll
    static void stopCluster() {
        if (factory != null) {
            factory.destroy();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    final String tag = "{" + UUID.randomUUID() + "}";

    @Test
    void pubSubDeliversMessagesPublishedThroughAnyNode() {
        try (MessageSubscriber subscriber = new RedisSubscriber(factory, tag + "a", "elsewhere-" + tag);
                MessagePublisher publisher = new RedisPublisher(factory)) {
            publisher.sendMessage(tag + "a", bytes("one"));
            publisher.sendMessage("elsewhere-" + tag, bytes("two"));

            assertThat(text(subscriber.nextMessage())).isEqualTo("one");
            assertThat(text(subscriber.nextMessage())).isEqualTo("two");
        }
    }

    @Test
    void aQueueSubscriberReadsTopicsThatShareAHashTag() {
        try (MessagePublisher publisher = new RedisQueuePublisher(factory);
                MessageSubscriber subscriber = new RedisQueueSubscriber(factory, tag + "a", tag + "b")) {
            publisher.sendMessage(tag + "a", bytes("a0"));
            publisher.sendMessage(tag + "b", bytes("b0"));
            publisher.sendMessage(tag + "a", bytes("a1"));

            assertThat(List.of(text(subscriber.nextMessage()), text(subscriber.nextMessage()),
                    text(subscriber.nextMessage()))).containsExactlyInAnyOrder("a0", "b0", "a1");
        }
    }

    @Test
    void aStreamSubscriberReadsAcknowledgesAndClosesOnACluster() throws Exception {
        try (MessagePublisher publisher = new RedisStreamPublisher(factory)) {
            for (int i = 0; i < 5; i++) {
                publisher.sendMessage(tag + (i % 2 == 0 ? "a" : "b"), bytes("m" + i));
            }
        }
        List<String> received = new ArrayList<>();
        MessageSubscriber subscriber = new RedisStreamSubscriber(factory, "g", "c1", tag + "a", tag + "b");
        for (int i = 0; i < 5; i++) {
            received.add(text(subscriber.nextMessage(Messages.RECEIVE_TIMEOUT).orElseThrow()));
        }
        CompletableFuture<Throwable> reader = new CompletableFuture<>();
        new Thread(() -> {
            try {
                subscriber.nextMessage();
            } catch (Throwable t) {
                reader.complete(t);
            }
        }).start();
        Thread.sleep(200);
        subscriber.close();

        assertThat(reader.get(10, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class);
        assertThat(received).containsExactlyInAnyOrder("m0", "m1", "m2", "m3", "m4");
        assertThat(received.stream().filter(m -> List.of("m0", "m2", "m4").contains(m)))
                .as("in order per topic").containsExactly("m0", "m2", "m4");
        assertThat(pending(tag + "a")).isZero();
        assertThat(pending(tag + "b")).isZero();
    }

    @Test
    void subscribersOfTopicsInDifferentSlotsPollThemAndLoseNothing() {
        String first = "{one}" + UUID.randomUUID();
        String second = "{two}" + UUID.randomUUID();
        try (MessagePublisher queue = new RedisQueuePublisher(factory);
                MessagePublisher streams = new RedisStreamPublisher(factory);
                MessageSubscriber queueSubscriber = new RedisQueueSubscriber(factory, first, second);
                MessageSubscriber streamSubscriber = new RedisStreamSubscriber(factory, "g", "c", first + ":s",
                        second + ":s")) {
            assertThat(queueSubscriber.nextMessage(Duration.ofMillis(300))).isEmpty();
            assertThat(streamSubscriber.nextMessage(Duration.ofMillis(300))).isEmpty();

            for (String topic : List.of(first, second)) {
                queue.sendMessage(topic, bytes(topic));
                streams.sendMessage(topic + ":s", bytes(topic));
            }

            List<String> fromQueues = List.of(text(queueSubscriber.nextMessage()), text(queueSubscriber.nextMessage()));
            List<String> fromStreams = List.of(text(streamSubscriber.nextMessage()),
                    text(streamSubscriber.nextMessage()));
            assertThat(fromQueues).containsExactlyInAnyOrder(first, second);
            assertThat(fromStreams).containsExactlyInAnyOrder(first, second);
        }
    }

    private long pending(String topic) {
        return factory.getConnection().streamCommands().xPending(Broker.key(topic), "g").getTotalPendingMessages();
    }
}
