/**
 * Stream shims on Redis: {@link dev.proxystore.stream.redis.RedisPublisher} / {@link
 * dev.proxystore.stream.redis.RedisSubscriber} (pub/sub), {@link dev.proxystore.stream.redis.RedisQueuePublisher} /
 * {@link dev.proxystore.stream.redis.RedisQueueSubscriber} (a list per topic) and {@link
 * dev.proxystore.stream.redis.RedisStreamPublisher} / {@link dev.proxystore.stream.redis.RedisStreamSubscriber} (Redis
 * Streams with consumer groups and acknowledgement).
 *
 * <p>All of them run on the application's {@link org.springframework.data.redis.connection.RedisConnectionFactory},
 * which they never close. A topic is used as it is: it is the channel (pub/sub), the list key (queue) or the stream key
 * (Redis Streams), with no prefix, as ProxyStore's Python shims do, so Python and Java shims of one kind share a topic.
 * Give topics a namespace of your own ({@code "jobs:results"}) where the database holds other data.
 *
 * <p>Publishers send each message with one command on a connection borrowed from the factory for that command (with
 * Lettuce's default shared connection: the one multiplexed connection). Subscribers that wait on the server (queue
 * and Redis Streams) wait on a connection of their own, never on a shared one: on a Lettuce factory of a standalone
 * server or a Sentinel-watched master, a connection the subscriber opens from the factory's client (same address,
 * credentials and database) and closes with itself, which {@code close()} from another thread wakes at once
 * ({@code CLIENT UNBLOCK}; if Redis does not answer within a second, the connection is closed under the waiting
 * command); on other drivers (Jedis) one connection borrowed from the factory for the subscriber's life, waiting in
 * slices of at most one second, so {@code close()} wakes a waiting reader within a second.
 *
 * <p>On Redis Cluster (a Lettuce cluster factory: subscribers wait on a connection borrowed from it), pub/sub works as
 * on one server (Redis forwards every {@code PUBLISH} to all nodes), and each topic lives on the node of its hash
 * slot. A queue or stream subscriber whose topics share a slot (a common hash tag, such as {@code "{jobs}a"} and
 * {@code "{jobs}b"}) waits on the server with one command; one whose topics lie in different slots polls them
 * instead, every 50 ms.
 */
@NullMarked
package dev.proxystore.stream.redis;

import org.jspecify.annotations.NullMarked;
