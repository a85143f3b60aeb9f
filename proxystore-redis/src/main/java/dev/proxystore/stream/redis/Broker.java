package dev.proxystore.stream.redis;

import dev.proxystore.stream.StreamException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisNode;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.RedisSocketConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The application's connection factory as the shims use it: one command per borrowed connection, failures turned into
 * {@link StreamException}s that name the server, the command and the topics. Reads only addresses, never credentials.
 */
final class Broker {

    /** The longest a subscriber waits on the server in one command. */
    private static final Duration MAX_WAIT = Duration.ofSeconds(1);

    private final RedisConnectionFactory factory;
    private final String description;
    private final Duration maxWait;

    Broker(RedisConnectionFactory factory) {
        this.factory = Objects.requireNonNull(factory, "connection factory");
        this.description = describe(factory);
        this.maxWait = maxWait(factory);
    }

    RedisConnectionFactory factory() {
        return factory;
    }

    /**
     * The longest one blocking command may wait on the server: a second, and less than half the command timeout of a
     * Lettuce factory (Lettuce cancels a command, blocking or not, once that timeout passes).
     */
    Duration maxWait() {
        return maxWait;
    }

    /** Runs {@code action} on a connection borrowed from the factory for it. */
    <T> T call(String command, String topics, Function<RedisConnection, T> action) {
        try (RedisConnection connection = factory.getConnection()) {
            return action.apply(connection);
        } catch (RuntimeException e) {
            throw failed(command, topics, e);
        }
    }

    /** The exception for {@code command} on {@code topics} that failed; keeps the thread's interrupt flag. */
    StreamException failed(String command, String topics, Throwable cause) {
        String what = command + " on " + topics + " at " + description;
        if (Thread.currentThread().isInterrupted()) {
            return new StreamException(what + " was interrupted", cause);
        }
        return new StreamException(what + " failed: " + reason(cause), cause);
    }

    /** Throws if the calling thread was interrupted, keeping its interrupt flag: called between waits. */
    static void checkInterrupt(String topics) {
        if (Thread.currentThread().isInterrupted()) {
            throw new StreamException("waiting for a message of " + topics + " was interrupted");
        }
    }

    /** {@code "topic 'a'"} or {@code "topics ['a', 'b']"}, for messages. */
    static String topics(Collection<String> topics) {
        if (topics.size() == 1) {
            return "topic '" + topics.iterator().next() + "'";
        }
        return topics.stream().map(topic -> "'" + topic + "'").collect(Collectors.joining(", ", "topics [", "]"));
    }

    static String topic(String topic) {
        return topics(List.of(topic));
    }

    static byte[] key(String topic) {
        return topic.getBytes(StandardCharsets.UTF_8);
    }

    /** Topics as given: at least one, none null or empty, no duplicates. */
    static List<String> requireTopics(String... topics) {
        Objects.requireNonNull(topics, "topics");
        if (topics.length == 0) {
            throw new IllegalArgumentException("a subscriber needs at least one topic");
        }
        for (String topic : topics) {
            requireTopic(topic);
        }
        List<String> list = List.of(topics);
        if (list.stream().distinct().count() != list.size()) {
            throw new IllegalArgumentException("topics repeat: " + list);
        }
        return list;
    }

    static String requireTopic(String topic) {
        Objects.requireNonNull(topic, "topic");
        if (topic.isEmpty()) {
            throw new IllegalArgumentException("a topic must not be empty");
        }
        return topic;
    }

    @Override
    public String toString() {
        return description;
    }

    private static Duration maxWait(RedisConnectionFactory factory) {
        if (factory instanceof LettuceConnectionFactory lettuce) {
            Duration half = lettuce.getClientConfiguration().getCommandTimeout().dividedBy(2);
            if (half.compareTo(MAX_WAIT) < 0) {
                return half.isZero() || half.isNegative() ? Duration.ofMillis(1) : half;
            }
        }
        return MAX_WAIT;
    }

    private static String describe(RedisConnectionFactory factory) {
        if (!(factory instanceof LettuceConnectionFactory lettuce)) {
            // other drivers do not expose where they connect; their own messages name the address
            return "redis (" + factory.getClass().getSimpleName() + ")";
        }
        RedisClusterConfiguration cluster = lettuce.getClusterConfiguration();
        RedisSentinelConfiguration sentinel = lettuce.getSentinelConfiguration();
        RedisSocketConfiguration socket = lettuce.getSocketConfiguration();
        if (cluster != null) {
            return "redis cluster " + join(cluster.getClusterNodes());
        }
        if (sentinel != null) {
            return "redis sentinel " + sentinel.getRequiredMaster().getName() + "@" + join(sentinel.getSentinels());
        }
        if (socket != null) {
            return "redis unix:" + socket.getSocket();
        }
        int database = lettuce.getDatabase();
        return "redis " + new RedisNode(lettuce.getHostName(), lettuce.getPort()).asString()
                + (database == 0 ? "" : "/" + database);
    }

    private static String join(Collection<RedisNode> nodes) {
        return nodes.stream().map(RedisNode::asString).collect(Collectors.joining(","));
    }

    /** The exception's message and, when it adds something, its root cause's (the server's or driver's text). */
    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(e.getMessage());
        String rootMessage = root.getMessage();
        return root == e || rootMessage == null || message.contains(rootMessage) ? message : message + ": " + rootMessage;
    }
}
