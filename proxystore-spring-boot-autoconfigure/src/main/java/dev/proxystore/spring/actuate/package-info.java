/**
 * Observability of ProxyStore in a Spring Boot application: a health contributor per store, the {@code proxystore}
 * Actuator endpoint and Micrometer gauges of live lifetimes, each in its own auto-configuration.
 */
@NullMarked
package dev.proxystore.spring.actuate;

import org.jspecify.annotations.NullMarked;
