/** Jackson support: proxies travel in JSON as small references. */
@NullMarked
package dev.proxystore.jackson;

import org.jspecify.annotations.NullMarked;
