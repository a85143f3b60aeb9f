package dev.proxystore.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProxySerializationTest {

    interface Sized {
        int size();
    }

    static final class Blob implements Sized, Serializable {
        private final byte[] data;

        Blob(int size) {
            this.data = new byte[size];
        }

        @Override
        public int size() {
            return data.length;
        }
    }

    /** Not serializable and without a no-arg constructor: its proxies serialize anyway. */
    static class Account {
        private final String owner;

        Account(String owner) {
            this.owner = owner;
        }

        public String owner() {
            return owner;
        }
    }

    @Test
    void aProxyDeserializesAsAnUnresolvedProxyOfTheSameType() throws Exception {
        TestFactory<Account> factory = TestFactory.of(() -> new Account("ada"));
        Account target = new Account("ada");
        Account proxy = Proxies.create(Account.class, factory, target);

        Account copy = roundTrip(proxy);

        assertThat(Proxies.isProxy(copy)).isTrue();
        assertThat(copy).isNotSameAs(proxy).isInstanceOf(Account.class);
        assertThat(Proxies.proxiedType(copy)).isEqualTo(Account.class);
        assertThat(Proxies.isResolved(copy)).isFalse();
        assertThat(factory.calls()).isZero();

        assertThat(copy.owner()).isEqualTo("ada");
        assertThat(factory.calls()).isEqualTo(1);
        assertThat(Proxies.extract(copy)).isNotSameAs(target);
    }

    @Test
    void aJdkClassProxyKeepsItsRequestedType() throws Exception {
        TestFactory<ArrayList<String>> factory = TestFactory.of(() -> new ArrayList<>(List.of("a")));
        List<String> proxy = Proxies.create(ArrayList.class, factory);

        List<String> copy = roundTrip(proxy);

        assertThat(Proxies.proxiedType(copy)).isEqualTo(ArrayList.class);
        assertThat(copy).containsExactly("a");
    }

    @Test
    void theSerialFormHoldsOnlyTheTypeAndFactory() throws Exception {
        Blob big = new Blob(10 * 1024 * 1024);
        Sized proxy = Proxies.create(Sized.class, TestFactory.returning(big), big);

        byte[] bytes = serialize(proxy);

        assertThat(bytes.length).isLessThan(2048);
        assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).doesNotContain("$$ProxyStore$$");
        assertThat(Proxies.isResolved(proxy)).isTrue();
    }

    @Test
    void aProxyLockerHoldsTheProxyWithoutResolvingIt() throws Exception {
        TestFactory<Sized> factory = TestFactory.of(() -> new Blob(3));
        Sized proxy = Proxies.create(Sized.class, factory);

        ProxyLocker<Sized> locker = new ProxyLocker<>(proxy);

        assertThat(locker.unlock()).isSameAs(proxy);
        assertThat(locker.toString()).contains(Sized.class.getName());
        assertThat(factory.calls()).isZero();

        ProxyLocker<Sized> copy = roundTrip(locker);
        assertThat(Proxies.isProxy(copy.unlock())).isTrue();
        assertThat(Proxies.isResolved(copy.unlock())).isFalse();
        assertThat(copy.unlock().size()).isEqualTo(3);
        assertThat(factory.calls()).isEqualTo(1);
    }

    @Test
    void aLockedResolvedProxySerializesSmall() throws Exception {
        Blob big = new Blob(10 * 1024 * 1024);
        ProxyLocker<Sized> locker = new ProxyLocker<>(Proxies.create(Sized.class, TestFactory.returning(big), big));

        assertThat(serialize(locker).length).isLessThan(2048);
    }

    @Test
    void aProxyLockerNeedsAProxy() {
        assertThatThrownBy(() -> new ProxyLocker<>(new Blob(1))).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] serialize(Object obj) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(obj);
        }
        return bytes.toByteArray();
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T obj) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(serialize(obj)))) {
            return (T) in.readObject();
        }
    }
}
