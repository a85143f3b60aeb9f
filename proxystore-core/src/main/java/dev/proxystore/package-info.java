/**
 * ProxyStore: pass large objects by reference. A {@link dev.proxystore.store.Store} writes an object once and hands
 * out a lazy proxy of it; {@link dev.proxystore.ProxyStoreException} is the root of every exception of the library.
 */
@NullMarked
package dev.proxystore;

import org.jspecify.annotations.NullMarked;
