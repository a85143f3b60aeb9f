package dev.proxystore.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The figures the reliability tests report (payloads tried, operations, faults, objects lost): printed and appended
 * to {@code target/reliability-figures.txt}, so a build leaves a record of what was exercised.
 */
public final class Figures {

    private static final Path FILE = Path.of("target", "reliability-figures.txt");

    private Figures() {
    }

    /** Records one line of figures for {@code test}. */
    public static synchronized void record(String test, String figures) {
        String line = Instant.now() + " " + test + (Soak.enabled() ? " [soak] " : " ") + figures;
        System.out.println("[reliability] " + line);
        if (!Files.isDirectory(FILE.getParent())) {
            return;
        }
        try {
            Files.writeString(FILE, line + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
