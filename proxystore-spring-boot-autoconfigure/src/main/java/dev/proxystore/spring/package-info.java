/**
 * Spring Boot auto-configuration for ProxyStore: {@link dev.proxystore.store.Store} beans declared under
 * {@code proxystore.stores.*}, a bean-backed {@link dev.proxystore.store.StoreRegistry} that
 * {@link dev.proxystore.store.StoreRegistry#global()} sees while the context runs, and the eviction of static-lifetime
 * objects when the context stops.
 */
@NullMarked
package dev.proxystore.spring;

import org.jspecify.annotations.NullMarked;
