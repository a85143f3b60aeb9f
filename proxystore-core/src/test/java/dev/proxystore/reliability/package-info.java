/**
 * Reliability and security tests: hostile payloads ({@code HostilePayloadTest}, {@code PayloadLimitTest},
 * {@code ForgedProxyTest}, {@code ObjectInputFilterTest}), concurrency ({@code ConcurrencyStressTest}), crashes
 * ({@code CrashSafetyTest}), Redis faults ({@code RedisFaultTest}), secrets ({@code SecretsTest}) and leaks
 * ({@code LeakTest}). They run in every build, bounded to a few seconds each, and append the figures they
 * exercised to {@code target/reliability-figures.txt}.
 *
 * <p>Soak run, with more payloads, rounds and objects and a 10-minute stress run:
 * <pre>
 * ./mvnw -B -pl proxystore-core test -Dtest='dev.proxystore.reliability.**' -Dproxystore.soak=true
 * </pre>
 * {@code -Dproxystore.soak.seconds=N} sets the length of the stress run instead.
 */
package dev.proxystore.reliability;
