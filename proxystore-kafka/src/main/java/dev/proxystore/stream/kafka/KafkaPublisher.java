package dev.proxystore.stream.kafka;

import dev.proxystore.stream.MessagePublisher;
import dev.proxystore.stream.StreamException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends each message as one record to the Kafka topic of the same name, keyed by the topic's name: every record of a
 * topic goes to one partition (the one the key hashes to), so a topic's messages are read in the order sent whatever
 * its number of partitions; spread load over several topics rather than partitions of one. Keep the producer's
 * idempotence on (Kafka's default), so that retries do not reorder.
 *
 * <p>Sending is asynchronous, as Kafka's: {@link #sendMessage} hands the record to the producer and returns; a failure
 * to deliver it surfaces as a {@link StreamException} naming the topic from the next {@link #sendMessage},
 * {@link #flush()} or {@link #close()}. {@link #flush()} waits until every record sent so far is acknowledged by the
 * broker. A record larger than the producer's {@code max.request.size} or the broker's {@code message.max.bytes} (both
 * about 1 MiB by default) is refused: raise both to send large messages inline.
 *
 * <p>Thread-safe, as Kafka's producer is. A publisher given a producer leaves it open on {@link #close()}; one built
 * from settings closes the producer it created.
 */
public final class KafkaPublisher implements MessagePublisher {

    private final Producer<byte[], byte[]> producer;
    private final boolean owned;
    private final String description;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ConcurrentLinkedQueue<StreamException> failures = new ConcurrentLinkedQueue<>();

    /** Sends through the application's producer, which stays open when this publisher closes. */
    public KafkaPublisher(Producer<byte[], byte[]> producer) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.owned = false;
        this.description = Clients.describe(null, producer.metrics());
    }

    /**
     * Sends through a producer it creates from Kafka producer {@code settings} ({@code bootstrap.servers} at least;
     * the key and value serializers are its own) and closes with itself.
     *
     * @throws IllegalArgumentException if {@code bootstrap.servers} is missing
     */
    public KafkaPublisher(Map<String, Object> settings) {
        Object servers = Clients.requireSetting(settings, Clients.BOOTSTRAP_SERVERS);
        this.producer = new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer());
        this.owned = true;
        this.description = Clients.describe(servers, Map.of());
    }

    /**
     * Hands {@code message} to the producer as a record of {@code topic}.
     *
     * @throws StreamException naming the topic if this or an earlier message could not be sent
     * @throws IllegalStateException if closed
     */
    @Override
    public void sendMessage(String topic, byte[] message) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(message, "message");
        if (topic.isEmpty()) {
            throw new IllegalArgumentException("a topic must not be empty");
        }
        if (closed.get()) {
            throw new IllegalStateException("KafkaPublisher is closed; cannot send to topic '" + topic + "'");
        }
        throwFailures();
        ProducerRecord<byte[], byte[]> record =
                new ProducerRecord<>(topic, topic.getBytes(StandardCharsets.UTF_8), message);
        try {
            producer.send(record, (metadata, failure) -> {
                if (failure != null) {
                    failures.add(failed("sending to topic '" + topic + "'", failure));
                }
            });
        } catch (InterruptException e) {
            throw new StreamException("sending to topic '" + topic + "' on " + description + " was interrupted", e);
        } catch (KafkaException | IllegalStateException e) {
            throw failed("sending to topic '" + topic + "'", e);
        }
        throwFailures();
    }

    /**
     * Waits until the broker has acknowledged every message sent so far.
     *
     * @throws StreamException naming the topic if a message could not be delivered, or the wait was interrupted
     */
    @Override
    public void flush() {
        if (closed.get()) {
            return;
        }
        flushProducer();
    }

    /**
     * Flushes, then closes the producer if this publisher created it. Idempotent.
     *
     * @throws StreamException if a message could not be delivered
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            flushProducer();
        } finally {
            if (owned) {
                producer.close();
            }
        }
    }

    private void flushProducer() {
        try {
            producer.flush();
        } catch (InterruptException e) {
            throw new StreamException("flushing the producer of " + description + " was interrupted", e);
        } catch (KafkaException e) {
            throw failed("flushing the producer", e);
        }
        throwFailures();
    }

    /** Throws the failures reported since the last call, the first with the others suppressed. */
    private void throwFailures() {
        StreamException first = failures.poll();
        if (first == null) {
            return;
        }
        for (StreamException next = failures.poll(); next != null; next = failures.poll()) {
            if (first.getSuppressed().length < 10) {
                first.addSuppressed(next);
            }
        }
        throw first;
    }

    private StreamException failed(String what, Throwable cause) {
        return new StreamException(what + " on " + description + " failed: " + Clients.reason(cause), cause);
    }

    @Override
    public String toString() {
        return "KafkaPublisher on " + description;
    }
}
