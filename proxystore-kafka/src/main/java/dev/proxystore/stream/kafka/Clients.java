package dev.proxystore.stream.kafka;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.jspecify.annotations.Nullable;

/** How the shims name a Kafka client and its brokers in messages. */
final class Clients {

    static final String BOOTSTRAP_SERVERS = "bootstrap.servers";

    private Clients() {}

    /**
     * {@code "kafka 127.0.0.1:9092"} when the brokers are known (the shim built the client), else the client's id
     * as its metrics tag it: {@code "kafka client producer-1"}.
     */
    static String describe(@Nullable Object bootstrapServers, Map<MetricName, ? extends Metric> metrics) {
        if (bootstrapServers != null) {
            String servers = bootstrapServers instanceof Collection<?> list
                    ? list.stream().map(String::valueOf).collect(Collectors.joining(","))
                    : String.valueOf(bootstrapServers);
            return "kafka " + servers;
        }
        String clientId = metrics.keySet().stream()
                .map(name -> name.tags().get("client-id"))
                .filter(Objects::nonNull)
                .findFirst()
                .orElse("(unnamed)");
        return "kafka client " + clientId;
    }

    /** {@code "topic 'a'"} or {@code "topics ['a', 'b']"}. */
    static String topics(Collection<String> topics) {
        if (topics.size() == 1) {
            return "topic '" + topics.iterator().next() + "'";
        }
        return topics.stream().sorted().map(topic -> "'" + topic + "'")
                .collect(Collectors.joining(", ", "topics [", "]"));
    }

    /** The exception's message and, when it adds something, its root cause's. */
    static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String rootMessage = root.getMessage();
        return root == e || rootMessage == null || message.contains(rootMessage) ? message : message + ": " + rootMessage;
    }

    static Object requireSetting(Map<String, Object> settings, String name) {
        Object value = settings.get(name);
        if (value == null || value.toString().isBlank()) {
            throw new IllegalArgumentException("the Kafka client settings have no '" + name + "'");
        }
        return value;
    }
}
