/** Object lifetimes: context, lease and static. */
@NullMarked
package dev.proxystore.lifetime;

import org.jspecify.annotations.NullMarked;
