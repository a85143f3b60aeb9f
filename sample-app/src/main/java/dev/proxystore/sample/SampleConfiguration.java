package dev.proxystore.sample;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
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
}
