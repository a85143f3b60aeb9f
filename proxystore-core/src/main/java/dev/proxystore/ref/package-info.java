/** Ownership and borrowing of proxied objects. */
@NullMarked
package dev.proxystore.ref;

import org.jspecify.annotations.NullMarked;
