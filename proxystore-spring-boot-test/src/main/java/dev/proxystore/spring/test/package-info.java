/** Test support: {@link dev.proxystore.spring.test.LocalProxyStores} and AssertJ assertions on stores. */
@NullMarked
package dev.proxystore.spring.test;

import org.jspecify.annotations.NullMarked;
