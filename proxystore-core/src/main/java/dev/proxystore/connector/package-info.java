/** Connectors move bytes by string key to and from a backend. */
@NullMarked
package dev.proxystore.connector;

import org.jspecify.annotations.NullMarked;
