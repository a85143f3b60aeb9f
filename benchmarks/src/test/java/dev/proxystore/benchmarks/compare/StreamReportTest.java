package dev.proxystore.benchmarks.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamReportTest {

    static Measurement throughput(String broker, String mode, double eventsPerS, double ratio) {
        return new Measurement("stream." + broker, "byte[]", 1024, mode, 1, 3, 1e6 / eventsPerS, Double.NaN,
                eventsPerS, Map.of("events", 2_000, "mb_per_s", eventsPerS * 1024 / 1e6, "ratio_to_raw", ratio));
    }

    static final List<Measurement> ROWS = List.of(
            throughput("kafka", StreamComparison.RAW, 4_000, 1.0),
            throughput("kafka", StreamComparison.BY_REFERENCE, 2_000, 0.5),
            new Measurement(StreamComparison.DISPATCH, "Blob", 1024 * 1024, "kafka", 1, 1, 10_000, Double.NaN, 100,
                    Map.of("events", 200, "dispatcher_bytes", 80_000L, "payload_bytes_not_moved", 200L * 1_400_000)),
            Measurement.ofValue("proxy.json-size", "Blob", 1024, "proxystore", "bytes", 300));

    @Test
    void theTableHasOneLinePerBrokerSizeAndModeWithEventsMegabytesAndTheRatioToRaw() {
        String table = StreamReport.table(ROWS);

        assertThat(table).contains("kafka   2000 x 1 KiB  raw")
                .containsPattern("by-reference +2,000 +2\\.0 +0\\.50x")
                .containsPattern("4,000 +4\\.1 +1\\.00x")
                .doesNotContain("proxy.json-size");
    }

    @Test
    void theDispatcherLineSetsTheBytesItMovedAgainstThePayloadBytesItDidNot() {
        assertThat(StreamReport.table(ROWS)).containsPattern("kafka +200 x 1 MiB +100 +78\\.1 KiB \\(400 B/event\\)"
                + " +267\\.0 MiB \\(3,500x\\)");
    }

    @Test
    void theMarkdownHasAHeaderRowAndOneRowPerMeasurement() {
        String markdown = StreamReport.markdown(ROWS);

        assertThat(markdown).startsWith("| broker | payload | mode | events/s | MB/s | vs raw |\n"
                + "| --- | --- | --- | ---: | ---: | ---: |\n"
                + "| kafka | 2000 x 1 KiB | raw | 4,000 | 4.1 | 1.00x |\n"
                + "| kafka | 2000 x 1 KiB | by-reference | 2,000 | 2.0 | 0.50x |\n");
        assertThat(markdown).contains("| kafka | 200 x 1 MiB | 100 | 78.1 KiB (400 B/event) | 267.0 MiB (3,500x) |");
    }

    @Test
    void withoutStreamRowsThereIsNoTable() {
        assertThat(StreamReport.table(List.of(ROWS.get(3)))).isEmpty();
    }
}
