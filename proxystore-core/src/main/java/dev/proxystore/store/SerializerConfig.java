package dev.proxystore.store;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * How to re-create a store's serializer in another process. Never holds code or secrets.
 *
 * @param type {@code default} for {@link dev.proxystore.serialize.DefaultSerializer}, otherwise the class name of a
 *     {@link dev.proxystore.serialize.Serializer} with a public no-argument constructor
 * @param trustedPackages package prefixes the default serializer trusts beyond JDK value types
 */
public record SerializerConfig(String type, List<String> trustedPackages) implements Serializable {

    /** The type of {@link dev.proxystore.serialize.DefaultSerializer}. */
    public static final String DEFAULT_TYPE = "default";

    public SerializerConfig {
        Objects.requireNonNull(type, "type");
        trustedPackages = List.copyOf(Objects.requireNonNull(trustedPackages, "trustedPackages"));
    }

    /** The default serializer trusting only JDK value types. */
    public static SerializerConfig defaults() {
        return new SerializerConfig(DEFAULT_TYPE, List.of());
    }

    /**
     * How a reference names this serializer without revealing its trusted packages: the type and a fingerprint of the
     * whole config, {@code type#fingerprint}.
     */
    String claim() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(type.getBytes(StandardCharsets.UTF_8));
            for (String prefix : trustedPackages) {
                digest.update((byte) 0);
                digest.update(prefix.getBytes(StandardCharsets.UTF_8));
            }
            byte[] hash = Arrays.copyOf(digest.digest(), 9);
            return type + "#" + Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    /** The serializer type a {@link #claim()} names. */
    static String typeOfClaim(String claim) {
        int hash = claim.lastIndexOf('#');
        return hash < 0 ? claim : claim.substring(0, hash);
    }
}
