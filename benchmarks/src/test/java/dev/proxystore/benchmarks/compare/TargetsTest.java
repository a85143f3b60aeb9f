package dev.proxystore.benchmarks.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetsTest {

    @Test
    void proxyStoreOnItsOwnConnectionsIsJudgedAgainstTheFloorPerOperationAndUnderThreads() {
        List<Measurement> results = List.of(
                latency(RedisComparison.PUT, 1024, RedisSystems.FLOOR, 40),
                latency(RedisComparison.PUT, 1024, CompareRunner.PROXYSTORE_OWN, 48),
                latency(RedisComparison.GET, 1024, RedisSystems.FLOOR, 30),
                latency(RedisComparison.GET, 1024, CompareRunner.PROXYSTORE_OWN, 39),
                latency(RedisComparison.GET, CompareRunner.MIB, RedisSystems.FLOOR, 300),
                latency(RedisComparison.GET, CompareRunner.MIB, CompareRunner.PROXYSTORE_OWN, 320),
                new Measurement(ThreadScaling.CASE, Payload.BYTES, 1024, CompareRunner.PROXYSTORE_OWN, 8, 5, 100,
                        Double.NaN, 9_000, Map.of()).with(ThreadScaling.RATIO, 0.85));

        String table = Targets.evaluate(results);

        assertThat(table).containsPattern("put byte\\[\\] 1 KiB proxystore-own <= 1.25x floor +1.20x +met")
                .containsPattern("get byte\\[\\] 1 KiB proxystore-own <= 1.25x floor +1.30x +MISSED")
                .containsPattern("get byte\\[\\] 1 MiB proxystore-own <= 1.10x floor +1.07x +met")
                .containsPattern("8 threads proxystore-own >= 0.90x floor throughput +0.85x +MISSED");
    }

    private static Measurement latency(String operation, int size, String system, double p50Us) {
        return new Measurement(operation, Payload.BYTES, size, system, 1, 100, p50Us, p50Us * 2, Double.NaN,
                Map.of());
    }
}
