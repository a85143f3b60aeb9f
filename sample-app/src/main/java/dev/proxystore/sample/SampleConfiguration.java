package dev.proxystore.sample;

import dev.proxystore.jackson.ProxyStoreJacksonModule;
import dev.proxystore.store.StoreRegistry;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class SampleConfiguration {

    /** The executor workers: one thread per processor unless {@code sample.worker-threads} says otherwise. */
    @Bean(destroyMethod = "shutdownNow")
    ExecutorService workerPool(SampleProperties properties) {
        int threads = properties.workerThreads() > 0 ? properties.workerThreads()
                : Runtime.getRuntime().availableProcessors();
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = runnable -> {
            Thread thread = new Thread(runnable, "worker-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        return Executors.newFixedThreadPool(threads, factory);
    }

    /**
     * Writes proxies in JSON bodies as references, and reads references back as lazy proxies, in Boot's JSON mapper
     * (Boot adds JacksonModule beans to it). Only references to stores this application has are read: a reference
     * from a client cannot make the application connect to another Redis or directory.
     */
    @Bean
    @ConditionalOnMissingBean
    ProxyStoreJacksonModule proxyStoreJacksonModule(StoreRegistry stores) {
        return new ProxyStoreJacksonModule(config -> stores.get(config.name()).isPresent());
    }
}
