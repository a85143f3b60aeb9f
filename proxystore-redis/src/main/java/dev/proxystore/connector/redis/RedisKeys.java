package dev.proxystore.connector.redis;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A connector's keys and the Redis keys they stand for: a connector hands out and accepts only UUIDs, and stores each
 * under its prefix followed by the UUID. Anything else is refused, so a key from a reference cannot reach outside the
 * prefix.
 */
final class RedisKeys {

    private final String prefix;

    RedisKeys(String prefix) {
        Objects.requireNonNull(prefix, "keyPrefix");
        if (prefix.isEmpty()) {
            throw new IllegalArgumentException("keyPrefix must not be empty");
        }
        this.prefix = prefix;
    }

    String prefix() {
        return prefix;
    }

    /** A fresh key: a random UUID. */
    String newKey() {
        return UUID.randomUUID().toString();
    }

    /**
     * The Redis key of {@code key}: the prefix and the key.
     *
     * @throws IllegalArgumentException if {@code key} is not a UUID
     */
    byte[] raw(String key) {
        Objects.requireNonNull(key, "key");
        if (!isUuid(key)) {
            String shown = key.length() > 80 ? key.substring(0, 80) + "..." : key;
            throw new IllegalArgumentException("key '" + shown + "' is not a key of this connector (a UUID, which"
                    + " the connector stores under its prefix)");
        }
        return (prefix + key).getBytes(StandardCharsets.UTF_8);
    }

    /** The Redis keys of {@code keys}, in order; every key is checked before any is used. */
    byte[][] raw(List<String> keys) {
        byte[][] rawKeys = new byte[keys.size()][];
        for (int i = 0; i < rawKeys.length; i++) {
            rawKeys[i] = raw(keys.get(i));
        }
        return rawKeys;
    }

    private static boolean isUuid(String key) {
        if (key.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = key.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : Character.digit(c, 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
