package dev.proxystore.stream;

import java.util.Map;

/**
 * An object of a stream with the metadata its producer sent along.
 *
 * @param metadata the producer's metadata (unmodifiable; empty when none was sent)
 * @param object the object: a lazy proxy, or the object itself (see {@link StreamConsumer#next()})
 * @param <T> the type of the stream's objects
 */
public record StreamItem<T>(Map<String, Object> metadata, T object) {}
