package dev.proxystore.stream;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;

/**
 * Records what a stream producer or consumer does, for monitoring: set one with
 * {@link StreamProducer.Builder#metrics(StreamMetrics)} or {@link StreamConsumer.Builder#metrics(StreamMetrics)}.
 * Implementations are thread-safe and cheap; the producer or consumer closes its recorder when it closes.
 *
 * <p>Bytes are those an event took in its broker message: for an object sent by reference, its reference and metadata
 * (the object itself moves through the store, whose own metrics count it); for an object sent by value, the whole
 * serialized object.
 */
public interface StreamMetrics {

    /** What happened to an event, by the value of its {@code outcome} tag. */
    enum Outcome {
        /** A producer published it. */
        SENT,
        /** A consumer handed it out. */
        RECEIVED,
        /** A producer's or consumer's filter dropped it. */
        DROPPED;

        /** The lower-case tag value, for example {@code sent}. */
        public String tagValue() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How an event's object travels, by the value of its {@code transfer} tag. */
    enum Transfer {
        /** In a store; the event carries a reference. */
        REFERENCE,
        /** Inside the event (a topic without a store). */
        VALUE;

        /** The lower-case tag value, for example {@code reference}. */
        public String tagValue() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A recorder that records nothing. */
    static StreamMetrics disabled() {
        return Disabled.INSTANCE;
    }

    /**
     * Meters in {@code registry}, tagged {@code name} with {@code name}: counters {@code proxystore.stream.events} and
     * {@code proxystore.stream.event.bytes} (tags {@code topic}, {@code outcome}, {@code transfer}), and
     * {@code proxystore.stream.refused} (events a consumer refused as untrusted or malformed, without a topic tag: a
     * refused event's topic is not to be believed). Needs Micrometer on the class path.
     */
    static StreamMetrics micrometer(MeterRegistry registry, String name) {
        return new MicrometerStreamMetrics(registry, name);
    }

    /** One event of {@code topic} had {@code outcome}, taking {@code bytes} in its message. */
    void recordEvent(String topic, Outcome outcome, Transfer transfer, long bytes);

    /** A consumer refused a message: untrusted, malformed, or of a format version it does not read. */
    void recordRefused();

    /** The producer or consumer closed: release whatever was registered for it. */
    default void close() {
    }

    /** {@link #disabled()}. */
    enum Disabled implements StreamMetrics {
        INSTANCE;

        @Override
        public void recordEvent(String topic, Outcome outcome, Transfer transfer, long bytes) {
        }

        @Override
        public void recordRefused() {
        }
    }
}
