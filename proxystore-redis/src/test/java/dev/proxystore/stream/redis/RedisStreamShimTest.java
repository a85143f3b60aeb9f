package dev.proxystore.stream.redis;

import static dev.proxystore.stream.redis.RedisShimContract.bytes;
import static dev.proxystore.stream.redis.RedisShimContract.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.proxystore.stream.MessagePublisher;
import dev.proxystore.stream.MessageSubscriber;
import dev.proxystore.testing.ChildJvm;
import dev.proxystore.testing.RedisServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** {@link RedisStreamPublisher} and {@link RedisStreamSubscriber}: Redis Streams, consumer groups, acknowledgement. */
class RedisStreamShimTest {

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

    abstract static class StreamShims extends RedisShimContract {
        @Override
        MessagePublisher publisher(RedisConnectionFactory factory) {
            return new RedisStreamPublisher(factory);
        }

        @Override
        MessageSubscriber subscriber(RedisConnectionFactory factory, String... topics) {
            return new RedisStreamSubscriber(factory, "group", "consumer-" + UUID.randomUUID(), topics);
        }
    }

    @Nested
    class OnLettuce extends StreamShims {
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
    class OnJedis extends StreamShims {
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

    final String topic = "streams-test:" + UUID.randomUUID();

    @Test
    void messagesSentBeforeTheGroupExistedAreDeliveredToIt() {
        send(3);
        assertThat(REDIS.server().call("XLEN", topic)).isEqualTo(3L);

        try (MessageSubscriber subscriber = new RedisStreamSubscriber(lettuce, "late", "c1", topic)) {
            assertThat(readAll(subscriber)).containsExactly("m0", "m1", "m2");
        }
    }

    @Test
    void aGroupThatIsGoneIsCreatedAgainAndTheSubscriberGoesOn() {
        try (MessageSubscriber subscriber = new RedisStreamSubscriber(lettuce, "lost", "c1", topic)) {
            REDIS.server().call("DEL", topic); // as after a Redis restarted without its data

            send(2);

            assertThat(readAll(subscriber)).containsExactly("m0", "m1");
        }
    }

    @Test
    void aMessageIsAcknowledgedWhenTheNextIsAskedForAndACleanCloseLeavesNothingPending() {
        send(3);
        MessageSubscriber subscriber = new RedisStreamSubscriber(lettuce, "g", "c1", topic);

        assertThat(text(subscriber.nextMessage())).isEqualTo("m0");
        assertThat(pending("g")).as("m0 handed out").isEqualTo(1L);
        assertThat(text(subscriber.nextMessage())).isEqualTo("m1");
        assertThat(pending("g")).as("m0 acknowledged, m1 handed out").isEqualTo(1L);

        subscriber.close();

        assertThat(pending("g")).isZero();
    }

    @Test
    void aConsumerThatDiedWithoutAcknowledgingGetsItsMessageAgainWhenItStartsUnderTheSameName() {
        send(4);
        MessageSubscriber dead = new RedisStreamSubscriber(lettuce, "g", "worker-1", topic);
        assertThat(text(dead.nextMessage())).isEqualTo("m0");
        assertThat(text(dead.nextMessage())).isEqualTo("m1");
        // it dies holding m1: no close, nothing acknowledged from here on

        try (MessageSubscriber restarted = new RedisStreamSubscriber(lettuce, "g", "worker-1", topic)) {
            assertThat(readAll(restarted)).containsExactly("m1", "m2", "m3");
        }
        assertThat(pending("g")).isZero();
        dead.close();
    }

    @Test
    void aConsumerWhoseProcessIsKilledGetsItsMessageAgainWhenItStartsUnderTheSameName() throws Exception {
        send(3);
        try (ChildJvm child = ChildJvm.start(StreamConsumerChild.class, List.of(),
                Integer.toString(REDIS.port()), topic, "g", "worker-1")) {
            assertThat(child.expect("HELD ", Duration.ofSeconds(60))).isEqualTo("HELD m0");
        } // SIGKILL
        assertThat(pending("g")).as("m0, held by the killed process").isEqualTo(1L);

        try (MessageSubscriber restarted = new RedisStreamSubscriber(lettuce, "g", "worker-1", topic)) {
            assertThat(readAll(restarted)).containsExactly("m0", "m1", "m2");
        }
        assertThat(pending("g")).isZero();
    }

    @Test
    void aPendingEntryTrimmedAwayIsAcknowledgedAndSkipped() {
        send(2);
        MessageSubscriber dead = new RedisStreamSubscriber(lettuce, "g", "worker-1", topic);
        assertThat(text(dead.nextMessage())).isEqualTo("m0");
        // it dies holding m0, which a trim then deletes
        REDIS.server().call("XTRIM", topic, "MAXLEN", "0");

        try (MessageSubscriber restarted = new RedisStreamSubscriber(lettuce, "g", "worker-1", topic)) {
            assertThat(restarted.nextMessage(Duration.ofMillis(200))).isEmpty();
        }
        assertThat(pending("g")).isZero();
        dead.close();
    }

