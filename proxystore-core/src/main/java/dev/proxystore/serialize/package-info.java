/** Serializers with a versioned envelope and an allow-list of trusted classes. */
@NullMarked
package dev.proxystore.serialize;

import org.jspecify.annotations.NullMarked;
