package dev.proxystore.stream.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxystore.stream.MessagePublisher;
import dev.proxystore.stream.MessageSubscriber;
import dev.proxystore.testing.RedisServerExtension;
import dev.proxystore.testing.RedisServerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** {@link RedisQueuePublisher} and {@link RedisQueueSubscriber}: a Redis list per topic. */
class RedisQueueShimTest {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    static LettuceConnectionFactory lettuce;
    static JedisConnectionFactory jedis;

    @BeforeAll
    static void startFactories() {
        lettuce = Factories.lettuce(REDIS.port());
        jedis = Factories.jedis(REDIS.port());
    }

    @AfterAll
    static void destroyFactories() {
        lettuce.destroy();
        jedis.destroy();
    }

    abstract static class QueueShims extends RedisShimContract {
        @Override
        MessagePublisher publisher(RedisConnectionFactory factory) {
            return new RedisQueuePublisher(factory);
        }

        @Override
        MessageSubscriber subscriber(RedisConnectionFactory factory, String... topics) {
            return new RedisQueueSubscriber(factory, topics);
        }
    }

    @Nested
    class OnLettuce extends QueueShims {
        @Override
        RedisConnectionFactory factory() {
            return lettuce;
        }

        @Override
        RedisConnectionFactory factoryOn(int port) {
            return Factories.lettuce(port);
        }

        @Override
        Duration wakesWithin() {
            return Duration.ofMillis(500);
        }
    }

    @Nested
    class OnJedis extends QueueShims {
        @Override
        RedisConnectionFactory factory() {
            return jedis;
        }

        @Override
        RedisConnectionFactory factoryOn(int port) {
            return Factories.jedis(port);
        }

        @Override
        Duration wakesWithin() {
            return Duration.ofMillis(1_500);
        }
    }

    final String topic = "queue-test:" + UUID.randomUUID();

    @Test
    void messagesSentBeforeAnySubscriberExistsWaitInTheListNamedByTheTopic() {
        try (MessagePublisher publisher = new RedisQueuePublisher(lettuce)) {
            publisher.sendMessage(topic, RedisShimContract.bytes("early"));
        }
        assertThat(REDIS.server().call("LLEN", topic)).isEqualTo(1L);

        try (MessageSubscriber subscriber = new RedisQueueSubscriber(lettuce, topic)) {
            assertThat(subscriber.nextMessage()).asString().isEqualTo("early");
        }
        assertThat(REDIS.server().call("EXISTS", topic)).as("taken").isEqualTo(0L);
    }

    @Test
    void eachMessageGoesToExactlyOneOfTheCompetingSubscribers() throws Exception {
        int count = 200;
        try (MessageSubscriber first = new RedisQueueSubscriber(lettuce, topic);
                MessageSubscriber second = new RedisQueueSubscriber(jedis, topic);
                MessagePublisher publisher = new RedisQueuePublisher(lettuce)) {
            for (int i = 0; i < count; i++) {
                publisher.sendMessage(topic, RedisShimContract.bytes(Integer.toString(i)));
            }
            List<String> byFirst = new ArrayList<>();
            List<String> bySecond = new ArrayList<>();
            Thread other = new Thread(() -> drain(second, bySecond));
            other.start();
            drain(first, byFirst);
            other.join(30_000);

            Set<String> all = new HashSet<>(byFirst);
            all.addAll(bySecond);
            assertThat(byFirst.size() + bySecond.size()).as("no message twice").isEqualTo(count);
            assertThat(all).hasSize(count);
        }
    }

    @Test
    void aSubscriberOfSeveralTopicsTakesFromThemInTurn() {
        String other = topic + ":other";
        try (MessagePublisher publisher = new RedisQueuePublisher(lettuce)) {
            for (int i = 0; i < 5; i++) {
                publisher.sendMessage(topic, RedisShimContract.bytes("a" + i));
                publisher.sendMessage(other, RedisShimContract.bytes("b" + i));
            }
        }
        try (MessageSubscriber subscriber = new RedisQueueSubscriber(lettuce, topic, other)) {
            List<String> firstFour = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                firstFour.add(RedisShimContract.text(subscriber.nextMessage()));
            }
            assertThat(firstFour).containsExactly("a0", "b0", "a1", "b1");
        }
    }

    @Test
    void closeReturnsPromptlyWhenTheServerDoesNotAnswer() throws Exception {
        try (RedisServerProcess own = RedisServerProcess.start()) {
            LettuceConnectionFactory factory = Factories.lettuce(own.port());
            try {
                MessageSubscriber subscriber = new RedisQueueSubscriber(factory, topic);
                CompletableFuture<Throwable> reader = new CompletableFuture<>();
                new Thread(() -> {
                    try {
                        subscriber.nextMessage();
                    } catch (Throwable t) {
                        reader.complete(t);
                    }
                }).start();
                Thread.sleep(200);
                own.pause(Duration.ofSeconds(4));

                long start = System.nanoTime();
                subscriber.close();
                Duration took = Duration.ofNanos(System.nanoTime() - start);

                assertThat(took).isLessThan(Duration.ofMillis(2_500));
                assertThat(reader.get(5, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("closed");
            } finally {
                factory.destroy();
            }
        }
    }

    private static void drain(MessageSubscriber subscriber, List<String> into) {
        for (Optional<byte[]> next = subscriber.nextMessage(Duration.ofMillis(500)); next.isPresent();
                next = subscriber.nextMessage(Duration.ofMillis(500))) {
            into.add(RedisShimContract.text(next.get()));
        }
    }
}
