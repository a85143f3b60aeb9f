package dev.proxystore.connector.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.proxystore.serialize.Payload;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code SET} arguments carrying a payload, encoded as Redis expects them. */
class PayloadArgsTest {

    static final byte[] KEY = "p:k".getBytes(StandardCharsets.US_ASCII);

    @Test
    void encodesTheKeyAndThePayloadAsBulkStrings() {
        PayloadArgs args = new PayloadArgs(KEY, Payload.of("hello".getBytes(StandardCharsets.US_ASCII)));

        assertThat(args.count()).isEqualTo(2);
        assertThat(encoded(args, Unpooled.buffer(4))).isEqualTo("$3\r\np:k\r\n$5\r\nhello\r\n");
        assertThat(args.toCommandString()).contains("value<5 bytes>");
    }

    @Test
    void encodesIntoACompositeBuffer() {
        CompositeByteBuf composite = Unpooled.compositeBuffer();
        composite.addComponent(true, Unpooled.copiedBuffer("*3\r\n", StandardCharsets.US_ASCII));
        PayloadArgs args = new PayloadArgs(KEY, Payload.of(new byte[] {'a', 'b'}));

        assertThat(encoded(args, composite)).isEqualTo("*3\r\n$3\r\np:k\r\n$2\r\nab\r\n");
    }

    @Test
    void anEmptyPayloadIsAnEmptyBulkString() {
        assertThat(encoded(new PayloadArgs(KEY, Payload.of(new byte[0])), Unpooled.buffer()))
                .isEqualTo("$3\r\np:k\r\n$0\r\n\r\n");
    }

    @Test
    void aPayloadThatWritesLessThanItAnnouncesFails() {
        Payload shortWriter = new Payload() {
            @Override
            public int size() {
                return 4;
            }

            @Override
            public void writeTo(ByteBuffer target) {
                target.put((byte) 1);
            }
        };

        assertThatIllegalStateException().isThrownBy(() -> new PayloadArgs(KEY, shortWriter).encode(Unpooled.buffer()))
                .withMessageContaining("wrote 1 bytes");
    }

    private static String encoded(PayloadArgs args, ByteBuf target) {
        try {
            args.encode(target);
            return target.toString(StandardCharsets.US_ASCII);
        } finally {
            target.release();
        }
    }
}
