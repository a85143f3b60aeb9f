/** Stores, keys, proxy options, store factories and the store registry. */
@NullMarked
package dev.proxystore.store;

import org.jspecify.annotations.NullMarked;
