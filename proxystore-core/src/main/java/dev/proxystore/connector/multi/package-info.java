/** A connector that routes each object to one of several connectors by size, tags and priority. */
@NullMarked
package dev.proxystore.connector.multi;

import org.jspecify.annotations.NullMarked;
