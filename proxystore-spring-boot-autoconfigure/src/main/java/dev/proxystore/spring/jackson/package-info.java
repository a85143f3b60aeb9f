/** Registers ProxyStore's Jackson module with Spring Boot's JSON mapper. */
@NullMarked
package dev.proxystore.spring.jackson;

import org.jspecify.annotations.NullMarked;
