package dev.proxystore.sample;

import dev.proxystore.stream.MessagePublisher;
import dev.proxystore.stream.MessageSubscriber;
import dev.proxystore.stream.QueuePublisher;
import dev.proxystore.stream.QueueSubscriber;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Without a broker ({@code proxystore.stream.broker}, set by the redis profile), the stream stage runs on an
 * in-process queue: the starter builds the producer and consumer on these.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "proxystore.stream.broker", havingValue = "in-process", matchIfMissing = true)
class InProcessStream {

    private final BlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();

    @Bean
    MessagePublisher inProcessPublisher() {
        return new QueuePublisher(Map.of(StreamDemo.TOPIC, queue));
    }

    @Bean
    MessageSubscriber inProcessSubscriber() {
        return new QueueSubscriber(queue);
    }
}
