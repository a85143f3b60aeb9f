package dev.proxystore.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proxystore.connector.Connector;
import dev.proxystore.connector.LocalConnector;
import dev.proxystore.proxy.Proxies;
import dev.proxystore.proxy.ProxyResolveException;
import dev.proxystore.proxy.ProxyResolveMissingKeyException;
import dev.proxystore.testing.JavaSerialization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StoreFutureTest {

    @Test
    void aProxyHandedOutBeforeTheResultWaitsForIt() throws Exception {
        try (Store store = new Store("futures", new LocalConnector());
                StoreRegistry.Registration registration = StoreRegistry.global().registration(store)) {
            StoreFuture<List<Integer>> future = store.future(List.class);
            List<Integer> proxy = JavaSerialization.roundTrip(future.proxy());
            assertThat(future.done()).isFalse();

            CompletableFuture<Integer> consumer = new CompletableFuture<>();
            Thread reader = new Thread(() -> {
                try {
                    consumer.complete(proxy.size());
                } catch (Throwable e) {
                    consumer.completeExceptionally(e);
                }
            });
            reader.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (reader.getState() != Thread.State.WAITING && reader.getState() != Thread.State.TIMED_WAITING
                    && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(reader.getState()).as("the reader waits for the result")
                    .isIn(Thread.State.WAITING, Thread.State.TIMED_WAITING);
            assertThat(consumer).isNotDone();

            future.setResult(new ArrayList<>(List.of(1, 2)));
            assertThat(consumer.get(10, TimeUnit.SECONDS)).isEqualTo(2);
            assertThat(future.done()).isTrue();
            assertThat(future.result(Duration.ofSeconds(1))).containsExactly(1, 2);
            assertThatThrownBy(() -> future.setResult(new ArrayList<>())).isInstanceOf(IllegalStateException.class);
            assertThat(Proxies.isProxy(proxy)).isTrue();
        }
    }

    @Test
    void timesOutWithATypedException() {
        try (Store store = new Store("futures-timeout", new LocalConnector());
                StoreRegistry.Registration registration = StoreRegistry.global().registration(store)) {
            StoreFuture<List<Integer>> future = store.future(List.class, Duration.ofMillis(100));
            assertThatThrownBy(() -> future.result(Duration.ofMillis(50))).isInstanceOf(StoreTimeoutException.class);
            List<Integer> proxy = future.proxy();
            assertThatThrownBy(proxy::size).isInstanceOf(ProxyResolveMissingKeyException.class)
                    .isInstanceOf(ProxyResolveException.class).hasCauseInstanceOf(StoreTimeoutException.class);
        }
    }

    @Test
    void needsADeferrableConnector() {
        Connector plain = new CountingConnector(new LocalConnector());
        try (Store store = new Store("not-deferrable", plain)) {
            assertThatThrownBy(() -> store.future(List.class)).isInstanceOf(UnsupportedOperationException.class);
        }
    }
}
