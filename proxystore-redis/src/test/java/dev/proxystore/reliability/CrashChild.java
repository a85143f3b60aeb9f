package dev.proxystore.reliability;

import dev.proxystore.connector.FileConnector;
import dev.proxystore.connector.redis.RedisConnector;
import dev.proxystore.lifetime.LeaseLifetime;
import dev.proxystore.store.Key;
import dev.proxystore.store.ProxyOptions;
import dev.proxystore.store.Store;
import dev.proxystore.store.StoreFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The process {@link CrashSafetyTest} kills with SIGKILL. Prints one line per stored object, then {@code READY}
 * (lease mode), or writes large objects in a loop until killed (files mode).
 *
 * <ul>
 *   <li>{@code lease <redis-port> <key-prefix> <lease-millis>}: objects under a {@link LeaseLifetime} (put, putBatch,
 *       a proxy, an owned proxy added to the lease), printed as {@code LEASED <key>}; an owned proxy outside the
 *       lease, printed as {@code OWNED <key>}; then {@code READY}, and it waits to be killed.</li>
 *   <li>{@code files <directory> <bytes>}: writes {@code double[]} objects of that size whose contents follow from
 *       their first element, printing {@code WROTE <key> <sequence>} after each write returns.</li>
 * </ul>
 */
public final class CrashChild {

    /** Keeps the owned proxies reachable, so no cleaner evicts them before the kill. */
    static final List<Object> OWNERS = new ArrayList<>();

    private CrashChild() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "lease" -> lease(Integer.parseInt(args[1]), args[2], Long.parseLong(args[3]));
            case "files" -> files(Path.of(args[1]), Integer.parseInt(args[2]));
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    private static void lease(int port, String prefix, long leaseMillis) throws InterruptedException {
        RedisConnector connector = RedisConnector.builder(prefix).host("127.0.0.1").port(port)
                .timeout(Duration.ofSeconds(10)).build();
        Store store = Store.builder("crash-child", connector).register(true).build();
        LeaseLifetime lease = new LeaseLifetime(store, Duration.ofMillis(leaseMillis));
        for (int i = 0; i < 3; i++) {
            print("LEASED", store.put(value("put-" + i), lease));
        }
        for (Key<?> key : store.putBatch(List.of(value("batch-0"), value("batch-1")), lease)) {
            print("LEASED", key);
        }
        List<String> proxy = store.proxy(value("proxy"), ProxyOptions.defaults().withLifetime(lease));
        print("LEASED", StoreFactory.of(proxy).key());
        List<String> leasedOwner = store.ownedProxy(value("owned-leased"));
        lease.addProxy(leasedOwner);
        OWNERS.add(leasedOwner);
        print("LEASED", StoreFactory.of(leasedOwner).key());
        List<String> owner = store.ownedProxy(value("owned"));
        OWNERS.add(owner);
        print("OWNED", StoreFactory.of(owner).key());
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    private static void files(Path directory, int bytes) {
        Store store = new Store("crash-files", new FileConnector(directory));
        for (long sequence = 1; ; sequence++) {
            Key<double[]> key = store.put(pattern(sequence, bytes / 8));
            System.out.println("WROTE " + key.id() + " " + sequence);
            System.out.flush();
        }
    }

    /** Contents that follow from the first element, so a reader can tell a whole object from a damaged one. */
    static double[] pattern(long sequence, int length) {
        double[] values = new double[length];
        values[0] = sequence;
        for (int i = 1; i < length; i++) {
            values[i] = sequence * 31.0 + i;
        }
        return values;
    }

    private static List<String> value(String name) {
        List<String> value = new ArrayList<>();
        value.add(name);
        value.add("x".repeat(1_000));
        return value;
    }

    private static void print(String kind, Key<?> key) {
        System.out.println(kind + " " + key.id());
        System.out.flush();
    }
}
