/** {@code @Async} methods whose results travel as store proxies. */
@NullMarked
package dev.proxystore.spring.async;

import org.jspecify.annotations.NullMarked;
