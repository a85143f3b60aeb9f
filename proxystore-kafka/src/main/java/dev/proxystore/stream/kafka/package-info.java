/**
 * Stream shims on Apache Kafka: {@link dev.proxystore.stream.kafka.KafkaPublisher} and
 * {@link dev.proxystore.stream.kafka.KafkaSubscriber}, over kafka-clients' {@code Producer} and {@code Consumer} of
 * {@code byte[]} keys and values.
 *
 * <p>A shim given a client uses it and leaves it open: closing the client stays the application's job. A shim built
 * from client settings creates its client and closes it with itself.
 */
@NullMarked
package dev.proxystore.stream.kafka;

import org.jspecify.annotations.NullMarked;
