package dev.proxystore.connector.redis;

import dev.proxystore.connector.ConnectorException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A connector's batches: writes as one {@code MSET} that leaves nothing behind when it fails, and reads as one
 * {@code MGET} after the sizes are checked. On a cluster Lettuce splits either by hash slot.
 */
final class RedisBatches {

    private final RedisKeys keys;
    private final RedisCommands commands;
    private final SizeGuard sizeGuard;
    private final String location;

    RedisBatches(RedisKeys keys, RedisCommands commands, SizeGuard sizeGuard, String location) {
        this.keys = keys;
        this.commands = commands;
        this.sizeGuard = sizeGuard;
        this.location = location;
    }

    /**
     * Stores each value under a new key with one {@code MSET} and returns the keys in order. If it fails, the batch's
     * keys are deleted on a best-effort basis (slots that succeeded, or an {@code MSET} that timed out but still ran)
     * before the {@link ConnectorException} is thrown.
     */
    List<String> put(List<byte[]> data) {
        if (data.isEmpty()) {
            return List.of();
        }
        List<String> newKeys = new ArrayList<>(data.size());
        // byte[] keys hash by identity, which is what MSET needs here: every key is a distinct array
        Map<byte[], byte[]> tuples = new LinkedHashMap<>(data.size() * 4 / 3 + 1);
        for (byte[] value : data) {
            Objects.requireNonNull(value, "data element");
            String key = keys.newKey();
            newKeys.add(key);
            tuples.put(keys.raw(key), value);
        }
        try {
            commands.setAll(data.size() + " keys", tuples);
        } catch (ConnectorException e) {
            commands.deleteQuietly(tuples.keySet().toArray(byte[][]::new), e);
            throw e;
        }
        return Collections.unmodifiableList(newKeys);
    }

    /**
     * The values under {@code batchKeys} in order, {@code null} for missing keys: the sizes are checked first (see
     * {@link SizeGuard#checkBefore(List, byte[][], long)}), then one {@code MGET} reads them, and each value read is
     * checked again.
     *
     * @throws dev.proxystore.connector.ObjectTooLargeException naming the first key whose value is over the limit
     */
    List<byte @Nullable []> get(List<String> batchKeys, long maxBytes) {
        if (batchKeys.isEmpty()) {
            return List.of();
        }
        byte[][] rawKeys = keys.raw(batchKeys);
        sizeGuard.checkBefore(batchKeys, rawKeys, maxBytes);
        List<byte @Nullable []> values = commands.getAll(batchKeys.size() + " keys", rawKeys);
        if (values.size() != rawKeys.length) {
            throw new ConnectorException(location + ": MGET of " + rawKeys.length + " keys returned "
                    + values.size() + " values");
        }
        for (int i = 0; i < rawKeys.length; i++) {
            byte[] value = values.get(i);
            if (value != null) {
                SizeGuard.checkRead(batchKeys.get(i), value.length, maxBytes);
            }
        }
        return Collections.unmodifiableList(values);
    }
}
