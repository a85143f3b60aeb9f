package dev.proxystore.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stream producer's or consumer's meters in a Micrometer registry, made on first use of each topic, outcome and
 * transfer, and removed when it closes. The only class of the stream package that touches Micrometer.
 */
final class MicrometerStreamMetrics implements StreamMetrics {

    static final String EVENTS = "proxystore.stream.events";
    static final String BYTES = "proxystore.stream.event.bytes";
    static final String REFUSED = "proxystore.stream.refused";

    private final MeterRegistry registry;
    private final String name;
    private final Map<MeterKey, Counter[]> counters = new ConcurrentHashMap<>();
    private final List<Meter> meters = new CopyOnWriteArrayList<>();
    private final Counter refused;

    MicrometerStreamMetrics(MeterRegistry registry, String name) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.name = Objects.requireNonNull(name, "name");
        this.refused = keep(Counter.builder(REFUSED)
                .description("Stream messages a consumer refused: untrusted, malformed or of an unknown version")
                .tag("name", name)
                .register(registry));
    }

    @Override
    public void recordEvent(String topic, Outcome outcome, Transfer transfer, long bytes) {
        Counter[] pair = counters.computeIfAbsent(new MeterKey(topic, outcome, transfer), this::register);
        pair[0].increment();
        pair[1].increment(bytes);
    }

    @Override
    public void recordRefused() {
        refused.increment();
    }

    @Override
    public void close() {
        meters.forEach(registry::remove);
        meters.clear();
        counters.clear();
    }

    private Counter[] register(MeterKey key) {
        Counter events = keep(Counter.builder(EVENTS)
                .description("Stream events")
                .tag("name", name)
                .tag("topic", key.topic())
                .tag("outcome", key.outcome().tagValue())
                .tag("transfer", key.transfer().tagValue())
                .register(registry));
        Counter bytes = keep(Counter.builder(BYTES)
                .description("Bytes stream events took in their broker messages")
                .baseUnit("bytes")
                .tag("name", name)
                .tag("topic", key.topic())
                .tag("outcome", key.outcome().tagValue())
                .tag("transfer", key.transfer().tagValue())
                .register(registry));
        return new Counter[] {events, bytes};
    }

    private <M extends Meter> M keep(M meter) {
        meters.add(meter);
        return meter;
    }

    private record MeterKey(String topic, Outcome outcome, Transfer transfer) {}
}
