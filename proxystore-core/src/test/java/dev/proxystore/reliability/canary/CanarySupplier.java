package dev.proxystore.reliability.canary;

import dev.proxystore.proxy.SerializableSupplier;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.util.List;

/**
 * A proxy factory that is not ProxyStore's: what a forged proxy would carry. Deserializing it runs its
 * {@code readObject}, and resolving it would run {@link #get()}; both are counted.
 */
public class CanarySupplier implements SerializableSupplier<List<String>> {

    @Serial
    private static final long serialVersionUID = 1L;

    @Override
    public List<String> get() {
        CanaryCounters.SERIAL_CANARY_CONSTRUCTED.incrementAndGet();
        return List.of("forged");
    }

    @Serial
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        CanaryCounters.SERIAL_CANARY_CONSTRUCTED.incrementAndGet();
    }
}
