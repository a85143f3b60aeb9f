package dev.proxystore.spring.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.test.context.TestPropertySource;

/**
 * Runs the annotated test class's application context with every ProxyStore store on a local connector
 * ({@code proxystore.local-stores=true}): Redis, file and multi stores keep their names and other settings but hold
 * their objects in the test's JVM, so the tests need no Redis server or shared directory.
 *
 * <pre>{@code
 * @SpringBootTest
 * @LocalProxyStores
 * class JobServiceTests {
 *     @Autowired Store store;
 *     ...
 *     ProxyStoreAssertions.assertThat(store).doesNotHoldTheObjectOf(result);
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@TestPropertySource(properties = "proxystore.local-stores=true")
public @interface LocalProxyStores {
}
