package dev.proxystore.reliability;

import java.time.Duration;

/**
 * Sizes of the reliability tests. By default they are bounded to a few seconds each, so they run in every build;
 * {@code -Dproxystore.soak=true} scales them up (more payloads, rounds and objects, and a longer stress run, whose
 * length {@code -Dproxystore.soak.seconds=N} sets).
 */
public final class Soak {

    /** The system property that turns on the soak sizes. */
    public static final String PROPERTY = "proxystore.soak";
    /** The system property that sets the stress run length in soak mode, in seconds. */
    public static final String SECONDS_PROPERTY = "proxystore.soak.seconds";

    private Soak() {
    }

    /** Whether soak sizes are on. */
    public static boolean enabled() {
        return Boolean.getBoolean(PROPERTY);
    }

    /** {@code normal} in a regular build, {@code soak} in a soak run. */
    public static int scale(int normal, int soak) {
        return enabled() ? soak : normal;
    }

    /** {@code normal} in a regular build; the soak length ({@value #SECONDS_PROPERTY}, default {@code soak}). */
    public static Duration duration(Duration normal, Duration soak) {
        if (!enabled()) {
            return normal;
        }
        String seconds = System.getProperty(SECONDS_PROPERTY);
        return seconds == null || seconds.isBlank() ? soak : Duration.ofSeconds(Long.parseLong(seconds.trim()));
    }
}
