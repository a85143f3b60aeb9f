package dev.proxystore.store;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** One HMAC-SHA-256 key: tags what a reference asserts and checks tags. Never prints its bytes. */
final class SigningKey {

    static final String ALGORITHM = "HmacSHA256";
    static final int MIN_BYTES = 32;
    static final int TAG_BYTES = 32;
    private static final String BASE64_PREFIX = "base64:";

    private final SecretKeySpec spec;
    private final ThreadLocal<Mac> macs;

    private SigningKey(byte[] bytes) {
        this.spec = new SecretKeySpec(bytes, ALGORITHM);
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /**
     * The key a text stands for: its UTF-8 bytes, or with a {@code base64:} prefix the bytes it encodes.
     *
     * @param source what the text came from (a property name), for the error message only
     * @throws IllegalArgumentException if it is not valid or shorter than {@value #MIN_BYTES} bytes
     */
    static SigningKey parse(String text, String source) {
        byte[] bytes;
        if (text.startsWith(BASE64_PREFIX)) {
            String encoded = text.substring(BASE64_PREFIX.length()).strip();
            try {
                bytes = encoded.indexOf('-') >= 0 || encoded.indexOf('_') >= 0
                        ? Base64.getUrlDecoder().decode(encoded) : Base64.getDecoder().decode(encoded);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + " starts with 'base64:' but the rest is not base64");
            }
        } else {
            bytes = text.getBytes(StandardCharsets.UTF_8);
        }
        return of(bytes, source);
    }

    /** @throws IllegalArgumentException if shorter than {@value #MIN_BYTES} bytes */
    static SigningKey of(byte[] bytes, String source) {
        if (bytes.length < MIN_BYTES) {
            throw new IllegalArgumentException(source + " must be a secret of at least " + MIN_BYTES + " bytes, was "
                    + bytes.length + " bytes (use 'base64:' followed by the base64 of " + MIN_BYTES
                    + " random bytes, for example)");
        }
        return new SigningKey(bytes.clone());
    }

    byte[] tag(byte[] data) {
        return macs.get().doFinal(data);
    }

    boolean verifies(byte[] data, byte[] tag) {
        return tag.length == TAG_BYTES && MessageDigest.isEqual(tag(data), tag);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(spec);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available in this JVM", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SigningKey other && MessageDigest.isEqual(spec.getEncoded(), other.spec.getEncoded());
    }

    @Override
    public int hashCode() {
        return 0;
    }

    @Override
    public String toString() {
        return "SigningKey[" + ALGORITHM + ", hidden]";
    }
}
