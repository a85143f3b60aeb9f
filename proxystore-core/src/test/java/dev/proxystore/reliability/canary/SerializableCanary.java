package dev.proxystore.reliability.canary;

import java.io.Serial;
import java.io.Serializable;

/** Never allowed by an {@link java.io.ObjectInputFilter}: Java serialization must not initialize or build it. */
public class SerializableCanary implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    static {
        CanaryCounters.SERIAL_CANARY_INITIALIZED.incrementAndGet();
    }

    public String payload = "boom";

    public SerializableCanary() {
        CanaryCounters.SERIAL_CANARY_CONSTRUCTED.incrementAndGet();
    }

    @Serial
    private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
        in.defaultReadObject();
        CanaryCounters.SERIAL_CANARY_CONSTRUCTED.incrementAndGet();
    }
}
