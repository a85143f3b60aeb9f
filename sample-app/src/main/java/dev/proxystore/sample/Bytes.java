package dev.proxystore.sample;

import java.util.Locale;

/** Human-readable byte counts. */
final class Bytes {

    private Bytes() {
    }

    /** {@code 1536} → {@code "1.5 KiB"}; below 1 KiB in bytes. */
    static String format(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
