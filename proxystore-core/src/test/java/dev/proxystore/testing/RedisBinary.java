package dev.proxystore.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds a {@code redis-server} executable: the one named by the system property {@value #PROPERTY} when set (a path,
 * or {@code bundled}), else the one on {@code PATH} when present, else the binary shipped as a classpath resource by
 * the {@code com.github.codemonstur:embedded-redis} test dependency (Redis 6.2), extracted once per JVM.
 */
final class RedisBinary {

    /** {@code -Dproxystore.test.redis-server=/opt/redis/bin/redis-server}, or {@code =bundled} to ignore PATH. */
    static final String PROPERTY = "proxystore.test.redis-server";

    private static final Pattern VERSION = Pattern.compile("\\bv=(\\d+)\\.(\\d+)\\.(\\d+)");

    private RedisBinary() {}

    static Path path() {
        return Holder.PATH;
    }

    /** The major version reported by {@code redis-server --version}, for example 6 or 7. */
    static int majorVersion() {
        return Holder.MAJOR_VERSION;
    }

    /**
     * Options every standalone and cluster server gets so that all commands the tests use work: Redis 7 refuses
     * {@code DEBUG} unless started with {@code --enable-debug-command}, an option Redis 6 does not know.
     */
    static List<String> commonOptions() {
        return majorVersion() >= 7 ? List.of("--enable-debug-command", "local") : List.of();
    }

    private static final class Holder {
        static final Path PATH = locate();
        static final int MAJOR_VERSION = majorVersionOf(PATH);
    }

    private static Path locate() {
        String override = System.getProperty(PROPERTY);
        if (override != null && !override.isBlank()) {
            if (override.equals("bundled")) {
                return extract(resourceName());
            }
            Path chosen = Path.of(override);
            if (!Files.isRegularFile(chosen) || !Files.isExecutable(chosen)) {
                throw new IllegalStateException(PROPERTY + "=" + override + " is not an executable file");
            }
            return chosen;
        }
        String pathVariable = System.getenv("PATH");
        if (pathVariable != null) {
            for (String dir : pathVariable.split(File.pathSeparator)) {
                if (dir.isEmpty()) {
                    continue;
                }
                Path candidate = Path.of(dir, "redis-server");
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return extract(resourceName());
    }

    /** Runs {@code redis-server --version}, which prints for example {@code Redis server v=7.0.15 sha=...}. */
    static int majorVersionOf(Path binary) {
        String output;
        try {
            Process process = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
            output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(binary + " --version did not exit within 10 seconds");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + binary + " --version", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        Matcher version = VERSION.matcher(output);
        if (!version.find()) {
            throw new IllegalStateException("cannot tell the version of " + binary + " from its --version output: "
                    + output);
        }
        return Integer.parseInt(version.group(1));
    }

    private static String resourceName() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        boolean arm = arch.equals("aarch64") || arch.equals("arm64");
        boolean amd64 = arch.equals("amd64") || arch.equals("x86_64");
        if (os.contains("linux") && amd64) {
            return "redis-server-6.2.6-v5-linux-amd64";
        }
        if (os.contains("linux") && arm) {
            return "redis-server-6.2.7-linux-arm64";
        }
        if (os.contains("mac") && amd64) {
            return "redis-server-6.2.6-v5-darwin-amd64";
        }
        if (os.contains("mac") && arm) {
            return "redis-server-6.2.6-v5-darwin-arm64";
        }
        throw new IllegalStateException("no redis-server on PATH and no bundled binary for " + os + "/" + arch);
    }

    private static Path extract(String resource) {
        try (InputStream in = RedisBinary.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(
                        "classpath resource " + resource + " not found (com.github.codemonstur:embedded-redis missing?)");
            }
            Path file = Files.createTempFile("redis-server-", "");
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            if (!file.toFile().setExecutable(true, true)) {
                throw new IllegalStateException("cannot make " + file + " executable");
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract " + resource, e);
        }
    }
}
