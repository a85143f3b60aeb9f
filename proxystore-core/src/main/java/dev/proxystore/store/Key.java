package dev.proxystore.store;

import java.io.Serializable;
import java.util.Objects;

/**
 * The key of an object in a {@link Store}. The type parameter records what was stored; the key itself is only the
 * connector's string id.
 *
 * @param id the connector key
 * @param <T> the type of the stored object
 */
public record Key<T>(String id) implements Serializable {

    /** Creates a key; {@code id} must not be null or empty. */
    public Key {
        Objects.requireNonNull(id, "id");
        if (id.isEmpty()) {
            throw new IllegalArgumentException("key id must not be empty");
        }
    }
}
