package dev.proxystore.sample;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The sample's settings, under {@code sample}.
 *
 * @param demoOnStartup whether to run one job with the default size once the application is ready
 * @param store the name of the ProxyStore store the jobs write to
 * @param job the size of a job when a request does not say
 * @param limits the largest job a request may ask for
 * @param workerThreads the threads of the worker pool (0: one per processor)
 * @param maxQueuedJobs how many jobs may wait while one runs (jobs run one at a time)
 * @param keptJobs how many finished jobs {@code GET /jobs/{id}} still knows
 * @param waitTimeout how long {@code POST /jobs?wait=true} waits before answering 202
 * @param workers other instances of this application that a job may hand its reduce step to
 *     ({@code POST /jobs?worker=<url>}); each is a base URL such as {@code http://localhost:8081}
 */
@ConfigurationProperties("sample")
public record SampleProperties(
        @DefaultValue("true") boolean demoOnStartup,
        @DefaultValue("default") String store,
        @DefaultValue Job job,
        @DefaultValue Limits limits,
        @DefaultValue("0") int workerThreads,
        @DefaultValue("8") int maxQueuedJobs,
        @DefaultValue("100") int keptJobs,
        @DefaultValue("2m") Duration waitTimeout,
        @DefaultValue List<URI> workers) {

    /**
     * The default job: {@code matrices} matrices of {@code rows x cols} doubles (2048 x 1024 is 16 MiB).
     *
     * @param seed the seed of the generated values, so results are reproducible
     */
    public record Job(
            @DefaultValue("4") int matrices,
            @DefaultValue("2048") int rows,
            @DefaultValue("1024") int cols,
            @DefaultValue("42") long seed) {
    }

    /**
     * Limits on requested jobs; larger requests are refused with 400.
     *
     * @param maxMatrices the most matrices per job
     * @param maxMatrixSize the largest matrix (8 bytes per value)
     * @param maxJobSize the most bytes of matrices per job
     */
    public record Limits(
            @DefaultValue("32") int maxMatrices,
            @DefaultValue("64MB") DataSize maxMatrixSize,
            @DefaultValue("256MB") DataSize maxJobSize) {
    }
}
