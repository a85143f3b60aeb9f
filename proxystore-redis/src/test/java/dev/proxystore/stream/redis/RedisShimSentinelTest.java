package dev.proxystore.stream.redis;

import static dev.proxystore.stream.redis.RedisShimContract.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.proxystore.stream.MessagePublisher;
import dev.proxystore.stream.MessageSubscriber;
import dev.proxystore.testing.RedisServerProcess;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** The shims on a Lettuce factory that finds its master through a Sentinel. */
class RedisShimSentinelTest {

    static RedisServerProcess master;
    static RedisServerProcess sentinel;
    static LettuceConnectionFactory factory;

    @BeforeAll
    static void start() {
        master = RedisServerProcess.start();
        sentinel = RedisServerProcess.startSentinel("main", master.port());
        RedisSentinelConfiguration configuration = new RedisSentinelConfiguration()
                .master("main")
                .sentinel(RedisServerProcess.HOST, sentinel.port());
        factory = new LettuceConnectionFactory(configuration,
                LettuceClientConfiguration.builder().commandTimeout(Factories.TIMEOUT).build());
        factory.start();
    }

    @AfterAll
    static void stop() {
        if (factory != null) {
            factory.destroy();
        }
        if (sentinel != null) {
            sentinel.close();
        }
        if (master != null) {
            master.close();
        }
    }

    final String topic = "sentinel-test:" + UUID.randomUUID();

    @Test
    void queueAndStreamSubscribersWaitOnTheMasterAndCloseWakesThem() throws Exception {
        try (MessagePublisher queue = new RedisQueuePublisher(factory);
                MessagePublisher streams = new RedisStreamPublisher(factory);
                MessageSubscriber queueSubscriber = new RedisQueueSubscriber(factory, topic);
                MessageSubscriber streamSubscriber = new RedisStreamSubscriber(factory, "g", "c", topic + ":s")) {
            queue.sendMessage(topic, bytes("q"));
            streams.sendMessage(topic + ":s", bytes("s"));

            assertThat(queueSubscriber.nextMessage(Duration.ofSeconds(5))).map(RedisShimContract::text).contains("q");
            assertThat(streamSubscriber.nextMessage(Duration.ofSeconds(5))).map(RedisShimContract::text)
                    .contains("s");
            assertThat(master.call("LLEN", topic)).isEqualTo(0L);

            CompletableFuture<Throwable> reader = new CompletableFuture<>();
            new Thread(() -> {
                try {
                    queueSubscriber.nextMessage();
                } catch (Throwable t) {
                    reader.complete(t);
                }
            }).start();
            Thread.sleep(200);
            long start = System.nanoTime();
            queueSubscriber.close();

            assertThat(reader.get(5, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
        }
    }

    @Test
    void pubSubThroughTheMaster() {
        try (MessageSubscriber subscriber = new RedisSubscriber(factory, topic);
                MessagePublisher publisher = new RedisPublisher(factory)) {
            publisher.sendMessage(topic, bytes("hello"));

            assertThat(subscriber.nextMessage(Duration.ofSeconds(5))).map(RedisShimContract::text).contains("hello");
        }
    }
}
