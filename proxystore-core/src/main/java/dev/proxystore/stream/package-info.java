/**
 * Streams of proxies: a {@code StreamProducer} writes each object to a store and publishes a small signed event
 * through a {@link dev.proxystore.stream.MessagePublisher}; a {@code StreamConsumer} reads the events from a
 * {@link dev.proxystore.stream.MessageSubscriber} and hands out lazy proxies, so the bytes move only to the process
 * that finally resolves them.
 */
@NullMarked
package dev.proxystore.stream;

import org.jspecify.annotations.NullMarked;
