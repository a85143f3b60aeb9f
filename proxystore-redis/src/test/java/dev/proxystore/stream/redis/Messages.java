package dev.proxystore.stream.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxystore.stream.MessagePublisher;
import dev.proxystore.stream.MessageSubscriber;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Numbered messages whose content follows from their topic and number, so a receiver can check each byte and the
 * order: 1,000 of 1 KiB and 20 of 1 MiB, spread over topics in turn.
 */
final class Messages {

    static final int SMALL = 1_000;
    static final int LARGE = 20;
    static final Duration RECEIVE_TIMEOUT = Duration.ofSeconds(30);

    private Messages() {}

    /** The message number {@code seq} of topic number {@code topic}: its numbers, then bytes seeded by them. */
    static byte[] message(int topic, int seq, int size) {
        byte[] bytes = new byte[size];
        new Random(topic * 1_000_003L + seq).nextBytes(bytes);
        ByteBuffer.wrap(bytes).putInt(topic).putInt(seq).putInt(size);
        return bytes;
    }

    /** Sends the small and large messages, interleaved over {@code topics}; returns how many each topic got. */
    static int[] sendMixed(MessagePublisher publisher, List<String> topics) {
        int[] counts = new int[topics.size()];
        int total = SMALL + LARGE;
        for (int i = 0; i < total; i++) {
            int size = i % ((SMALL + LARGE) / LARGE) == 0 ? 1024 * 1024 : 1024;
            int topic = i % topics.size();
            publisher.sendMessage(topics.get(topic), message(topic, counts[topic]++, size));
        }
        publisher.flush();
        return counts;
    }

    /** Receives {@code counts} messages per topic and checks each is complete and the next of its topic. */
    static void receiveInOrder(MessageSubscriber subscriber, int[] counts) {
        int[] expected = new int[counts.length];
        int total = 0;
        for (int count : counts) {
            total += count;
        }
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            byte[] received = subscriber.nextMessage(RECEIVE_TIMEOUT)
                    .orElseThrow(() -> new AssertionError("no message within " + RECEIVE_TIMEOUT + "; received so far "
                            + java.util.Arrays.toString(expected)));
            ByteBuffer header = ByteBuffer.wrap(received);
            int topic = header.getInt();
            int seq = header.getInt();
            int size = header.getInt();
            if (seq != expected[topic]) {
                problems.add("topic " + topic + ": message " + seq + " where " + expected[topic] + " was next");
            }
            expected[topic] = seq + 1;
            assertThat(received).as("message %d of topic %d", seq, topic).hasSize(size)
                    .isEqualTo(message(topic, seq, size));
        }
        assertThat(problems).as("order per topic").isEmpty();
        assertThat(expected).isEqualTo(counts);
    }
}
