/** Lazy transparent proxies and their factories. */
@NullMarked
package dev.proxystore.proxy;

import org.jspecify.annotations.NullMarked;
