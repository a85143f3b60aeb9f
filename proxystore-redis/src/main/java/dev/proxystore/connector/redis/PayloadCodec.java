package dev.proxystore.connector.redis;

import dev.proxystore.serialize.Payload;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.ToByteBufEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import java.nio.ByteBuffer;

/**
 * Binary keys, and values that are {@link Payload}s written straight into Lettuce's outgoing buffer: the serialized
 * object is copied once, from its array into the network buffer. Values are never decoded through it: reads use
 * their own output.
 */
final class PayloadCodec implements RedisCodec<byte[], Object>, ToByteBufEncoder<byte[], Object> {

    static final PayloadCodec INSTANCE = new PayloadCodec();

    private PayloadCodec() {
    }

    @Override
    public byte[] decodeKey(ByteBuffer bytes) {
        byte[] key = new byte[bytes.remaining()];
        bytes.get(key);
        return key;
    }

    @Override
    public Object decodeValue(ByteBuffer bytes) {
        throw new UnsupportedOperationException("values are read through their own output");
    }

    @Override
    public ByteBuffer encodeKey(byte[] key) {
        return ByteBuffer.wrap(key);
    }

    @Override
    public ByteBuffer encodeValue(Object value) {
        return ByteBuffer.wrap(payload(value).toBytes());
    }

    @Override
    public void encodeKey(byte[] key, ByteBuf target) {
        target.writeBytes(key);
    }

    @Override
    public void encodeValue(Object value, ByteBuf target) {
        Payload payload = payload(value);
        int size = payload.size();
        target.ensureWritable(size);
        if (target instanceof CompositeByteBuf || target.nioBufferCount() != 1) {
            target.writeBytes(payload.toBytes());
            return;
        }
        ByteBuffer view = target.nioBuffer(target.writerIndex(), size);
        payload.writeTo(view);
        target.writerIndex(target.writerIndex() + size);
    }

    @Override
    public int estimateSize(Object keyOrValue) {
        return keyOrValue instanceof byte[] bytes ? bytes.length : payload(keyOrValue).size();
    }

    @Override
    public boolean isEstimateExact() {
        return true;
    }

    private static Payload payload(Object value) {
        if (value instanceof Payload payload) {
            return payload;
        }
        throw new IllegalArgumentException("not a payload: " + value.getClass().getName());
    }
}
