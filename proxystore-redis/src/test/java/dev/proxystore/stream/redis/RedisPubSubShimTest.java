package dev.proxystore.stream.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxystore.stream.MessagePublisher;
import dev.proxystore.stream.MessageSubscriber;
import dev.proxystore.testing.RedisServerExtension;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** {@link RedisPublisher} and {@link RedisSubscriber}: Redis pub/sub channels. */
class RedisPubSubShimTest {

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

    abstract static class PubSubShims extends RedisShimContract {
        @Override
        MessagePublisher publisher(RedisConnectionFactory factory) {
            return new RedisPublisher(factory);
        }

        @Override
        MessageSubscriber subscriber(RedisConnectionFactory factory, String... topics) {
            return new RedisSubscriber(factory, topics);
        }

        @Override
        Duration wakesWithin() {
            return Duration.ofMillis(500);
        }
    }

    @Nested
    class OnLettuce extends PubSubShims {
        @Override
        RedisConnectionFactory factory() {
            return lettuce;
        }

        @Override
        RedisConnectionFactory factoryOn(int port) {
            return Factories.lettuce(port);
        }
    }

    @Nested
    class OnJedis extends PubSubShims {
        @Override
        RedisConnectionFactory factory() {
            return jedis;
        }

        @Override
        RedisConnectionFactory factoryOn(int port) {
            return Factories.jedis(port);
        }
    }

    final String topic = "pubsub-test:" + UUID.randomUUID();

    @Test
    void theSubscriptionIsConfirmedBeforeTheConstructorReturns() {
        for (int round = 0; round < 20; round++) {
            try (MessageSubscriber subscriber = new RedisSubscriber(jedis, topic)) {
                assertThat(REDIS.server().call("PUBLISH", topic, "m" + round)).as("receivers").isEqualTo(1L);
                assertThat(subscriber.nextMessage(Messages.RECEIVE_TIMEOUT)).map(RedisShimContract::text)
                        .contains("m" + round);
            }
        }
    }

    @Test
    void everySubscriberGetsEveryMessageAndNoneGetsWhatWasPublishedBeforeItSubscribed() {
        try (MessagePublisher publisher = new RedisPublisher(lettuce)) {
            publisher.sendMessage(topic, RedisShimContract.bytes("before"));
            try (MessageSubscriber first = new RedisSubscriber(lettuce, topic);
                    MessageSubscriber second = new RedisSubscriber(jedis, topic)) {
                publisher.sendMessage(topic, RedisShimContract.bytes("after"));

                for (MessageSubscriber subscriber : new MessageSubscriber[] {first, second}) {
                    assertThat(subscriber.nextMessage(Messages.RECEIVE_TIMEOUT)).map(RedisShimContract::text)
                            .contains("after");
                    assertThat(subscriber.nextMessage(Duration.ofMillis(100))).isEmpty();
                }
            }
        }
    }

    @Test
    void closeUnsubscribes() {
        MessageSubscriber subscriber = new RedisSubscriber(lettuce, topic);
        assertThat(REDIS.server().call("PUBSUB", "NUMSUB", topic)).isEqualTo(List.of(topic, 1L));

        subscriber.close();

        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!List.of(topic, 0L).equals(REDIS.server().call("PUBSUB", "NUMSUB", topic))
                && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(REDIS.server().call("PUBSUB", "NUMSUB", topic)).isEqualTo(List.of(topic, 0L));
    }
}
