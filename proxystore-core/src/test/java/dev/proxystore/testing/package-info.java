/** Test harness: real {@code redis-server} processes (standalone, cluster, sentinel) started and stopped by tests. */
@NullMarked
package dev.proxystore.testing;

import org.jspecify.annotations.NullMarked;
