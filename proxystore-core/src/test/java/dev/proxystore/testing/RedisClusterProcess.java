package dev.proxystore.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A real three-master Redis Cluster (no replicas) on loopback, for tests: each node runs with
 * {@code --cluster-enabled yes --cluster-node-timeout 2000} and its own {@code nodes-<port>.conf}; the 16384 slots
 * are split evenly with {@code CLUSTER ADDSLOTS}, the nodes are joined with {@code CLUSTER MEET}, and
 * {@link #start()} returns once every node reports {@code cluster_state:ok}. {@link #close()} stops every node.
 */
public final class RedisClusterProcess implements AutoCloseable {

    private static final int SLOTS = 16_384;
    private static final int MASTERS = 3;
    private static final Duration CONVERGE_TIMEOUT = Duration.ofSeconds(30);

    private final List<RedisServerProcess> nodes;

    private RedisClusterProcess(List<RedisServerProcess> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    /** Starts three masters, assigns all slots and waits until the cluster is healthy. */
    public static RedisClusterProcess start() {
        List<RedisServerProcess> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < MASTERS; i++) {
                nodes.add(RedisServerProcess.startWith(port -> List.of(
                        "--cluster-enabled", "yes",
                        "--cluster-config-file", "nodes-" + port + ".conf",
                        "--cluster-node-timeout", "2000")));
            }
            RedisClusterProcess cluster = new RedisClusterProcess(nodes);
            cluster.form();
            return cluster;
        } catch (RuntimeException e) {
            nodes.forEach(RedisServerProcess::kill);
            throw e;
        }
    }

    /** The nodes, in slot order: node 0 serves the lowest slots. */
    public List<RedisServerProcess> nodes() {
        return nodes;
    }

    /** {@code host:port} of every node, comma separated, as used by cluster client configuration. */
    public String clusterNodes() {
        return nodes.stream().map(RedisServerProcess::address).collect(Collectors.joining(","));
    }

    /** Stops every node. */
    @Override
    public void close() {
        nodes.forEach(RedisServerProcess::close);
    }

    private void form() {
        for (int i = 0; i < MASTERS; i++) {
            RedisServerProcess node = nodes.get(i);
            int from = SLOTS * i / MASTERS;
            int to = SLOTS * (i + 1) / MASTERS;
            List<String> args = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
            IntStream.range(from, to).mapToObj(Integer::toString).forEach(args::add);
            node.call(args.toArray(String[]::new));
            node.call("CLUSTER", "SET-CONFIG-EPOCH", Integer.toString(i + 1));
        }
        RedisServerProcess first = nodes.get(0);
        for (RedisServerProcess other : nodes.subList(1, nodes.size())) {
            first.call("CLUSTER", "MEET", other.host(), Integer.toString(other.port()));
        }
        long deadline = System.nanoTime() + CONVERGE_TIMEOUT.toNanos();
        while (!nodes.stream().allMatch(RedisClusterProcess::healthy)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("cluster " + clusterNodes() + " did not reach cluster_state:ok within "
                        + CONVERGE_TIMEOUT + ": " + nodes.get(0).call("CLUSTER", "INFO"));
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    private static boolean healthy(RedisServerProcess node) {
        Object info = node.call("CLUSTER", "INFO");
        return info instanceof String text
                && text.contains("cluster_state:ok")
                && text.contains("cluster_known_nodes:" + MASTERS)
                && text.contains("cluster_slots_assigned:" + SLOTS);
    }
}
