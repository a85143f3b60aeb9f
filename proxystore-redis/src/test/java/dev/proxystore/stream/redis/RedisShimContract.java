package dev.proxystore.stream.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proxystore.stream.MessagePublisher;
import dev.proxystore.stream.MessageSubscriber;
import dev.proxystore.stream.StreamException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/** What every Redis shim pair does, on a real redis-server, for one driver's connection factory. */
abstract class RedisShimContract {

    /** The application's factory, on the running server. */
    abstract RedisConnectionFactory factory();

    /** A factory of the same driver on {@code port}. */
    abstract RedisConnectionFactory factoryOn(int port);

    abstract MessagePublisher publisher(RedisConnectionFactory factory);

    abstract MessageSubscriber subscriber(RedisConnectionFactory factory, String... topics);

    /** How long {@code close()} may take to wake a reader waiting on the server. */
    abstract Duration wakesWithin();

    final String topicA = "stream-test:" + UUID.randomUUID() + ":a";
    final String topicB = "stream-test:" + UUID.randomUUID() + ":b";

    @Test
    void aThousandSmallAndTwentyLargeMessagesOnTwoTopicsArriveCompleteAndInOrderPerTopic() {
        try (MessageSubscriber subscriber = subscriber(factory(), topicA, topicB);
                MessagePublisher publisher = publisher(factory())) {
            int[] counts = Messages.sendMixed(publisher, List.of(topicA, topicB));

            Messages.receiveInOrder(subscriber, counts);
            assertThat(subscriber.nextMessage(Duration.ofMillis(50))).as("nothing more").isEmpty();
        }
    }

    @Test
    void aSubscriberReceivesTheMessagesOfItsTopicsOnly() {
        try (MessageSubscriber subscriber = subscriber(factory(), topicA);
                MessagePublisher publisher = publisher(factory())) {
            publisher.sendMessage(topicB, bytes("not mine"));
            publisher.sendMessage(topicA, bytes("mine"));

            assertThat(subscriber.nextMessage(Messages.RECEIVE_TIMEOUT)).map(RedisShimContract::text).contains("mine");
            assertThat(subscriber.nextMessage(Duration.ofMillis(100))).isEmpty();
        }
    }

    @Test
    void closeWakesAReaderWaitingForAMessage() throws Exception {
        MessageSubscriber subscriber = subscriber(factory(), topicA, topicB);
        CompletableFuture<Throwable> reader = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                subscriber.nextMessage();
                reader.complete(new AssertionError("nextMessage returned"));
            } catch (Throwable t) {
                reader.complete(t);
            }
        });
        thread.start();
        Thread.sleep(300);
        assertThat(reader).as("still waiting").isNotDone();

        long start = System.nanoTime();
        subscriber.close();
        Throwable thrown = reader.get(10, TimeUnit.SECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(thrown).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThat(took).isLessThan(wakesWithin());
    }

    @Test
    void aWaitingReaderLeavesTheApplicationsConnectionsFree() throws Exception {
        try (MessageSubscriber subscriber = subscriber(factory(), topicA)) {
            Thread reader = new Thread(() -> {
                try {
                    subscriber.nextMessage();
                } catch (IllegalStateException closed) {
                    // the subscriber closes at the end of the test
                }
            });
            reader.start();
            Thread.sleep(200);

            for (int i = 0; i < 20; i++) {
                long start = System.nanoTime();
                try (RedisConnection connection = factory().getConnection()) {
                    assertThat(connection.ping()).isEqualTo("PONG");
                }
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(200));
            }
        }
    }

    @Test
    void anInterruptedWaitIsAStreamExceptionAndTheThreadStaysInterrupted() throws Exception {
        try (MessageSubscriber subscriber = subscriber(factory(), topicA);
                MessagePublisher publisher = publisher(factory())) {
            CompletableFuture<Throwable> thrown = new CompletableFuture<>();
            CompletableFuture<Boolean> stillInterrupted = new CompletableFuture<>();
            Thread reader = new Thread(() -> {
                try {
                    subscriber.nextMessage();
                    thrown.complete(new AssertionError("nextMessage returned"));
                } catch (Throwable t) {
                    stillInterrupted.complete(Thread.currentThread().isInterrupted());
                    thrown.complete(t);
                }
            });
            reader.start();
            Thread.sleep(300);
            reader.interrupt();

            assertThat(thrown.get(10, TimeUnit.SECONDS)).isInstanceOf(StreamException.class)
                    .hasMessageContaining("interrupted").hasMessageContaining(topicA);
            assertThat(stillInterrupted.get()).isTrue();

            publisher.sendMessage(topicA, bytes("next"));
            assertThat(subscriber.nextMessage(Messages.RECEIVE_TIMEOUT)).as("still usable")
                    .map(RedisShimContract::text).contains("next");
        }
    }

    @Test
    void theTimeoutVariantReturnsEmptyOnceTheTimeoutHasPassed() {
        try (MessageSubscriber subscriber = subscriber(factory(), topicA)) {
            long start = System.nanoTime();
            Optional<byte[]> none = subscriber.nextMessage(Duration.ofMillis(300));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(none).isEmpty();
            assertThat(took).isBetween(Duration.ofMillis(290), Duration.ofMillis(1_200));
            assertThat(subscriber.nextMessage(Duration.ZERO)).isEmpty();
        }
    }

    @Test
    void aClosedPublisherOrSubscriberThrowsIllegalStateException() {
        MessagePublisher publisher = publisher(factory());
        MessageSubscriber subscriber = subscriber(factory(), topicA);
        publisher.close();
        subscriber.close();
        subscriber.close();

        assertThatIllegalStateException().isThrownBy(() -> publisher.sendMessage(topicA, bytes("x")))
                .withMessageContaining("closed").withMessageContaining(topicA);
        assertThatIllegalStateException().isThrownBy(subscriber::nextMessage).withMessageContaining("closed");
        assertThatIllegalStateException().isThrownBy(() -> subscriber.nextMessage(Duration.ofSeconds(1)))
                .withMessageContaining("closed");
    }

    @Test
    void aServerThatIsDownIsAStreamExceptionNamingTheServerAndTheTopic() {
        int port = Factories.deadPort();
        RedisConnectionFactory dead = factoryOn(port);
        try {
            MessagePublisher publisher = publisher(dead);
            assertThatThrownBy(() -> publisher.sendMessage(topicA, bytes("x")))
                    .isInstanceOf(StreamException.class)
                    .hasMessageContaining(topicA)
                    .hasMessageContaining(Integer.toString(port));
            assertThatThrownBy(() -> {
                try (MessageSubscriber subscriber = subscriber(dead, topicA, topicB)) {
                    subscriber.nextMessage(Duration.ofSeconds(1));
                }
            }).isInstanceOf(StreamException.class)
                    .hasMessageContaining(topicA)
                    .hasMessageContaining(Integer.toString(port));
        } finally {
            Factories.destroy(dead);
        }
    }

    @Test
    void theApplicationsFactoryStaysOpen() {
        MessagePublisher publisher = publisher(factory());
        MessageSubscriber subscriber = subscriber(factory(), topicA);
        publisher.close();
        subscriber.close();

        try (MessageSubscriber again = subscriber(factory(), topicA); MessagePublisher other = publisher(factory())) {
            other.sendMessage(topicA, bytes("after"));
            assertThat(again.nextMessage(Messages.RECEIVE_TIMEOUT)).map(RedisShimContract::text).contains("after");
        }
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
