package dev.proxystore.benchmarks.redis;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A private {@code redis-server} process on a free loopback port for the benchmark run: the one on {@code PATH} when
 * present, else the binary bundled in {@code com.github.codemonstur:embedded-redis} (extracted to a temp file).
 * Persistence is off. The same mechanism as core's test harness, without the test-jar.
 */
public final class RedisServer implements AutoCloseable {

    /** The address the server binds to. */
    public static final String HOST = "127.0.0.1";

    private final int port;
    private final Path binary;
    private final Path directory;
    private final Process process;
    private final Thread reaper;

    private RedisServer(int port, Path binary, Path directory, Process process) {
        this.port = port;
        this.binary = binary;
        this.directory = directory;
        this.process = process;
        this.reaper = new Thread(process::destroyForcibly, "redis-server-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** Starts a server and waits until it answers {@code PING}. */
    public static RedisServer start() {
        Path binary = locateBinary();
        IllegalStateException failure = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = freePort();
            Path directory;
            try {
                directory = Files.createTempDirectory("proxystore-bench-redis-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            List<String> command = new ArrayList<>(List.of(binary.toString(),
                    "--port", Integer.toString(port), "--bind", HOST,
                    "--save", "", "--appendonly", "no", "--protected-mode", "no",
                    "--dir", directory.toString(), "--logfile", directory.resolve("redis.log").toString()));
            Process process;
            try {
                process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                        .redirectOutput(Redirect.appendTo(directory.resolve("stdout.log").toFile())).start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + command, e);
            }
            try {
                awaitReady(process, port);
                return new RedisServer(port, binary, directory, process);
            } catch (IllegalStateException e) {
                process.destroyForcibly();
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        throw failure;
    }

    public int port() {
        return port;
    }

    public String host() {
        return HOST;
    }

    /** CPU time the server process has used so far, in nanoseconds, or -1 if the OS does not tell. */
    public long cpuNanos() {
        return process.info().totalCpuDuration().map(d -> d.toNanos()).orElse(-1L);
    }

    /** Where the executable came from. */
    public Path binary() {
        return binary;
    }

    /** The server's version, from {@code INFO server}. */
    public String version() {
        String info = call("INFO", "server");
        for (String line : info.split("\r\n")) {
            if (line.startsWith("redis_version:")) {
                return line.substring("redis_version:".length());
            }
        }
        return "unknown";
    }

    /** Sends one command and returns the raw reply text (enough for status and bulk string replies). */
    public String call(String... args) {
        return Resp.call(HOST, port, args);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException e) {
            // shutting down already
        }
        deleteQuietly(directory);
    }

    @Override
    public String toString() {
        return "redis-server " + HOST + ":" + port;
    }

    private static void awaitReady(Process process, int port) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server on port " + port + " exited with code "
                        + process.exitValue());
            }
            try {
                String info = Resp.call(HOST, port, "INFO", "server");
                // guards against another process answering on the port we picked
                if (info.contains("process_id:" + process.pid() + "\r\n")) {
                    return;
                }
            } catch (RuntimeException e) {
                last = e;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        IllegalStateException timeout = new IllegalStateException("redis-server on port " + port
                + " did not answer within 20 s");
        if (last != null) {
            timeout.addSuppressed(last);
        }
        throw timeout;
    }

    private static int freePort() {
        for (int attempt = 0; attempt < 1_000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(15_000, 22_000);
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
                return port;
            } catch (IOException e) {
                // taken, try another
            }
        }
        throw new IllegalStateException("no free port found");
    }

    private static Path locateBinary() {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    Path candidate = Path.of(dir, "redis-server");
                    if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                        return candidate;
                    }
                }
            }
        }
        String resource = bundledResource();
        try (InputStream in = RedisServer.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no redis-server on PATH and classpath resource " + resource
                        + " not found (com.github.codemonstur:embedded-redis missing?)");
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

    private static String bundledResource() {
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

    private static void deleteQuietly(Path directory) {
        try (var files = Files.walk(directory)) {
            files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(file -> {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    // best effort
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // best effort
        }
    }

    /** The few lines of RESP needed to ping and query the server without a client library. */
    static final class Resp {

        private Resp() {
        }

        static String call(String host, int port, String... args) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), 1_000);
                socket.setSoTimeout(5_000);
                StringBuilder request = new StringBuilder().append('*').append(args.length).append("\r\n");
                for (String arg : args) {
                    byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
                    request.append('$').append(bytes.length).append("\r\n").append(arg).append("\r\n");
                }
                OutputStream out = socket.getOutputStream();
                out.write(request.toString().getBytes(StandardCharsets.UTF_8));
                out.flush();
                InputStream in = socket.getInputStream();
                String line = readLine(in);
                switch (line.charAt(0)) {
                    case '+', ':' -> {
                        return line.substring(1);
                    }
                    case '-' -> throw new IllegalStateException("redis error: " + line.substring(1));
                    case '$' -> {
                        int length = Integer.parseInt(line.substring(1));
                        if (length < 0) {
                            return "";
                        }
                        byte[] body = in.readNBytes(length + 2);
                        return new String(body, 0, length, StandardCharsets.UTF_8);
                    }
                    default -> throw new IllegalStateException("unexpected reply " + line);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot reach redis-server at " + host + ":" + port, e);
            }
        }

        private static String readLine(InputStream in) throws IOException {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != -1) {
                if (c == '\r') {
                    in.read();
                    return line.toString();
                }
                line.append((char) c);
            }
            throw new IOException("connection closed");
        }
    }
}
