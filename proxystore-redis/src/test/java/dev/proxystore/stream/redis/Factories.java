package dev.proxystore.stream.redis;

import dev.proxystore.testing.RedisServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisClientConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** Started connection factories as an application has them, one per driver Spring Data Redis supports. */
final class Factories {

    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private Factories() {}

    static LettuceConnectionFactory lettuce(int port) {
        LettuceConnectionFactory factory = new LettuceConnectionFactory(
                new RedisStandaloneConfiguration(RedisServerProcess.HOST, port),
                LettuceClientConfiguration.builder().commandTimeout(TIMEOUT).build());
        factory.start();
        return factory;
    }

    static JedisConnectionFactory jedis(int port) {
        JedisConnectionFactory factory = new JedisConnectionFactory(
                new RedisStandaloneConfiguration(RedisServerProcess.HOST, port),
                JedisClientConfiguration.builder().connectTimeout(TIMEOUT).readTimeout(TIMEOUT).build());
        factory.start();
        return factory;
    }

    /** A loopback port nothing listens on. */
    static int deadPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(RedisServerProcess.HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void destroy(RedisConnectionFactory factory) {
        if (factory instanceof LettuceConnectionFactory lettuce) {
            lettuce.destroy();
        } else if (factory instanceof JedisConnectionFactory jedis) {
            jedis.destroy();
        }
    }
}
