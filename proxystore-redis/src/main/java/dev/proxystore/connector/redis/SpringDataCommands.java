package dev.proxystore.connector.redis;

import dev.proxystore.serialize.Payload;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/** The commands through Spring Data Redis' raw {@code byte[]} API, for factories other than Lettuce's. */
final class SpringDataCommands extends FactoryCommands {


    SpringDataCommands(RedisConnectionFactory factory, String location, String owner) {
        super(factory, location, owner);
    }

    @Override
    void set(String key, byte[] rawKey, byte[] value) {
        execute("SET", key, connection -> connection.stringCommands().set(rawKey, value));
    }

    @Override
    void set(String key, byte[] rawKey, Payload payload, long millis) {
        byte[] value = payload.toBytes();
        execute("PSETEX", key, connection -> connection.stringCommands().pSetEx(rawKey, millis, value));
    }

    @Override
    byte @Nullable [] get(String key, byte[] rawKey) {
        return execute("GET", key, connection -> connection.stringCommands().get(rawKey));
    }

    @Override
    long length(String key, byte[] rawKey) {
        Long length = execute("STRLEN", key, connection -> connection.stringCommands().strLen(rawKey));
        return length == null ? 0 : length;
    }

    @Override
    boolean exists(String key, byte[] rawKey) {
        return Boolean.TRUE.equals(execute("EXISTS", key, connection -> connection.keyCommands().exists(rawKey)));
    }

    @Override
    long delete(String subject, byte[]... rawKeys) {
        Long deleted = execute("DEL", subject, connection -> connection.keyCommands().del(rawKeys));
        return deleted == null ? 0 : deleted;
    }

    @Override
    void expire(String key, byte[] rawKey, long millis) {
        execute("PEXPIRE", key, connection -> connection.keyCommands().pExpire(rawKey, millis));
    }

    @Override
    void setAll(String subject, Map<byte[], byte[]> values) {
        execute("MSET", subject, connection -> connection.stringCommands().mSet(values));
    }

    @Override
    List<byte @Nullable []> getAll(String subject, byte[][] rawKeys) {
        List<byte @Nullable []> values = execute("MGET", subject, connection -> connection.stringCommands().mGet(rawKeys));
        return values == null ? List.of() : values;
    }

    private <T> @Nullable T execute(String command, String subject, Function<RedisConnection, @Nullable T> action) {
        RedisConnection connection = borrow(command, subject);
        try {
            T result = action.apply(connection);
            release(connection);
            return result;
        } catch (RuntimeException e) {
            discard(connection);
            throw failed(command, subject, e);
        }
    }
}
