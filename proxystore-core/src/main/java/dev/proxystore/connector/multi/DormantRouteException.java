package dev.proxystore.connector.multi;

import dev.proxystore.connector.ConnectorException;

/**
 * A key names a route of a {@link MultiConnector} that is dormant on this host: its policy's host patterns do not
 * match this host's name, so the route's connector was never connected here.
 */
public class DormantRouteException extends ConnectorException {

    private final String route;
    private final String hostName;

    public DormantRouteException(String route, String hostName, String message) {
        super(message);
        this.route = route;
        this.hostName = hostName;
    }

    /** The label of the dormant route. */
    public String route() {
        return route;
    }

    /** The name of this host, which the route's host patterns do not match. */
    public String hostName() {
        return hostName;
    }
}
