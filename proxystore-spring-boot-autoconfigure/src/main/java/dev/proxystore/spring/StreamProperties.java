package dev.proxystore.spring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Settings of the stream beans, under {@code proxystore.stream}. */
public class StreamProperties {

    /** The message broker events travel through; no stream beans without one. */
    private @Nullable Broker broker;

    /** The store each topic's objects are written to, by topic. */
    private Map<String, String> stores = new LinkedHashMap<>();

    /** The store of topics not listed in stores; none: their objects travel inside the events. */
    private @Nullable String defaultStore;

    /** How many objects of a topic go out in one event (one broker message, one batch write to the store). */
    private int batchSize = 1;

    /** Whether the producer and consumer record events and bytes into the application's meter registry. */
    private boolean metrics = true;

    /** The consumer bean, created when topics are set. */
    private final Consumer consumer = new Consumer();

    public @Nullable Broker getBroker() {
        return broker;
    }

    public void setBroker(@Nullable Broker broker) {
        this.broker = broker;
    }

    public Map<String, String> getStores() {
        return stores;
    }

    public void setStores(Map<String, String> stores) {
        this.stores = stores;
    }

    public @Nullable String getDefaultStore() {
        return defaultStore;
    }

    public void setDefaultStore(@Nullable String defaultStore) {
        this.defaultStore = defaultStore;
    }

    public int getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    public boolean isMetrics() {
        return metrics;
    }

    public void setMetrics(boolean metrics) {
        this.metrics = metrics;
    }

    public Consumer getConsumer() {
        return consumer;
    }

    /** The brokers a stream can use. */
    public enum Broker {
        /** Redis pub/sub on the application's RedisConnectionFactory: only subscribers listening receive events. */
        REDIS_PUBSUB,
        /** A Redis list per topic on the application's RedisConnectionFactory: each event goes to one consumer. */
        REDIS_LIST,
        /** Redis Streams with a consumer group, acknowledged: an event a consumer held when it died comes again. */
        REDIS_STREAMS,
        /** Kafka, configured by spring.kafka.* (bootstrap servers, security; the consumer's group id). */
        KAFKA
    }

    /** Settings of the consumer bean. */
    public static class Consumer {

        /** The topics the consumer bean reads; no consumer bean without any. */
        private List<String> topics = new ArrayList<>();

        /** The consumer group (redis-streams; kafka, unless spring.kafka.consumer.group-id is set). */
        private String group = "proxystore";

        /** This consumer's name within its group (redis-streams); default: the host name and process id. */
        private @Nullable String name;

        public List<String> getTopics() {
            return topics;
        }

        public void setTopics(List<String> topics) {
            this.topics = topics;
        }

        public String getGroup() {
            return group;
        }

        public void setGroup(String group) {
            this.group = group;
        }

        public @Nullable String getName() {
            return name;
        }

        public void setName(@Nullable String name) {
            this.name = name;
        }
    }
}
