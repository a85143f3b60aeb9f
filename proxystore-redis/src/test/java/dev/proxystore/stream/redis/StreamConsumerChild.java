package dev.proxystore.stream.redis;

import dev.proxystore.stream.MessageSubscriber;
import java.nio.charset.StandardCharsets;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * A consumer in a process of its own, for a test to kill: takes one message of a Redis stream, prints
 * {@code HELD <message>} and waits to be killed, holding it unacknowledged.
 *
 * <p>Arguments: port, topic, group, consumer.
 */
public final class StreamConsumerChild {

    private StreamConsumerChild() {}

    public static void main(String[] args) throws InterruptedException {
        LettuceConnectionFactory factory = Factories.lettuce(Integer.parseInt(args[0]));
        MessageSubscriber subscriber = new RedisStreamSubscriber(factory, args[2], args[3], args[1]);
        byte[] message = subscriber.nextMessage();
        System.out.println("HELD " + new String(message, StandardCharsets.UTF_8));
        Thread.sleep(Long.MAX_VALUE);
    }
}
