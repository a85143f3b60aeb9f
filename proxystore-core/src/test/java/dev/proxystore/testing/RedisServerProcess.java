package dev.proxystore.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;

/**
 * A real {@code redis-server} process on a free loopback port, for tests. Uses {@code redis-server} from {@code PATH}
 * when present, else the binary bundled in the {@code embedded-redis} test dependency (the system property
 * {@code proxystore.test.redis-server} overrides both: a path, or {@code bundled}); Redis 6.2 and 7 both work, with
 * {@code DEBUG} enabled. Persistence is off; logs go to {@link #directory()} (under {@code target/redis-test} when
 * run from a Maven module, else a temp directory). The process never outlives the JVM: {@link #close()} stops it and
 * a shutdown hook kills any left over.
 *
 * <pre>{@code
 * try (RedisServerProcess redis = RedisServerProcess.start("--requirepass", "secret")) {
 *     redis.call("SET", "k", "v");
 *     redis.pause(Duration.ofSeconds(2));  // returns once commands are really held
 *     redis.kill();     // SIGKILL
 *     redis.restart();  // same port, same arguments
 * }
 * }</pre>
 */
public final class RedisServerProcess implements AutoCloseable {

    /** The address every test server binds to. */
    public static final String HOST = "127.0.0.1";

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);
    private static final int CALL_TIMEOUT_MILLIS = 5_000;
    /** How long a probe command waits for a reply before it counts as held by a fault. */
    private static final int PROBE_TIMEOUT_MILLIS = 200;
    private static final Duration FAULT_START_TIMEOUT = Duration.ofSeconds(2);
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
    private static final Set<Integer> USED_PORTS = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(
                new Thread(() -> LIVE.forEach(Process::destroyForcibly), "redis-server-reaper"));
    }

    private final int port;
    private final List<String> command;
    private final Path directory;
    private final @Nullable String password;
    private @Nullable Process process;

    private RedisServerProcess(int port, List<String> command, Path directory, @Nullable String password) {
        this.port = port;
        this.command = List.copyOf(command);
        this.directory = directory;
        this.password = password;
    }

    /**
     * Starts a standalone server with {@code --port N --bind 127.0.0.1 --save "" --appendonly no --protected-mode no}
     * (and {@code --enable-debug-command local} on Redis 7 and later) followed by {@code extraArgs} (for example
     * {@code "--requirepass", "secret"}) and waits until it answers PING.
     */
    public static RedisServerProcess start(String... extraArgs) {
        List<String> extra = List.of(extraArgs);
        return startWith(port -> extra);
    }

    /**
     * Starts a Sentinel on a free port that monitors the master {@code masterName} at {@code 127.0.0.1:masterPort}
     * (quorum 1).
     */
    public static RedisServerProcess startSentinel(String masterName, int masterPort) {
        return launchNew(port -> {
            Path directory = newDirectory("sentinel-" + port);
            String conf = String.join("\n",
                    "port " + port,
                    "bind " + HOST,
                    "protected-mode no",
                    "dir " + directory,
                    "logfile " + directory.resolve("redis.log"),
                    "sentinel monitor " + masterName + " " + HOST + " " + masterPort + " 1",
                    "sentinel down-after-milliseconds " + masterName + " 2000",
                    "");
            Path confFile = directory.resolve("sentinel.conf");
            try {
                Files.writeString(confFile, conf, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            List<String> command = List.of(RedisBinary.path().toString(), confFile.toString(), "--sentinel");
            return new RedisServerProcess(port, command, directory, null);
        });
    }

    /** Starts a server whose extra arguments depend on the port it gets (cluster config file names). */
    static RedisServerProcess startWith(IntFunction<List<String>> extraArgs) {
        return launchNew(port -> {
            Path directory = newDirectory("redis-" + port);
            List<String> command = new ArrayList<>(List.of(RedisBinary.path().toString(),
                    "--port", Integer.toString(port),
                    "--bind", HOST,
                    "--save", "",
                    "--appendonly", "no",
                    "--protected-mode", "no",
                    "--dir", directory.toString(),
                    "--logfile", directory.resolve("redis.log").toString()));
            command.addAll(RedisBinary.commonOptions());
            List<String> extra = extraArgs.apply(port);
            command.addAll(extra);
            int passwordIndex = extra.indexOf("--requirepass");
            String password = passwordIndex >= 0 && passwordIndex + 1 < extra.size() ? extra.get(passwordIndex + 1) : null;
            return new RedisServerProcess(port, command, directory, password);
        });
    }

    private static RedisServerProcess launchNew(IntFunction<RedisServerProcess> forPort) {
        @Nullable IllegalStateException failure = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            RedisServerProcess server = forPort.apply(freePort());
            try {
                server.launch();
                return server;
            } catch (IllegalStateException e) {
                // most likely the port was taken between the check and the bind; try another one
                try {
                    server.kill();
                } catch (IllegalStateException killFailure) {
                    e.addSuppressed(killFailure);
                }
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        throw Objects.requireNonNull(failure);
    }

    /** The port the server listens on, also after {@link #restart()}. */
    public int port() {
        return port;
    }

    /** {@value #HOST}. */
    public String host() {
        return HOST;
    }

    /** {@code 127.0.0.1:port}. */
    public String address() {
        return HOST + ":" + port;
    }

    /** The server's working directory, holding its log file. */
    public Path directory() {
        return directory;
    }

    /** Whether the process is alive. */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * Sends one command over a fresh connection (authenticating with the {@code --requirepass} password if one was
     * given) and returns the reply: {@code String}, {@code Long}, {@code List} or {@code null}. An error reply is an
     * {@link IllegalStateException} carrying the server's message.
     */
    public @Nullable Object call(String... args) {
        return Resp.call(HOST, port, password, CALL_TIMEOUT_MILLIS, args);
    }

    /**
     * {@code CLIENT PAUSE <millis> ALL}: the server holds every client's commands for {@code duration}. Returns once
     * a probe {@code PING} is really held; an error reply, or a probe that is answered, is an
     * {@link IllegalStateException} with the server's reply, so a test never runs against a server that is not paused.
     */
    public void pause(Duration duration) {
        Object reply;
        try {
            reply = call("CLIENT", "PAUSE", Long.toString(duration.toMillis()), "ALL");
        } catch (Resp.RespErrorException e) {
            throw new IllegalStateException("CLIENT PAUSE on " + this + " failed: " + e.getMessage(), e);
        }
        if (!"OK".equals(reply)) {
            throw new IllegalStateException("CLIENT PAUSE on " + this + " answered " + reply + " instead of OK");
        }
        if (!probeIsHeld()) {
            throw new IllegalStateException("CLIENT PAUSE on " + this + " answered OK, but a PING is still answered");
        }
    }

    /**
     * {@code DEBUG SLEEP <seconds>} on its own connection: the server answers nothing for {@code duration}. Returns
     * once a probe {@code PING} is really held, with the {@code DEBUG SLEEP} reply still to come ({@code "OK"} when
     * the server wakes). An error reply ({@code DEBUG} not allowed, for example), or a server that keeps answering,
     * is an {@link IllegalStateException} with the server's reply.
     */
    public CompletableFuture<@Nullable Object> debugSleep(Duration duration) {
        String seconds = BigDecimal.valueOf(duration.toMillis(), 3).toPlainString();
        int timeout = Math.toIntExact(CALL_TIMEOUT_MILLIS + duration.toMillis());
        CompletableFuture<@Nullable Object> reply = CompletableFuture.supplyAsync(
                () -> Resp.call(HOST, port, password, timeout, "DEBUG", "SLEEP", seconds));
        long deadline = System.nanoTime() + FAULT_START_TIMEOUT.toNanos();
        while (true) {
            if (reply.isDone()) {
                // failed, or the sleep ended before any probe saw it
                throw new IllegalStateException("DEBUG SLEEP " + seconds + " on " + this + " did not hold a PING: "
                        + describe(reply));
            }
            if (probeIsHeld()) {
                return reply;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("DEBUG SLEEP " + seconds + " on " + this + " still answers PING after "
                        + FAULT_START_TIMEOUT);
            }
            sleep(5);
        }
    }

    /** Whether a {@code PING} on a fresh connection gets no reply within {@value #PROBE_TIMEOUT_MILLIS} ms. */
    private boolean probeIsHeld() {
        try {
            Resp.call(HOST, port, password, PROBE_TIMEOUT_MILLIS, "PING");
            return false;
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof SocketTimeoutException) {
                return true;
            }
            throw e;
        }
    }

    private static String describe(CompletableFuture<@Nullable Object> reply) {
        try {
            return "answered " + reply.join();
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return cause.getMessage() != null ? cause.getMessage() : cause.toString();
        }
    }

    /** Stops the server gracefully (SIGTERM), killing it if it does not exit within 10 seconds. Idempotent. */
    public synchronized void stop() {
        Process p = process;
        if (p == null) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            LIVE.remove(p);
            process = null;
        }
    }

    /**
     * Kills the server with SIGKILL, as a crash would, and waits until it is gone; a process still alive after 10
     * seconds is an {@link IllegalStateException}. Idempotent.
     */
    public synchronized void kill() {
        Process p = process;
        if (p == null) {
            return;
        }
        try {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
        if (p.isAlive()) {
            // left to the shutdown hook
            throw new IllegalStateException(this + " (pid " + p.pid() + ") is still alive after SIGKILL");
        }
        LIVE.remove(p);
    }

    /** Starts the server again on the same port with the same arguments (stopping it first if running). */
    public synchronized void restart() {
        stop();
        launch();
    }

    /** Stops the server. */
    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "redis-server " + address();
    }

    private synchronized void launch() {
        Process p;
        try {
            p = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(Redirect.appendTo(directory.resolve("stdout.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        LIVE.add(p);
        process = p;
        awaitReady(p);
    }

    private void awaitReady(Process p) {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        @Nullable RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException(this + " exited with code " + p.exitValue() + "\n" + logTail());
            }
            try {
                if ("PONG".equals(Resp.call(HOST, port, password, 1_000, "PING")) && isOurs(p)) {
                    return;
                }
            } catch (RuntimeException e) {
                last = e;
            }
            sleep(20);
        }
        IllegalStateException timeout = new IllegalStateException(
                this + " did not answer PING within " + STARTUP_TIMEOUT + "\n" + logTail());
        if (last != null) {
            timeout.addSuppressed(last);
        }
        throw timeout;
    }

    /** Guards against another process answering on the port we picked. */
    private boolean isOurs(Process p) {
        Object info = Resp.call(HOST, port, password, 1_000, "INFO", "server");
        return info instanceof String text && text.contains("process_id:" + p.pid() + "\r\n");
    }

    private String logTail() {
        StringBuilder tail = new StringBuilder();
        for (String name : List.of("stdout.log", "redis.log")) {
            Path file = directory.resolve(name);
            try {
                if (Files.exists(file)) {
                    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                    tail.append("--- ").append(file).append('\n');
                    lines.subList(Math.max(0, lines.size() - 20), lines.size())
                            .forEach(line -> tail.append(line).append('\n'));
                }
            } catch (IOException | UncheckedIOException e) {
                tail.append("(cannot read ").append(file).append(": ").append(e).append(")\n");
            }
        }
        return tail.toString();
    }

    private static Path newDirectory(String name) {
        try {
            Path target = Path.of("target");
            if (Files.isDirectory(target)) {
                Path base = Files.createDirectories(target.resolve("redis-test"));
                return Files.createTempDirectory(base, name + "-").toAbsolutePath();
            }
            return Files.createTempDirectory(name + "-").toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for " + name, e);
        }
    }

    /**
     * A port below the usual ephemeral range (so a client's outgoing connection cannot take it while the server is
     * down for a restart) whose cluster bus port ({@code port + 10000}) is also free; never the same twice per JVM.
     */
    static int freePort() {
        for (int attempt = 0; attempt < 1_000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(15_000, 22_000);
            if (!USED_PORTS.contains(port) && bindable(port) && bindable(port + 10_000) && USED_PORTS.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port pair found");
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
