package dev.proxystore.benchmarks.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The streams section's table, and the same numbers as a markdown snippet for the README. */
final class StreamReport {

    private StreamReport() {
    }

    /** The throughput rows and the dispatcher rows as plain-text tables; empty without stream rows. */
    static String table(List<Measurement> results) {
        List<String[]> lines = throughputLines(results);
        if (lines.size() == 1) {
            return "";
        }
        StringBuilder out = new StringBuilder(Report.table(lines, 3));
        List<String[]> dispatch = dispatchLines(results);
        if (dispatch.size() > 1) {
            out.append('\n').append(Report.table(dispatch, 1));
        }
        return out.toString();
    }

    /** Both tables in markdown. */
    static String markdown(List<Measurement> results) {
        StringBuilder out = new StringBuilder();
        appendMarkdown(out, throughputLines(results));
        List<String[]> dispatch = dispatchLines(results);
        if (dispatch.size() > 1) {
            out.append('\n');
            appendMarkdown(out, dispatch);
        }
        return out.toString();
    }

    static List<String[]> throughputLines(List<Measurement> results) {
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[] {"broker", "payload", "mode", "events/s", "MB/s", "vs raw"});
        for (Measurement m : results) {
            if (!m.caseName().startsWith("stream.") || m.caseName().equals(StreamComparison.DISPATCH)) {
                continue;
            }
            lines.add(new String[] {m.caseName().substring("stream.".length()),
                events(m) + " x " + Report.formatSize(m.size()), m.system(),
                String.format(Locale.ROOT, "%,.0f", m.opsPerS()),
                String.format(Locale.ROOT, "%,.1f", ((Number) m.extra().get("mb_per_s")).doubleValue()),
                String.format(Locale.ROOT, "%.2fx", ((Number) m.extra().get("ratio_to_raw")).doubleValue())});
        }
        return lines;
    }

    static List<String[]> dispatchLines(List<Measurement> results) {
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[] {"dispatcher over", "proxies", "events/s", "bytes through the dispatcher",
            "payload bytes it did not move"});
        for (Measurement m : results) {
            if (!m.caseName().equals(StreamComparison.DISPATCH)) {
                continue;
            }
            long moved = ((Number) m.extra().get("dispatcher_bytes")).longValue();
            long notMoved = ((Number) m.extra().get("payload_bytes_not_moved")).longValue();
            lines.add(new String[] {m.system(), events(m) + " x " + Report.formatSize(m.size()),
                String.format(Locale.ROOT, "%,.0f", m.opsPerS()),
                String.format(Locale.ROOT, "%s (%,d B/event)", Report.formatSize(moved), moved / events(m)),
                String.format(Locale.ROOT, "%s (%,.0fx)", Report.formatSize(notMoved), (double) notMoved / moved)});
        }
        return lines;
    }

    private static long events(Measurement m) {
        return ((Number) m.extra().get("events")).longValue();
    }

    private static void appendMarkdown(StringBuilder out, List<String[]> lines) {
        for (int i = 0; i < lines.size(); i++) {
            out.append("| ").append(String.join(" | ", lines.get(i))).append(" |\n");
            if (i == 0) {
                out.append('|');
                for (int c = 0; c < lines.get(0).length; c++) {
                    out.append(c < 3 ? " --- |" : " ---: |");
                }
                out.append('\n');
            }
        }
    }
}
