package dev.proxystore.connector.redis;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Commands run on connections from a Spring Data {@link RedisConnectionFactory}, held open between commands
 * ({@link HeldConnections}).
 */
abstract class FactoryCommands extends RedisCommands {

    private final HeldConnections connections;

    FactoryCommands(RedisConnectionFactory factory, String location, String owner) {
        super(location, owner);
        this.connections = new HeldConnections(factory);
    }

    /**
     * A connection for {@code command}, kept open from an earlier command or new from the factory; give it back with
     * {@link #release} after success or {@link #discard} after a failure (it may be broken).
     *
     * @throws IllegalStateException if closed
     * @throws dev.proxystore.connector.ConnectorException naming the command if the factory gives no connection
     */
    final RedisConnection borrow(String command, String subject) {
        requireOpen();
        try {
            return connections.borrow();
        } catch (RuntimeException e) {
            throw failed(command, subject, e);
        }
    }

    /** Keeps a connection whose command succeeded for the next command. */
    final void release(RedisConnection connection) {
        connections.release(connection);
    }

    /** Closes a connection whose command failed. */
    final void discard(RedisConnection connection) {
        connections.discard(connection);
    }

    @Override
    final void closeConnections() {
        connections.close();
    }
}
