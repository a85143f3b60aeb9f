/**
 * The {@code proxyLifetime} bean scope: {@link dev.proxystore.spring.lifetime.ProxyLifetime @ProxyLifetime} beans
 * live as long as the ProxyStore {@link dev.proxystore.lifetime.Lifetime} that
 * {@link dev.proxystore.spring.lifetime.ProxyLifetimeScope} binds to the current thread.
 */
@NullMarked
package dev.proxystore.spring.lifetime;

import org.jspecify.annotations.NullMarked;
