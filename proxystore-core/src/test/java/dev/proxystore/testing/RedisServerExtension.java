package dev.proxystore.testing;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link RedisServerProcess} per test class:
 * {@code @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();} starts it before
 * the class's first test and stops it after the last.
 */
public final class RedisServerExtension implements BeforeAllCallback, AfterAllCallback {

    private final String[] extraArgs;
    private @Nullable RedisServerProcess server;

    /** {@code extraArgs} are appended to the server's command line, for example {@code "--requirepass", "s"}. */
    public RedisServerExtension(String... extraArgs) {
        this.extraArgs = extraArgs.clone();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = RedisServerProcess.start(extraArgs);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        RedisServerProcess s = server;
        server = null;
        if (s != null) {
            s.close();
        }
    }

    /** The running server; only between the class's first and last test. */
    public RedisServerProcess server() {
        RedisServerProcess s = server;
        if (s == null) {
            throw new IllegalStateException("the server runs only while the test class runs (register the extension"
                    + " on a static field)");
        }
        return s;
    }

    /** Shorthand for {@code server().port()}. */
    public int port() {
        return server().port();
    }
}
