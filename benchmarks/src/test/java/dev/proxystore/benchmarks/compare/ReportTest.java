package dev.proxystore.benchmarks.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTest {

    @Test
    void jsonLineHasTheRequiredFieldsInOrder() {
        Measurement m = Measurement.ofLatencies("redis.put+get", "byte[]", 1024, "proxystore",
                new long[] {3_000, 1_000, 2_000, 4_000}).with("ratio_p50", 1.05);
        Map<String, Object> common = new LinkedHashMap<>();
        common.put("quick", true);
        common.put("java", "17");

        String json = Report.json(m, common);

        assertThat(json).startsWith("{\"case\":\"redis.put+get\",\"payload\":\"byte[]\",\"size\":1024,"
                + "\"system\":\"proxystore\",\"threads\":1,\"samples\":4,\"p50_us\":2,\"p99_us\":4,"
                + "\"ops_per_s\":400000,\"ratio_p50\":1.05,");
        assertThat(json).endsWith(",\"quick\":true,\"java\":\"17\"}");
    }

    @Test
    void jsonWritesNullForMissingNumbersAndEscapesStrings() {
        Measurement m = Measurement.ofValue("proxy.java-serialized-size", "Blob", 1024, "proxystore", "bytes", 312)
                .with("note", "a \"quoted\"\ttab\\");

        String json = Report.json(m, Map.of());

        assertThat(json).contains("\"p50_us\":null,\"p99_us\":null,\"ops_per_s\":null,\"bytes\":312,")
                .contains("\"note\":\"a \\\"quoted\\\"\\ttab\\\\\"");
    }

    @Test
    void percentilesAreNearestRank() {
        long[] nanos = new long[100];
        for (int i = 0; i < nanos.length; i++) {
            nanos[i] = (i + 1) * 1_000L;
        }
        Measurement m = Measurement.ofLatencies("c", "p", 1, "s", nanos);
        assertThat(m.p50Us()).isEqualTo(50.0);
        assertThat(m.p99Us()).isEqualTo(99.0);

        Measurement batches = Measurement.ofBatches("c", "p", 1, "s", new long[] {1_000, 3_000, 2_000}, 10);
        assertThat(batches.p50Us()).isEqualTo(0.2);
        assertThat(batches.opsPerS()).isEqualTo(5_000_000.0);
    }

    @Test
    void tableShowsRatiosToTheBaseline() {
        List<Measurement> rows = List.of(
                Measurement.ofLatencies("redis.put", "byte[]", 1024, "floor", new long[] {40_000}),
                Measurement.ofLatencies("redis.put", "byte[]", 1024, "proxystore", new long[] {44_000}),
                Measurement.ofLatencies("redis.put", "byte[]", 1024, "redisson", new long[] {80_000}),
                Measurement.ofLatencies("redis.get", "double[]", 100 << 20, "floor", new long[] {150_000_000}),
                Measurement.ofLatencies("redis.get", "double[]", 100 << 20, "proxystore", new long[] {1_500_000_000}));

        String table = Report.redisTable(rows, List.of("floor", "proxystore", "redisson"), "floor");

        assertThat(table.lines()).hasSize(4);
        assertThat(table.lines().toList().get(0)).containsPattern("operation +floor +proxystore +redisson$");
        assertThat(table).contains("byte[]    1 KiB    put").contains("40.0 us").contains("44.0 us (1.10x)")
                .contains("80.0 us (2.00x)");
        assertThat(table).contains("double[]  100 MiB  get").contains("150.00 ms").contains("1.50 s (10.00x)");
        assertThat(table.lines().toList().get(3)).endsWith("-");
    }

    @Test
    void costTableSplitsTheTimeOverTheFloor() {
        List<Measurement> rows = List.of(
                Measurement.ofLatencies("redis.put", "byte[]", 1024, "floor", new long[] {30_000}),
                Measurement.ofLatencies("redis.put", "byte[]", 1024, "redistemplate", new long[] {40_000}),
                Measurement.ofLatencies("redis.put", "byte[]", 1024, "proxystore", new long[] {42_000}),
                Measurement.ofLatencies("redis.get", "byte[]", 1024, "floor", new long[] {20_000}),
                Measurement.ofLatencies("redis.get", "byte[]", 1024, "proxystore", new long[] {27_000}),
                Measurement.ofLatencies("serializer.serialize", "byte[]", 1024, "proxystore", new long[] {500}),
                Measurement.ofLatencies("serializer.deserialize", "byte[]", 1024, "proxystore", new long[] {300}));

        String table = Report.serializerCostTable(rows, "floor", "redistemplate", "proxystore");

        assertThat(table.lines().toList().get(0))
                .containsPattern("put - floor +redistemplate - floor +serialize +get - floor +redistemplate - floor");
        assertThat(table.lines().toList().get(2))
                .containsPattern("^byte\\[\\] +1 KiB +12.0 us +10.0 us +0.500 us +7.0 us +- +0.300 us$");
    }

    @Test
    void formatsSizesAndDurations() {
        assertThat(Report.formatSize(1024)).isEqualTo("1 KiB");
        assertThat(Report.formatSize(16 << 20)).isEqualTo("16 MiB");
        assertThat(Report.formatSize(1536)).isEqualTo("1.5 KiB");
        assertThat(Report.formatSize(100)).isEqualTo("100 B");
        assertThat(Report.formatMicros(0.0234)).isEqualTo("0.023 us");
        assertThat(Report.formatMicros(45.12)).isEqualTo("45.1 us");
        assertThat(Report.formatMicros(1_234.5)).isEqualTo("1.23 ms");
        assertThat(Report.formatMicros(2_500_000)).isEqualTo("2.50 s");
        assertThat(Report.formatMicros(Double.NaN)).isEqualTo("-");
    }

    @Test
    void parsesOptions() {
        CompareRunner.Options options = CompareRunner.Options.parse(
                new String[] {"--quick", "--out", "x.jsonl", "--sizes", "1KiB,16MiB", "--sections", "redis,local"});
        assertThat(options.quick).isTrue();
        assertThat(options.out.toString()).isEqualTo("x.jsonl");
        assertThat(options.sizes).containsExactly(1024, 16 << 20);
        assertThat(options.sections).containsExactlyInAnyOrder("redis", "local");
        assertThatThrownBy(() -> CompareRunner.Options.parse(new String[] {"--sizes", "3"}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CompareRunner.Options.parse(new String[] {"--bogus"}))
                .isInstanceOf(IllegalArgumentException.class);

        CompareRunner.Options file = CompareRunner.Options.parse(
                new String[] {"--sections", "file", "--file-dir", "/mnt/ram"});
        assertThat(file.sections).containsExactly("file");
        assertThat(file.fileDirectory.toString()).isEqualTo("/mnt/ram");
        assertThat(CompareRunner.Options.parse(new String[0]).sections).contains("file");
    }

    @Test
    void aQuickRunLeavesTheStreamsSectionOutUnlessItIsNamed() {
        assertThat(CompareRunner.Options.parse(new String[] {"--quick"}).sections).doesNotContain("streams")
                .contains("redis", "local");
        assertThat(CompareRunner.Options.parse(new String[] {}).sections).contains("streams");
        assertThat(CompareRunner.Options.parse(new String[] {"--quick", "--sections", "streams"}).sections)
                .containsExactly("streams");
    }

    @Test
    void targetsReportMetAndMissed() {
        List<Measurement> rows = List.of(
                Measurement.ofLatencies("redis.put+get", "byte[]", 1 << 20, "redistemplate", new long[] {1_000_000}),
                Measurement.ofLatencies("redis.put+get", "byte[]", 1 << 20, "proxystore", new long[] {1_200_000}),
                Measurement.ofLatencies("redis.put+get", "byte[]", 1 << 20, "redisson", new long[] {2_000_000}),
                Measurement.ofValue("proxy.java-serialized-size", "Blob", 1024, "proxystore", "bytes", 350)
                        .with("connector", "local"));

        String targets = Targets.evaluate(rows);

        assertThat(targets).containsPattern("put\\+get byte\\[\\] 1 MiB <= 1.10x redistemplate +1.20x +MISSED")
                .containsPattern("faster than redisson +0.60x of redisson +met")
                .containsPattern("Java-serialized proxy < 400 bytes \\(local\\) +350 bytes +met");
    }
}
