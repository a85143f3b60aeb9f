/** The Redis connector: stores bytes in Redis (standalone, Sentinel or Cluster) through Spring Data Redis and Lettuce. */
@NullMarked
package dev.proxystore.connector.redis;

import org.jspecify.annotations.NullMarked;
