package dev.proxystore.testing;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link RedisServerProcess} per test class:
 * {@code @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();} starts it before
 * the class's first test and stops it after the last; {@code @Nested} classes share it.
 */
public final class RedisServerExtension implements BeforeAllCallback, AfterAllCallback {

    private final String[] extraArgs;
    private @Nullable RedisServerProcess server;
    private @Nullable String ownerId;

    /** {@code extraArgs} are appended to the server's command line, for example {@code "--requirepass", "s"}. */
    public RedisServerExtension(String... extraArgs) {
        this.extraArgs = extraArgs.clone();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (server == null) {
            server = RedisServerProcess.start(extraArgs);
            ownerId = context.getUniqueId();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        // @Nested classes inherit the extension; only the class that started the server stops it
        RedisServerProcess s = server;
        if (s != null && context.getUniqueId().equals(ownerId)) {
            server = null;
            ownerId = null;
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
