package dev.proxystore.connector.multi;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** The name of this host, which {@link Policy#hostPatterns()} are matched against; looked up once. */
final class HostNames {

    private HostNames() {
    }

    /** This host's name as the operating system reports it (Python's {@code socket.gethostname()}). */
    static String current() {
        return Holder.NAME;
    }

    private static final class Holder {

        static final String NAME = lookUp();
    }

    private static String lookUp() {
        try {
            // the name gethostname() reports; no reverse lookup of an address
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            // the name could not be resolved to an address: the message starts with the name itself
            String message = e.getMessage();
            int colon = message == null ? -1 : message.indexOf(':');
            if (message != null && colon > 0) {
                return message.substring(0, colon);
            }
            String fromEnvironment = System.getenv("HOSTNAME");
            return fromEnvironment != null && !fromEnvironment.isBlank() ? fromEnvironment : "localhost";
        }
    }
}
