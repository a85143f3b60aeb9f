package dev.proxystore.spring;

import dev.proxystore.connector.Connector;
import dev.proxystore.connector.redis.RedisConnector;
import dev.proxystore.spring.ProxyStoreProperties.Redis;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Creates the connectors of redis stores. The only class of this module that refers to Spring Data Redis, and it is
 * loaded only when a redis store is created, so applications without Spring Data Redis never load it.
 */
final class RedisStoreConnectors {

    private RedisStoreConnectors() {
    }

    /**
     * A connector on the store's own connection when it sets a host or port, else on the application's
     * {@link RedisConnectionFactory}, which the store's bean is then registered as depending on, so the store closes
     * before the factory.
     */
    static Connector create(ConfigurableListableBeanFactory beanFactory, String store, Redis redis) {
        String keyPrefix = StoreDefinitions.keyPrefix(store, redis);
        if (redis.ownConnection()) {
            RedisConnector.Builder builder = RedisConnector.builder(keyPrefix);
            if (redis.getHost() != null) {
                builder.host(redis.getHost());
            }
            if (redis.getPort() != null) {
                builder.port(redis.getPort());
            }
            if (redis.getDatabase() != null) {
                builder.database(redis.getDatabase());
            }
            if (redis.getTimeout() != null) {
                builder.timeout(redis.getTimeout());
            }
            return builder.build();
        }
        RedisConnectionFactory factory = beanFactory.getBeanProvider(RedisConnectionFactory.class).getIfUnique();
        if (factory == null) {
            String[] names = beanFactory.getBeanNamesForType(RedisConnectionFactory.class);
            throw new InvalidConfigurationPropertyValueException(StoreDefinitions.property(store, "connector"),
                    "redis", (names.length == 0 ? "No RedisConnectionFactory bean exists" : "Several"
                            + " RedisConnectionFactory beans exist and none is primary") + ". Add"
                            + " spring-boot-starter-data-redis and configure spring.data.redis.*, or give the store"
                            + " its own connection with " + StoreDefinitions.property(store, "redis.host") + " and "
                            + StoreDefinitions.property(store, "redis.port") + ".");
        }
        for (String name : beanFactory.getBeanNamesForType(RedisConnectionFactory.class)) {
            if (beanFactory.containsSingleton(name) && beanFactory.getSingleton(name) == factory
                    && beanFactory.containsBean(store)) {
                beanFactory.registerDependentBean(name, store);
            }
        }
        return new RedisConnector(factory, keyPrefix);
    }
}
