package dev.proxystore.stream.redis;

import dev.proxystore.connector.redis.RedisConnector;
import dev.proxystore.proxy.Proxies;
import dev.proxystore.store.Store;
import dev.proxystore.stream.StreamConsumer;
import java.util.List;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * A consumer in a process of its own: reads a stream of integer lists from Redis Streams, resolving each proxy from
 * its own Redis store, and prints {@code DONE <count> <sum> <proxies>} at end of stream. The signing key comes from
 * the system property {@code proxystore.signing-key}, as in any process configured without Spring.
 *
 * <p>Arguments: port, topic, group, store name, key prefix.
 */
public final class StreamResolvingChild {

    private StreamResolvingChild() {}

    public static void main(String[] args) {
        LettuceConnectionFactory factory = Factories.lettuce(Integer.parseInt(args[0]));
        try (Store store = Store.builder(args[3], new RedisConnector(factory, args[4])).register(true).build();
                StreamConsumer<List<Integer>> consumer = StreamConsumer.<List<Integer>>builder(
                        new RedisStreamSubscriber(factory, args[2], "child", args[1])).build()) {
            long count = 0;
            long sum = 0;
            long proxies = 0;
            for (List<Integer> list : consumer) {
                proxies += Proxies.isProxy(list) ? 1 : 0;
                for (int value : list) {
                    sum += value;
                }
                count++;
            }
            System.out.println("DONE " + count + " " + sum + " " + proxies);
        } catch (RuntimeException e) {
            System.out.println("FAILED " + e);
            throw e;
        } finally {
            factory.destroy();
        }
    }
}
