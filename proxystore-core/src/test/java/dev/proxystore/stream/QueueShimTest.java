package dev.proxystore.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The in-process queue shim: one queue per topic, each message taken by one subscriber. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class QueueShimTest {

    final BlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
    final QueuePublisher publisher = new QueuePublisher(Map.of("default", queue));
    final QueueSubscriber subscriber = new QueueSubscriber(queue);

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anUnknownTopicIsRefusedNamingTheKnownOnes() {
        assertThatIllegalArgumentException().isThrownBy(() -> publisher.sendMessage("other", bytes("message")))
                .withMessage("unknown topic 'other': this queue publisher has queues for [default]");
    }

    @Test
    void messagesSentByOneThreadArriveInOrderAtAnother() throws Exception {
        List<byte[]> messages = IntStream.range(0, 100).mapToObj(i -> bytes("message-" + i)).toList();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            CompletableFuture<List<byte[]>> received = CompletableFuture.supplyAsync(() -> {
                List<byte[]> got = new ArrayList<>();
                for (int i = 0; i < messages.size(); i++) {
                    got.add(subscriber.nextMessage());
                }
                return got;
            }, threads);
            CompletableFuture.runAsync(() -> messages.forEach(m -> publisher.sendMessage("default", m)), threads);

            assertThat(received.get(10, TimeUnit.SECONDS)).containsExactlyElementsOf(messages);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void waitingWithATimeoutGivesNothingWhenNothingCame() {
        assertThat(subscriber.nextMessage(Duration.ofMillis(50))).isEmpty();
        publisher.sendMessage("default", bytes("late"));
        assertThat(subscriber.nextMessage(Duration.ZERO)).hasValueSatisfying(m -> assertThat(m).isEqualTo(bytes("late")));
    }

    @Test
    void closingASubscriberWakesItsWaitingReaderAndLeavesTheQueueAlone() throws Exception {
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            CompletableFuture<byte[]> waiting = CompletableFuture.supplyAsync(subscriber::nextMessage, thread);
            Thread.sleep(100);
            subscriber.close();

            assertThatThrownBy(() -> waiting.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("the queue subscriber is closed");
            assertThatIllegalStateException().isThrownBy(() -> subscriber.nextMessage(Duration.ofSeconds(1)));
            publisher.sendMessage("default", bytes("still queued"));
            assertThat(queue).hasSize(1);
        } finally {
            thread.shutdownNow();
        }
    }

    @Test
    void aFullBoundedQueueMakesTheSenderWaitAndAnInterruptEndsTheWait() throws Exception {
        BlockingQueue<byte[]> bounded = new ArrayBlockingQueue<>(1);
        QueuePublisher slow = new QueuePublisher(Map.of("t", bounded));
        slow.sendMessage("t", bytes("fills the queue"));
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            CompletableFuture<Boolean> sending = CompletableFuture.supplyAsync(() -> {
                Thread.currentThread().interrupt();
                try {
                    slow.sendMessage("t", bytes("no room"));
                    return false;
                } catch (StreamException e) {
                    return Thread.currentThread().isInterrupted() && e.getMessage().contains("topic 't'");
                }
            }, thread);

            assertThat(sending.get(5, TimeUnit.SECONDS)).isTrue();
            assertThat(bounded).hasSize(1);
        } finally {
            thread.shutdownNow();
        }
    }

    @Test
    void aClosedPublisherSendsNothing() {
        publisher.close();
        publisher.close();

        assertThatIllegalStateException().isThrownBy(() -> publisher.sendMessage("default", bytes("x")))
                .withMessage("the queue publisher is closed");
        assertThat(queue).isEmpty();
    }
}
