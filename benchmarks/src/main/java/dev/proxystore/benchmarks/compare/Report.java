package dev.proxystore.benchmarks.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Formats measurements: one JSON object per line, and plain-text tables. */
public final class Report {

    private Report() {
    }

    /**
     * One JSON object: {@code case, payload, size, system, threads, samples, p50_us, p99_us, ops_per_s}, then the
     * measurement's extra fields, then {@code common} (fields shared by every line of a run). {@code NaN} and
     * infinities are written as {@code null}.
     */
    public static String json(Measurement m, Map<String, ?> common) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("case", m.caseName());
        fields.put("payload", m.payload());
        fields.put("size", m.size());
        fields.put("system", m.system());
        fields.put("threads", m.threads());
        fields.put("samples", m.samples());
        fields.put("p50_us", round(m.p50Us()));
        fields.put("p99_us", round(m.p99Us()));
        fields.put("ops_per_s", round(m.opsPerS()));
        m.extra().forEach(fields::putIfAbsent);
        common.forEach(fields::putIfAbsent);
        StringBuilder out = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<String, Object> field : fields.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            appendString(out, field.getKey());
            out.append(':');
            appendValue(out, field.getValue());
        }
        return out.append('}').toString();
    }

    /**
     * The side-by-side table of Redis round trips: one row per payload, size and operation; one column per system
     * (headed by its name) with its p50 latency and, except for the baseline, the ratio of its p50 to the baseline's.
     */
    public static String redisTable(List<Measurement> rows, List<String> systems, String baseline) {
        Map<String, Measurement> byKey = new LinkedHashMap<>();
        Set<String> groups = new LinkedHashSet<>();
        for (Measurement m : rows) {
            String group = m.payload() + '\u0000' + m.size() + '\u0000' + m.caseName();
            groups.add(group);
            byKey.put(group + '\u0000' + m.system(), m);
        }
        List<String[]> lines = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("payload", "size", "operation"));
        header.addAll(systems);
        lines.add(header.toArray(String[]::new));
        for (String group : groups) {
            String[] parts = group.split("\u0000");
            List<String> cells = new ArrayList<>(List.of(parts[0], formatSize(Long.parseLong(parts[1])),
                    operationName(parts[2])));
            Measurement base = byKey.get(group + '\u0000' + baseline);
            for (String system : systems) {
                Measurement m = byKey.get(group + '\u0000' + system);
                if (m == null) {
                    cells.add("-");
                } else if (system.equals(baseline) || base == null) {
                    cells.add(formatMicros(m.p50Us()));
                } else {
                    cells.add(formatMicros(m.p50Us()) + " (" + formatRatio(m.p50Us() / base.p50Us()) + ")");
                }
            }
            lines.add(cells.toArray(String[]::new));
        }
        return table(lines, 3);
    }

    /**
     * Per payload and size: {@code system}'s put and get p50 minus the baseline's, {@code raw}'s (the same driver
     * without ProxyStore) minus the baseline's, and the serializer's serialize and deserialize p50
     * ({@code serializer.serialize} / {@code serializer.deserialize} rows).
     */
    public static String serializerCostTable(List<Measurement> rows, String baseline, String raw, String system) {
        Map<String, Measurement> byKey = new LinkedHashMap<>();
        Set<String> groups = new LinkedHashSet<>();
        for (Measurement m : rows) {
            String group = m.payload() + '\u0000' + m.size();
            byKey.put(group + '\u0000' + m.caseName() + '\u0000' + m.system(), m);
            if (m.caseName().equals("serializer.serialize")) {
                groups.add(group);
            }
        }
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[] {"payload", "size", "put - floor", raw + " - floor", "serialize", "get - floor",
            raw + " - floor", "deserialize"});
        for (String group : groups) {
            String[] parts = group.split("\u0000");
            String put = overFloor(byKey, group, RedisComparison.PUT, system, baseline);
            String rawPut = overFloor(byKey, group, RedisComparison.PUT, raw, baseline);
            String get = overFloor(byKey, group, RedisComparison.GET, system, baseline);
            String rawGet = overFloor(byKey, group, RedisComparison.GET, raw, baseline);
            Measurement serialize = byKey.get(group + "\u0000serializer.serialize\u0000proxystore");
            Measurement deserialize = byKey.get(group + "\u0000serializer.deserialize\u0000proxystore");
            if (put == null || get == null || deserialize == null) {
                continue;
            }
            lines.add(new String[] {parts[0], formatSize(Long.parseLong(parts[1])), put,
                rawPut == null ? "-" : rawPut, formatMicros(serialize.p50Us()), get, rawGet == null ? "-" : rawGet,
                formatMicros(deserialize.p50Us())});
        }
        return lines.size() == 1 ? "" : table(lines, 2);
    }

    /** {@code system}'s p50 minus the baseline's for one case, formatted; {@code null} if either is missing. */
    private static String overFloor(Map<String, Measurement> byKey, String group, String caseName, String system,
            String baseline) {
        Measurement m = byKey.get(group + '\u0000' + caseName + '\u0000' + system);
        Measurement floor = byKey.get(group + '\u0000' + caseName + '\u0000' + baseline);
        return m == null || floor == null ? null : formatMicros(m.p50Us() - floor.p50Us());
    }

    /** A generic table: {@code lines.get(0)} is the header; the first {@code leftColumns} are left-aligned. */
    public static String table(List<String[]> lines, int leftColumns) {
        int columns = 0;
        for (String[] line : lines) {
            columns = Math.max(columns, line.length);
        }
        int[] widths = new int[columns];
        for (String[] line : lines) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int row = 0; row < lines.size(); row++) {
            String[] line = lines.get(row);
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                String cell = i < line.length ? line[i] : "";
                if (i > 0) {
                    text.append("  ");
                }
                String pad = " ".repeat(widths[i] - cell.length());
                text.append(i < leftColumns ? cell + pad : pad + cell);
            }
            out.append(text.toString().stripTrailing()).append('\n');
            if (row == 0) {
                int total = 0;
                for (int width : widths) {
                    total += width;
                }
                out.append("-".repeat(total + 2 * (columns - 1))).append('\n');
            }
        }
        return out.toString();
    }

    /** {@code 1 KiB}, {@code 16 MiB}, {@code 1.5 KiB}, {@code 100 B}. */
    public static String formatSize(long bytes) {
        if (bytes >= 1L << 30) {
            return trim(bytes / (double) (1L << 30)) + " GiB";
        }
        if (bytes >= 1L << 20) {
            return trim(bytes / (double) (1L << 20)) + " MiB";
        }
        if (bytes >= 1L << 10) {
            return trim(bytes / 1024.0) + " KiB";
        }
        return bytes + " B";
    }

    /** A latency given in microseconds, in the unit that keeps it readable: {@code 0.042 us}, {@code 45.1 us}, ... */
    public static String formatMicros(double micros) {
        if (Double.isNaN(micros)) {
            return "-";
        }
        if (Math.abs(micros) < 1) {
            return String.format(Locale.ROOT, "%.3f us", micros);
        }
        if (Math.abs(micros) < 1_000) {
            return String.format(Locale.ROOT, "%.1f us", micros);
        }
        if (Math.abs(micros) < 1_000_000) {
            return String.format(Locale.ROOT, "%.2f ms", micros / 1_000);
        }
        return String.format(Locale.ROOT, "%.2f s", micros / 1_000_000);
    }

    /** {@code 1.07x}. */
    public static String formatRatio(double ratio) {
        return String.format(Locale.ROOT, "%.2fx", ratio);
    }

    static String operationName(String caseName) {
        int dot = caseName.lastIndexOf('.');
        return dot < 0 ? caseName : caseName.substring(dot + 1);
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }

    private static Object round(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return null;
        }
        return Math.round(value * 1000.0) / 1000.0;
    }

    private static void appendValue(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                out.append("null");
            } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                out.append((long) d.doubleValue());
            } else {
                out.append(d);
            }
        } else if (value instanceof Float f) {
            appendValue(out, f.doubleValue());
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else {
            appendString(out, Objects.toString(value));
        }
    }

    private static void appendString(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
