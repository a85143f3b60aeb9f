package dev.proxystore.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * What a message format that carries references (a stream event) needs from the trust model: a signed reference to an
 * object a store has just written, and a tag over the message's own bytes under the same signing keys, so a receiver
 * checks both with its {@link TrustPolicy}.
 *
 * <p>A message tag is the HMAC-SHA-256 of the purpose's UTF-8 bytes, one zero byte, then the message bytes. The
 * purpose keeps a tag made for one kind of message from verifying as another, or as a reference (whose signed
 * encoding starts with {@code PSREF}).
 */
public final class ReferenceMessages {

    private ReferenceMessages() {
    }

    /**
     * A signed plain reference to the object {@code store} holds under {@code key}, naming {@code type} as the object's
     * class and the store instance that wrote it, signed with the key of the store's {@link Store#trustPolicy()}.
     */
    public static Reference reference(Store store, Key<?> key, boolean evict, Class<?> type) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(type, "type");
        StoreFactory<?> factory = new StoreFactory<>(Objects.requireNonNull(key, "key"), store.config(), evict)
                .from(store)
                .describing(type, null);
        return Reference.of(factory, type);
    }

    /** The tag of the first {@code length} bytes of {@code message} for {@code purpose}, under the policy's key. */
    public static byte[] tag(TrustPolicy signer, String purpose, byte[] message, int length) {
        return signer.signingKey().tag(signed(purpose, message, length));
    }

    /**
     * Whether {@code tag} is the tag of the first {@code length} bytes of {@code message} for {@code purpose} under one
     * of the keys {@code receiver} verifies references with (for {@link StoreRegistry#global()}: those of every
     * attached registry's policy too).
     */
    public static boolean verifies(StoreRegistry receiver, String purpose, byte[] message, int length, byte[] tag) {
        byte[] data = signed(purpose, message, length);
        if (receiver instanceof GlobalStoreRegistry global) {
            return global.verifies(data, tag);
        }
        return receiver.trustPolicy().verifies(data, tag);
    }

    /** The length of a tag, in bytes. */
    public static int tagLength() {
        return SigningKey.TAG_BYTES;
    }

    private static byte[] signed(String purpose, byte[] message, int length) {
        Objects.checkFromIndexSize(0, length, message.length);
        byte[] prefix = purpose.getBytes(StandardCharsets.UTF_8);
        byte[] data = Arrays.copyOf(prefix, prefix.length + 1 + length);
        System.arraycopy(message, 0, data, prefix.length + 1, length);
        return data;
    }
}
