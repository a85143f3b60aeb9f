/**
 * Streams of proxies: a {@link dev.proxystore.stream.StreamProducer} writes each object to a store and publishes a small
 * signed event through a {@link dev.proxystore.stream.MessagePublisher}; a {@link dev.proxystore.stream.StreamConsumer}
 * reads the events from a {@link dev.proxystore.stream.MessageSubscriber} and hands out lazy proxies, so the bytes move
 * only to the process that finally resolves them. {@link dev.proxystore.stream.QueuePublisher} and
 * {@link dev.proxystore.stream.QueueSubscriber} carry the messages between threads of one JVM.
 *
 * <h2>Event format, version 1</h2>
 *
 * <p>One broker message per batch: UTF-8 JSON, written without whitespace.
 *
 * <pre>{@code
 * {"@proxystore-event":1,"topic":"orders","events":[
 *   {"type":"new-object-key","metadata":{"index":3},"reference":{"@proxystore":2,"store":"files","key":"8f3c...",
 *     "type":"java.util.ArrayList","evict":true,"instance":"x4Tq...","tag":"Jd9a..."}},
 *   {"type":"new-object","metadata":{"index":4},"data":"UFhT8AEC..."},
 *   {"type":"end-of-stream"}],
 *  "tag":"q7Lm..."}
 * }</pre>
 *
 * <ul>
 *   <li>{@code @proxystore-event}, always the first property: the format version. A consumer refuses a version it does
 *       not read with a {@link dev.proxystore.stream.StreamException}.</li>
 *   <li>{@code topic}: the topic of the batch; {@code events}: its events, in the order sent.</li>
 *   <li>{@code new-object-key}: an object in a store. {@code reference} is its JSON reference as the Jackson module
 *       writes it (store name, key, class name, evict flag, the writing store instance, and the reference's own tag), so
 *       the consumer admits it under its {@link dev.proxystore.store.TrustPolicy} like any reference.</li>
 *   <li>{@code new-object}: an object of a topic without a store; {@code data} is the standard base64 of what the
 *       producer's serializer wrote, read back with the consumer's serializer and its allow-list.</li>
 *   <li>{@code end-of-stream}: the producer closed the topic; always the batch's last event.</li>
 *   <li>{@code metadata}: optional; JSON strings, numbers, booleans, null, arrays and objects.</li>
 *   <li>{@code tag}: the last property, written exactly as <code>,"tag":"</code> + 43 characters + <code>"}</code>: the
 *       unpadded base64url of the HMAC-SHA-256, under the producer's signing key, of the UTF-8 bytes
 *       {@code proxystore-stream-event}, one zero byte, then every byte of the message before <code>,"tag":</code>. An
 *       event without it is unsigned, and follows the consumer's policy for unsigned references.</li>
 * </ul>
 */
@NullMarked
package dev.proxystore.stream;

import org.jspecify.annotations.NullMarked;
