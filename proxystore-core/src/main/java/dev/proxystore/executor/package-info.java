/** Executors whose task results travel as store proxies. */
@NullMarked
package dev.proxystore.executor;

import org.jspecify.annotations.NullMarked;
