package dev.proxystore.proxy;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A small serializable factory: it carries only an id, under which the test registered how to produce the
 * target, and counts its calls (also across a serialization round trip within the JVM).
 */
final class TestFactory<T> implements SerializableSupplier<T> {

    private static final Map<String, Supplier<?>> SUPPLIERS = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();

    private final String id;

    private TestFactory(String id) {
        this.id = id;
    }

    static <T> TestFactory<T> of(Supplier<? extends T> supplier) {
        String id = UUID.randomUUID().toString();
        SUPPLIERS.put(id, supplier);
        CALLS.put(id, new AtomicInteger());
        return new TestFactory<>(id);
    }

    static <T> TestFactory<T> returning(T value) {
        return of(() -> value);
    }

    @Override
    @SuppressWarnings("unchecked")
    public T get() {
        CALLS.get(id).incrementAndGet();
        return (T) SUPPLIERS.get(id).get();
    }

    int calls() {
        return CALLS.get(id).get();
    }
}
