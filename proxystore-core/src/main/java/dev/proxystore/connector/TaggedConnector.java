package dev.proxystore.connector;

import java.util.List;
import java.util.Set;

/**
 * A connector that chooses where to write by tags the writer asks for, such as
 * {@link dev.proxystore.connector.multi.MultiConnector}. What a tag means is up to the connector; asking for no tags
 * is the same as the untagged {@link #put(byte[])} and {@link #putBatch(List)}.
 */
public interface TaggedConnector extends Connector {

    /**
     * Stores {@code data} under a new key, in a place that accepts all of {@code tags}, and returns the key.
     *
     * @throws IllegalArgumentException if no place accepts {@code tags} (and the size of {@code data}); nothing is
     *     written
     */
    String put(byte[] data, Set<String> tags);

    /**
     * Stores each element under a new key, in places that accept all of {@code tags}; returns the keys in order.
     * All or nothing where the backends allow.
     *
     * @throws IllegalArgumentException if no place accepts {@code tags} and the size of some element; nothing is
     *     written
     */
    List<String> putBatch(List<byte[]> data, Set<String> tags);

    /**
     * Stores {@code data} under a new key, in a place that accepts all of {@code tags} and takes writes carrying
     * {@code supersetTags} (a place with superset tags takes only writes that carry all of them), and returns the key.
     * By default, for connectors without superset tags, {@link #put(byte[], Set)} when {@code supersetTags} is empty.
     *
     * @throws IllegalArgumentException if no place accepts the tags (and the size of {@code data}); nothing is
     *     written
     */
    default String put(byte[] data, Set<String> tags, Set<String> supersetTags) {
        requireNoSupersetTags(supersetTags);
        return put(data, tags);
    }

    /**
     * {@link #put(byte[], Set, Set)} for each element; returns the keys in order. All or nothing where the backends
     * allow. By default {@link #putBatch(List, Set)} when {@code supersetTags} is empty.
     *
     * @throws IllegalArgumentException if no place accepts the tags and the size of some element; nothing is written
     */
    default List<String> putBatch(List<byte[]> data, Set<String> tags, Set<String> supersetTags) {
        requireNoSupersetTags(supersetTags);
        return putBatch(data, tags);
    }

    private void requireNoSupersetTags(Set<String> supersetTags) {
        if (!supersetTags.isEmpty()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " does not write by superset tags "
                    + supersetTags + "; nothing written");
        }
    }
}
