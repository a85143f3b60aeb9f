package dev.proxystore.connector.redis;

import dev.proxystore.serialize.Payload;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.protocol.CommandArgs;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The arguments of {@code SET key value} (or {@code PSETEX key millis value}) where the value is a {@link Payload}
 * written straight into Lettuce's outgoing buffer: the serialized object is copied once, from its array into the network buffer.
 *
 * <p>Typed {@code <byte[], byte[]>} like the connection it is dispatched on, so no cast is needed: the key is an
 * ordinary key argument (cluster routing finds it as the first key), and the payload is one more bulk string that
 * {@link #count()} and {@link #encode(ByteBuf)} add after the others, the two methods Lettuce's {@code Command} uses
 * to write a command.
 */
final class PayloadArgs extends CommandArgs<byte[], byte[]> {

    private static final byte[] CRLF = {'\r', '\n'};

    private final Payload payload;

    /** The arguments of {@code SET key payload}. */
    PayloadArgs(byte[] key, Payload payload) {
        super(ByteArrayCodec.INSTANCE);
        addKey(key);
        this.payload = payload;
    }

    /** The arguments of {@code PSETEX key millis payload}. */
    PayloadArgs(byte[] key, long millis, Payload payload) {
        this(key, payload);
        add(millis);
    }

    @Override
    public int count() {
        return super.count() + 1;
    }

    @Override
    public void encode(ByteBuf buf) {
        super.encode(buf);
        int size = payload.size();
        buf.writeByte('$');
        buf.writeBytes(Integer.toString(size).getBytes(StandardCharsets.US_ASCII));
        buf.writeBytes(CRLF);
        buf.ensureWritable(size);
        int written;
        if (buf instanceof CompositeByteBuf || buf.nioBufferCount() != 1) {
            byte[] bytes = payload.toBytes();
            buf.writeBytes(bytes);
            written = bytes.length;
        } else {
            ByteBuffer view = buf.nioBuffer(buf.writerIndex(), size);
            payload.writeTo(view);
            written = view.position();
            buf.writerIndex(buf.writerIndex() + size);
        }
        if (written != size) {
            // else the value would carry stale bytes of a pooled buffer; Lettuce fails the command and reconnects
            throw new IllegalStateException("payload wrote " + written + " bytes, not the " + size + " it announced");
        }
        buf.writeBytes(CRLF);
    }

    @Override
    public String toCommandString() {
        return super.toCommandString() + " value<" + payload.size() + " bytes>";
    }
}
