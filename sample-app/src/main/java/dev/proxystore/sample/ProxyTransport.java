package dev.proxystore.sample;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;

/**
 * Java serialization of proxies, as a task queue or an RPC framework would send them to another process. A store
 * proxy serializes to its factory only (store config and key), a few hundred bytes whatever the object's size.
 *
 * <p>Reading goes through an {@link ObjectInputFilter} that admits ProxyStore's and the sample's classes and the
 * JDK collections a factory holds, and nothing else: never deserialize unfiltered input.
 */
final class ProxyTransport {

    private static final ObjectInputFilter FILTER = ObjectInputFilter.Config.createFilter(
            "maxbytes=65536;maxdepth=16;maxrefs=1000;dev.proxystore.**;java.lang.*;java.util.*;!*");

    private ProxyTransport() {
    }

    static byte[] serialize(Object proxy) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(proxy);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize " + proxy.getClass().getName(), e);
        }
        return bytes.toByteArray();
    }

    static <T> T deserialize(byte[] data, Class<T> type) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(data))) {
            in.setObjectInputFilter(FILTER);
            Object obj = in.readObject();
            if (!type.isInstance(obj)) {
                throw new InvalidClassException("expected a " + type.getName() + ", got "
                        + (obj == null ? "null" : obj.getClass().getName()));
            }
            return type.cast(obj);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot deserialize a " + type.getSimpleName() + ": " + e.getMessage(), e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("cannot deserialize a " + type.getSimpleName() + ": " + e, e);
        }
    }
}
