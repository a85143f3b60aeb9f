package dev.proxystore.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalConnectorTest extends ConnectorContractTest<LocalConnector> {

    @Override
    protected LocalConnector newConnector() {
        return new LocalConnector();
    }

    @Override
    protected String expectedType() {
        return "local";
    }

    @Test
    void expiredObjectIsGoneRightAfterItsDeadline() {
        String key = connector.put(bytes(10, 1));
        Duration ttl = Duration.ofMillis(500);

        connector.expire(key, ttl);
        long deadline = System.nanoTime() + ttl.toNanos();

        assertThat(connector.exists(key)).isTrue();
        while (System.nanoTime() - deadline < 0) {
            Thread.onSpinWait();
        }
        assertThat(connector.get(key)).isNull();
        assertThat(connector.exists(key)).isFalse();
        assertThat(connector.getBatch(List.of(key))).containsExactly((byte[]) null);
    }

    @Test
    void expiryIsSharedByConnectorsWithTheSameId() throws InterruptedException {
        LocalConnector other = track((LocalConnector) Connectors.create(connector.config()));
        String key = connector.put(bytes(10, 2));

        other.expire(key, Duration.ofMillis(50));

        assertThat(Await.until(Duration.ofSeconds(5), () -> !connector.exists(key))).isTrue();
    }

    @Test
    void nonPositiveTtlRemovesAtOnce() {
        String zero = connector.put(bytes(1, 3));
        String negative = connector.put(bytes(1, 4));

        connector.expire(zero, Duration.ZERO);
        connector.expire(negative, Duration.ofSeconds(-1));

        assertThat(connector.exists(zero)).isFalse();
        assertThat(connector.exists(negative)).isFalse();
        assertThat(connector.storage().storedEntries()).isZero();
    }

    @Test
    void expiringMissingKeyIsNoOp() throws InterruptedException {
        String key = connector.newKey();

        connector.expire(key, Duration.ofMillis(1));
        connector.set(key, bytes(1, 5));
        String witness = expiringWitness(Duration.ofMillis(50));

        assertThat(Await.until(Duration.ofSeconds(5),
                () -> !connector.exists(witness) && connector.storage().pendingDeadlines() == 0)).isTrue();
        assertThat(connector.get(key)).isEqualTo(bytes(1, 5));
    }

    @Test
    void setClearsExpiryLikeRedis() throws InterruptedException {
        String key = connector.put(bytes(1, 6));
        connector.expire(key, Duration.ofMillis(50));

        connector.set(key, bytes(1, 7));
        String witness = expiringWitness(Duration.ofMillis(100));

        assertThat(Await.until(Duration.ofSeconds(5),
                () -> !connector.exists(witness) && connector.storage().pendingDeadlines() == 0)).isTrue();
        assertThat(connector.get(key)).isEqualTo(bytes(1, 7));
    }

    @Test
    void laterExpireReplacesEarlierOne() throws InterruptedException {
        String extended = connector.put(bytes(1, 8));
        String shortened = connector.put(bytes(1, 9));

        connector.expire(extended, Duration.ofMillis(300));
        connector.expire(extended, Duration.ofMinutes(10));
        connector.expire(shortened, Duration.ofMinutes(10));
        connector.expire(shortened, Duration.ofMillis(50));
        String witness = expiringWitness(Duration.ofMillis(350));

        assertThat(Await.until(Duration.ofSeconds(5), () -> !connector.exists(shortened))).isTrue();
        assertThat(Await.until(Duration.ofSeconds(5),
                () -> !connector.exists(witness) && connector.storage().pendingDeadlines() == 1)).isTrue();
        assertThat(connector.exists(extended)).isTrue();
    }

    @Test
    void expiredObjectsLeaveMemoryWithoutBeingRead() throws InterruptedException {
        LocalStorage storage = connector.storage();
        for (int i = 0; i < 10; i++) {
            connector.put(bytes(10, i));
        }
        for (int i = 0; i < 1000; i++) {
            connector.expire(connector.put(bytes(100, i)), Duration.ofMillis(20 + i % 50));
        }

        boolean swept = Await.until(
                Duration.ofSeconds(10), () -> storage.storedEntries() == 10 && storage.pendingDeadlines() == 0);

        assertThat(swept).as("expired entries removed by the background sweep").isTrue();
        assertThat(connector.size()).isEqualTo(10);
    }

    @Test
    void sizeCountsOnlyLiveObjects() throws InterruptedException {
        connector.put(bytes(1, 10));
        String expiring = connector.put(bytes(1, 11));
        connector.expire(expiring, Duration.ofMillis(300));
        assertThat(connector.size()).isEqualTo(2);

        assertThat(Await.until(Duration.ofSeconds(5), () -> connector.size() == 1)).isTrue();
    }

    @Test
    void wakeUpsDoNotAccumulate() {
        int before = LocalStorage.pendingWakeUps();

        for (int i = 0; i < 500; i++) {
            // each deadline is earlier than the one before, so each call moves the wake-up
            connector.expire(connector.put(bytes(1, i)), Duration.ofSeconds(60).minusMillis(i * 10L));
        }
        assertThat(LocalStorage.pendingWakeUps()).isLessThanOrEqualTo(before + 1);

        connector.close();
        assertThat(LocalStorage.pendingWakeUps()).isLessThanOrEqualTo(before);
    }

    @Test
    void evictAndSetForgetDeadlines() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String key = connector.put(bytes(1, i));
            connector.expire(key, Duration.ofHours(1));
            keys.add(key);
        }
        assertThat(connector.storage().pendingDeadlines()).isEqualTo(100);

        keys.subList(0, 50).forEach(connector::evict);
        keys.subList(50, 100).forEach(key -> connector.set(key, bytes(2, 0)));

        assertThat(connector.storage().pendingDeadlines()).isZero();
    }

    @Test
    void hugeTtlDoesNotOverflow() {
        String key = connector.put(bytes(1, 12));

        connector.expire(key, Duration.ofSeconds(Long.MAX_VALUE));

        assertThat(connector.exists(key)).isTrue();
    }

    @Test
    void configCarriesOnlyTheId() {
        ConnectorConfig config = connector.config();

        assertThat(config.type()).isEqualTo("local");
        assertThat(config.options()).containsOnlyKeys("id");
        assertThat(new LocalConnector().config()).isNotEqualTo(config);
    }

    @Test
    void connectorsWithTheSameIdShareDataUntilAllAreClosed() {
        ConnectorConfig config = connector.config();
        LocalConnector other = (LocalConnector) Connectors.create(config);
        String key = connector.put(bytes(1, 13));
        assertThat(other.get(key)).isEqualTo(bytes(1, 13));

        connector.close();
        assertThat(other.get(key)).isEqualTo(bytes(1, 13));
        other.close();

        LocalConnector recreated = track((LocalConnector) Connectors.create(config));
        assertThat(recreated.config()).isEqualTo(config);
        assertThat(recreated.size()).isZero();
        assertThat(recreated.exists(key)).isFalse();
    }

    @Test
    void garbageCollectedConnectorReleasesItsData() throws InterruptedException {
        int registeredBefore = LocalStorage.registered();
        List<WeakReference<LocalConnector>> dropped = new ArrayList<>();
        ConnectorConfig config = openAndDrop(dropped);

        boolean collected = Await.until(
                Duration.ofSeconds(20), System::gc, () -> dropped.stream().allMatch(ref -> ref.get() == null));

        assertThat(collected).as("unclosed connectors were garbage-collected").isTrue();
        assertThat(Await.until(Duration.ofSeconds(20), System::gc, () -> LocalStorage.registered() <= registeredBefore))
                .as("registry entries purged")
                .isTrue();
        LocalConnector recreated = track((LocalConnector) Connectors.create(config));
        assertThat(recreated.size()).isZero();
    }

    /** Opens connectors holding data, never closes them, and returns the config of one. */
    private static ConnectorConfig openAndDrop(List<WeakReference<LocalConnector>> dropped) {
        ConnectorConfig config = null;
        for (int i = 0; i < 20; i++) {
            LocalConnector unclosed = new LocalConnector();
            unclosed.expire(unclosed.put(new byte[1 << 20]), Duration.ofHours(1));
            dropped.add(new WeakReference<>(unclosed));
            config = unclosed.config();
        }
        return config;
    }

    @Test
    void closedConnectorRejectsOperations() {
        String key = connector.put(bytes(1, 14));
        ConnectorConfig config = connector.config();

        connector.close();
        connector.close();

        assertThat(connector.config()).isEqualTo(config);
        assertThatIllegalStateException().isThrownBy(() -> connector.get(key));
        assertThatIllegalStateException().isThrownBy(() -> connector.put(bytes(1, 15)));
        assertThatIllegalStateException().isThrownBy(() -> connector.putBatch(List.of(bytes(1, 15))));
        assertThatIllegalStateException().isThrownBy(() -> connector.exists(key));
        assertThatIllegalStateException().isThrownBy(() -> connector.evict(key));
        assertThatIllegalStateException().isThrownBy(() -> connector.set(key, bytes(1, 15)));
        assertThatIllegalStateException().isThrownBy(() -> connector.expire(key, Duration.ofSeconds(1)));
        assertThatIllegalStateException().isThrownBy(() -> connector.size());
    }

    @Test
    void getReturnsAFreshCopy() {
        byte[] data = bytes(10, 16);
        String key = connector.put(data);

        byte[] first = connector.get(key);
        byte[] second = connector.get(key);

        assertThat(first).isEqualTo(data).isNotSameAs(data).isNotSameAs(second);
    }

    @Test
    void providerWithoutIdCreatesNewConnector() {
        LocalConnector created = track((LocalConnector) Connectors.create(new ConnectorConfig("local", Map.of())));

        assertThat(created.config().options().get("id")).isNotBlank().isNotEqualTo(connector.config().options().get("id"));
        assertThat(created.size()).isZero();
    }

    @Test
    void providerRejectsUnknownOptions() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Connectors.create(new ConnectorConfig("local", Map.of("id", "x", "bogus", "1"))))
                .withMessageContaining("bogus");
    }

    @Test
    void nullBatchElementStoresNothing() {
        List<byte[]> data = Arrays.asList(bytes(1, 17), null);

        assertThatNullPointerException().isThrownBy(() -> connector.putBatch(data));

        assertThat(connector.size()).isZero();
    }

    /** A key expiring after {@code ttl}: once it is gone, every deadline set before it with a shorter ttl has passed. */
    private String expiringWitness(Duration ttl) {
        String witness = connector.put(bytes(1, 99));
        connector.expire(witness, ttl);
        return witness;
    }
}
