package dev.proxystore.sample;

import dev.proxystore.spring.lifetime.ProxyLifetime;
import jakarta.annotation.PreDestroy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * What one job measured: time per stage and the bytes it stored and sent. A {@code @ProxyLifetime} bean: the
 * pipeline holds one injected proxy, and inside each job's {@code ProxyLifetimeScope.call} it reaches that job's own
 * instance, which Spring destroys when the job's lifetime ends, right after the job's objects are evicted.
 */
@Component
@ProxyLifetime
public class JobStats {

    private final Map<String, Long> stageNanos = new LinkedHashMap<>();
    private @Nullable String stage;
    private long stageStart;
    private int objects;
    private long bytesStored;
    private long referenceBytes;
    private long byValueBytes;
    private final AtomicBoolean ended = new AtomicBoolean();

    /** Starts timing {@code name}; the stage a failure is reported in. */
    public synchronized void begin(String name) {
        stage = name;
        stageStart = System.nanoTime();
    }

    /** Ends the current stage and returns its duration in milliseconds. */
    public synchronized long end() {
        long nanos = System.nanoTime() - stageStart;
        if (stage != null) {
            stageNanos.put(stage, nanos);
        }
        return nanos / 1_000_000;
    }

    /** The stage begun last, or {@code "start"}. */
    public synchronized String stage() {
        return stage == null ? "start" : stage;
    }

    /** Counts one object of {@code bytes} written to the store. */
    public synchronized void stored(long bytes) {
        objects++;
        bytesStored += bytes;
    }

    /** Counts a hand-off that sent {@code sent} bytes of references instead of {@code byValue} bytes of data. */
    public synchronized void handedOff(long sent, long byValue) {
        referenceBytes += sent;
        byValueBytes += byValue;
    }

    public synchronized int objects() {
        return objects;
    }

    public synchronized long bytesStored() {
        return bytesStored;
    }

    public synchronized long referenceBytes() {
        return referenceBytes;
    }

    public synchronized long byValueBytes() {
        return byValueBytes;
    }

    /** Milliseconds per finished stage, in order. */
    public synchronized Map<String, Long> stageMillis() {
        Map<String, Long> millis = new LinkedHashMap<>();
        stageNanos.forEach((name, nanos) -> millis.put(name, nanos / 1_000_000));
        return millis;
    }

    /** The numbers so far, to keep after the lifetime ends (the scoped proxy then refuses calls). */
    public synchronized Snapshot snapshot() {
        return new Snapshot(objects, bytesStored, referenceBytes, byValueBytes, stageMillis());
    }

    /**
     * Becomes true when Spring destroys this instance, which it does when the job's lifetime ends. (A flag object
     * rather than a boolean getter, so that it can still be read after the end.)
     */
    public AtomicBoolean ended() {
        return ended;
    }

    @PreDestroy
    void lifetimeEnded() {
        ended.set(true);
    }

    /** The numbers of one job. */
    public record Snapshot(int objects, long bytesStored, long referenceBytes, long byValueBytes,
            Map<String, Long> stageMillis) {
    }
}
