package dev.proxystore.connector;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a connector re-created from someone else's config may touch: the servers it may connect to, the directories it
 * may open (never create), and the longest timeout it may use. A receiver sets these limits; the config comes from a
 * reference, so every value in it is checked against them before anything is opened.
 */
public final class ConnectorLimits {

    private final Set<String> types;
    private final Set<String> servers;
    private final List<Path> roots;
    private final Duration maxTimeout;

    private ConnectorLimits(Set<String> types, Set<String> servers, List<Path> roots, Duration maxTimeout) {
        this.types = types;
        this.servers = servers;
        this.roots = roots;
        this.maxTimeout = maxTimeout;
    }

    /**
     * Limits allowing connectors of the given types (a {@code multi} connector's routes included), the given servers
     * ({@code host:port}, compared case-insensitively), directories at or below the given roots, and timeouts up to
     * {@code maxTimeout}.
     *
     * @throws IllegalArgumentException if a server is not {@code host:port} or the timeout is not positive
     */
    public static ConnectorLimits of(Iterable<String> types, Iterable<String> servers, Iterable<Path> roots,
            Duration maxTimeout) {
        Objects.requireNonNull(maxTimeout, "maxTimeout");
        if (maxTimeout.isNegative() || maxTimeout.isZero()) {
            throw new IllegalArgumentException("the maximum timeout must be positive, was " + maxTimeout);
        }
        Set<String> allowed = new TreeSet<>();
        for (String server : servers) {
            allowed.add(normalizeServer(server));
        }
        List<Path> allowedRoots = new ArrayList<>();
        for (Path root : roots) {
            allowedRoots.add(root.toAbsolutePath().normalize());
        }
        Set<String> allowedTypes = new TreeSet<>();
        types.forEach(allowedTypes::add);
        return new ConnectorLimits(Collections.unmodifiableSet(allowedTypes), Collections.unmodifiableSet(allowed),
                List.copyOf(allowedRoots), maxTimeout);
    }

    /** Whether connectors of {@code type} may be re-created at all. */
    public boolean allowsType(String type) {
        return types.contains(type);
    }

    /** The connector types that may be re-created, sorted. */
    public Set<String> types() {
        return types;
    }

    /** Whether a connector may connect to {@code host} on {@code port}. */
    public boolean allowsServer(String host, int port) {
        return servers.contains(normalizeHost(host) + ":" + port);
    }

    /**
     * Whether a connector may use {@code directory}: it exists, is a directory, and its real path (symbolic links
     * resolved) lies at or below the real path of an allowed root.
     */
    public boolean allowsDirectory(Path directory) {
        Path real;
        try {
            if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(directory)) {
                return false;
            }
            real = directory.toRealPath();
        } catch (IOException | SecurityException e) {
            return false;
        }
        for (Path root : roots) {
            try {
                if (real.startsWith(root.toRealPath())) {
                    return true;
                }
            } catch (IOException | SecurityException e) {
                // a root that does not exist allows nothing
            }
        }
        return false;
    }

    /** {@code requested} capped at the maximum timeout. */
    public Duration timeout(Duration requested) {
        return requested.compareTo(maxTimeout) > 0 ? maxTimeout : requested;
    }

    /** The longest timeout a connector may use. */
    public Duration maxTimeout() {
        return maxTimeout;
    }

    @Override
    public String toString() {
        return "ConnectorLimits[types=" + types + ", servers=" + servers + ", roots=" + roots + ", maxTimeout=" + maxTimeout + "]";
    }

    /** Text from a config, cut to a length fit for a message: it may come from hostile input. */
    static String shorten(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }

    private static String normalizeHost(String host) {
        String bare = host.length() > 1 && host.startsWith("[") && host.endsWith("]")
                ? host.substring(1, host.length() - 1) : host;
        return bare.toLowerCase(Locale.ROOT);
    }

    private static String normalizeServer(String server) {
        String trimmed = server.strip();
        int colon = trimmed.lastIndexOf(':');
        if (colon <= 0 || colon == trimmed.length() - 1) {
            throw new IllegalArgumentException("a server must be host:port, was '" + server + "'");
        }
        String port = trimmed.substring(colon + 1);
        try {
            int number = Integer.parseInt(port);
            if (number < 1 || number > 65_535) {
                throw new IllegalArgumentException("port out of range in '" + server + "'");
            }
            return normalizeHost(trimmed.substring(0, colon)) + ":" + number;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a server must be host:port, was '" + server + "'", e);
        }
    }
}
