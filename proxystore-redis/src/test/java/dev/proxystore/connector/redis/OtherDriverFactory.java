package dev.proxystore.connector.redis;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisSentinelConnection;

/**
 * A connection factory that is not Lettuce's, as another driver's would be: it hands out another factory's
 * connections, so a connector on it can only use Spring Data's {@link RedisConnection} API.
 */
class OtherDriverFactory implements RedisConnectionFactory {

    private final RedisConnectionFactory delegate;

    OtherDriverFactory(RedisConnectionFactory delegate) {
        this.delegate = delegate;
    }

    @Override
    public boolean getConvertPipelineAndTxResults() {
        return delegate.getConvertPipelineAndTxResults();
    }

    @Override
    public RedisConnection getConnection() {
        return delegate.getConnection();
    }

    @Override
    public RedisClusterConnection getClusterConnection() {
        return delegate.getClusterConnection();
    }

    @Override
    public RedisSentinelConnection getSentinelConnection() {
        return delegate.getSentinelConnection();
    }

    @Override
    public @Nullable DataAccessException translateExceptionIfPossible(RuntimeException ex) {
        return delegate.translateExceptionIfPossible(ex);
    }
}
