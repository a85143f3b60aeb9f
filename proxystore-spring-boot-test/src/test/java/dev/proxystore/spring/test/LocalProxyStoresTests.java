package dev.proxystore.spring.test;

import static dev.proxystore.spring.test.ProxyStoreAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.proxystore.store.Key;
import dev.proxystore.store.ProxyOptions;
import dev.proxystore.store.Store;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * An application whose stores are configured on a Redis server that does not exist runs its tests with
 * {@link LocalProxyStores}, and asserts what its stores hold.
 */
@SpringBootTest(properties = {
    "proxystore.stores.jobs.connector=redis",
    "proxystore.stores.jobs.redis.host=redis.invalid",
    "proxystore.stores.jobs.primary=true",
    "proxystore.stores.archive.connector=file",
    "proxystore.stores.archive.file.directory=/nonexistent/proxystore-archive"})
@LocalProxyStores
class LocalProxyStoresTests {

    @Autowired
    Store jobs;

    @Autowired
    @Qualifier("archive")
    Store archive;

    @Test
    void everyStoreIsLocalAndKeepsItsName() {
        assertThat(jobs.config().connector().type()).isEqualTo("local");
        assertThat(jobs.name()).isEqualTo("jobs");
        assertThat(archive.config().connector().type()).isEqualTo("local");
    }

    @Test
    void assertionsFollowWhatTheStoreHolds() {
        Key<String> key = jobs.put("stored");
        assertThat(jobs).holds(key);
        List<Double> proxy = jobs.proxy(new ArrayList<>(List.of(1.0, 2.0)), ProxyOptions.defaults().withEvict(true)
                .withPopulateTarget(false));
        assertThat(jobs).holdsTheObjectOf(proxy).holdsObjects(2);
        assertThat(proxy).containsExactly(1.0, 2.0);
        assertThat(jobs).doesNotHoldTheObjectOf(proxy);
        jobs.evict(key);
        assertThat(jobs).doesNotHold(key).isEmpty();
    }

    @Test
    void aFailedAssertionSaysWhatTheStoreHolds() {
        Key<String> key = archive.put("kept");
        assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(archive).doesNotHold(key))
                .withMessageContaining("Expected store 'archive' not to hold " + key.id());
        assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(jobs).holdsTheObjectOf("plain"))
                .withMessageContaining("Expected a proxy of store 'jobs', but got java.lang.String");
        archive.evict(key);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Application {
    }
}
