package dev.proxystore.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proxystore.connector.LocalConnector;
import dev.proxystore.serialize.SerializationException;
import dev.proxystore.serialize.Serializer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Python's {@code serializer=} and {@code deserializer=} on put, put_batch and get. */
class PerCallSerializerTest {

    /** Plain UTF-8 text: no envelope, so the store's own serializer cannot read it. */
    private static final Serializer TEXT = new Serializer() {
        @Override
        public byte[] serialize(Object obj) {
            return ("text:" + obj).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public Object deserialize(byte[] data) {
            String text = new String(data, StandardCharsets.UTF_8);
            if (!text.startsWith("text:")) {
                throw new SerializationException("not text");
            }
            return text.substring("text:".length());
        }
    };

    @Test
    void anObjectWrittenWithACallsSerializerIsReadWithTheMatchingDeserializer() {
        try (Store store = Store.builder("per-call", new LocalConnector()).register(false).build()) {
            Key<String> key = store.put("hello", TEXT);
            assertThat(store.get(key, TEXT)).contains("hello");
            assertThatThrownBy(() -> store.get(key)).isInstanceOf(SerializationException.class);
        }
    }

    @Test
    void aBatchWrittenWithACallsSerializerIsReadWithIt() {
        try (Store store = Store.builder("per-call-batch", new LocalConnector()).register(false).build()) {
            List<Key<String>> keys = store.putBatch(List.of("a", "b"), TEXT);
            assertThat(keys).extracting(key -> store.get(key, TEXT)).containsExactly(Optional.of("a"), Optional.of("b"));
        }
    }

    @Test
    void aCallsDeserializerBypassesTheCacheOfObjectsReadWithTheStoresOwn() {
        try (Store store = Store.builder("per-call-cache", new LocalConnector()).cacheSize(4).register(false).build()) {
            Key<String> key = store.put("cached");
            assertThat(store.get(key)).contains("cached");
            assertThatThrownBy(() -> store.get(key, TEXT)).isInstanceOf(SerializationException.class)
                    .hasMessageContaining("not text");
            assertThat(store.get(new Key<String>("no-such-key"), TEXT)).isEmpty();
        }
    }
}