    @Test
    void anotherConsumerOfTheGroupClaimsWhatADeadConsumerHeldOnceItWasPendingForTheClaimIdleTime() {
        send(4);
        MessageSubscriber dead = new RedisStreamSubscriber(lettuce, "g", "worker-1", topic);
        assertThat(text(dead.nextMessage())).isEqualTo("m0");
        // it dies holding m0

        Duration claimIdle = Duration.ofMillis(400);
        List<String> received = new ArrayList<>();
        try (MessageSubscriber other = new RedisStreamSubscriber(jedis, "g", "worker-2", claimIdle, topic)) {
            for (Optional<byte[]> next = other.nextMessage(Duration.ofMillis(1_500)); next.isPresent();
                    next = other.nextMessage(Duration.ofMillis(1_500))) {
                received.add(text(next.get()));
            }
        }
        assertThat(received).containsExactlyInAnyOrder("m0", "m1", "m2", "m3");
        assertThat(received.subList(received.indexOf("m1"), received.size())).as("new ones in order")
                .containsSubsequence("m1", "m2", "m3");
        assertThat(pending("g")).isZero();
        dead.close();
    }

    @Test
    void aHeldMessageIsNotClaimedBeforeTheClaimIdleTime() {
        send(2);
        MessageSubscriber holder = new RedisStreamSubscriber(lettuce, "g", "worker-1", topic);
        assertThat(text(holder.nextMessage())).isEqualTo("m0");

        try (MessageSubscriber other = new RedisStreamSubscriber(lettuce, "g", "worker-2", topic)) {
            assertThat(other.nextMessage(Duration.ofMillis(500))).map(RedisShimContract::text).contains("m1");
            assertThat(other.nextMessage(Duration.ofMillis(300))).as("m0 is worker-1's for a minute").isEmpty();
        }
        holder.close();
        assertThat(pending("g")).isZero();
    }

    @Test
    void eachGroupGetsEveryMessageAndEachMessageGoesToOneConsumerOfAGroup() throws Exception {
        int count = 100;
        send(count);
        List<String> byFirst = new ArrayList<>();
        List<String> bySecond = new ArrayList<>();
        try (MessageSubscriber first = new RedisStreamSubscriber(lettuce, "workers", "w1", topic);
                MessageSubscriber second = new RedisStreamSubscriber(jedis, "workers", "w2", topic);
                MessageSubscriber audit = new RedisStreamSubscriber(lettuce, "audit", "a1", topic)) {
            Thread other = new Thread(() -> byFirst.addAll(readAll(first)));
            other.start();
            bySecond.addAll(readAll(second));
            other.join(30_000);

            assertThat(readAll(audit)).hasSize(count);
        }
        Set<String> all = new HashSet<>(byFirst);
        all.addAll(bySecond);
        assertThat(byFirst.size() + bySecond.size()).as("no message twice").isEqualTo(count);
        assertThat(all).hasSize(count);
        assertThat(pending("workers")).isZero();
    }

    @Test
    void aMaximumLengthKeepsTheStreamAboutThatLong() {
        try (MessagePublisher publisher = new RedisStreamPublisher(lettuce, 100)) {
            for (int i = 0; i < 1_000; i++) {
                publisher.sendMessage(topic, bytes("m" + i));
            }
        }
        assertThat((Long) REDIS.server().call("XLEN", topic)).isBetween(100L, 300L);
    }

    @Test
    void eachEntryHoldsTheMessageUnderOneField() {
        try (MessagePublisher publisher = new RedisStreamPublisher(jedis)) {
            publisher.sendMessage(topic, bytes("hello"));
        }
        List<?> entries = (List<?>) REDIS.server().call("XRANGE", topic, "-", "+");
        assertThat(entries).hasSize(1);
        assertThat(((List<?>) entries.get(0)).get(1)).isEqualTo(List.of(RedisStreamPublisher.FIELD, "hello"));
    }

    private void send(int count) {
        try (MessagePublisher publisher = new RedisStreamPublisher(lettuce)) {
            for (int i = 0; i < count; i++) {
                publisher.sendMessage(topic, bytes("m" + i));
            }
        }
    }

    private static List<String> readAll(MessageSubscriber subscriber) {
        List<String> received = new ArrayList<>();
        for (Optional<byte[]> next = subscriber.nextMessage(Duration.ofMillis(500)); next.isPresent();
                next = subscriber.nextMessage(Duration.ofMillis(500))) {
            received.add(text(next.get()));
        }
        return received;
    }

    /** The group's pending entries, as {@code XPENDING} counts them. */
    private long pending(String group) {
        return (Long) ((List<?>) REDIS.server().call("XPENDING", topic, group)).get(0);
    }
}
