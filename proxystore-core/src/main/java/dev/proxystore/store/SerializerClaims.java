package dev.proxystore.store;

import dev.proxystore.serialize.SerializerConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * How a reference names the serializer an object was written with, without revealing its trusted packages: the
 * serializer type and a fingerprint of its whole config, {@code type#fingerprint}.
 */
final class SerializerClaims {

    private SerializerClaims() {
    }

    static String of(SerializerConfig config) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(config.type().getBytes(StandardCharsets.UTF_8));
            for (String prefix : config.trustedPackages()) {
                digest.update((byte) 0);
                digest.update(prefix.getBytes(StandardCharsets.UTF_8));
            }
            byte[] hash = Arrays.copyOf(digest.digest(), 9);
            return config.type() + "#" + Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    /** The serializer type a claim names. */
    static String typeOf(String claim) {
        int hash = claim.lastIndexOf('#');
        return hash < 0 ? claim : claim.substring(0, hash);
    }
}
