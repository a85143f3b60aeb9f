/** Stream producer and consumer beans over the application's Redis or Kafka. */
@NullMarked
package dev.proxystore.spring.stream;

import org.jspecify.annotations.NullMarked;
