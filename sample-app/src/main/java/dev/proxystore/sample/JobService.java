package dev.proxystore.sample;

import dev.proxystore.connector.ConnectorException;
import dev.proxystore.sample.JobRequest.InvalidJobException;
import dev.proxystore.sample.JobRequest.JobSpec;
import dev.proxystore.sample.Pipeline.StageException;
import dev.proxystore.sample.Pipeline.WorkerException;
import dev.proxystore.store.Store;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Accepts jobs, runs them one at a time on the {@code job-runner} thread (each job already uses every worker
 * thread, and one job at a time keeps the store's metrics per job), and remembers the last finished ones.
 */
@Service
class JobService implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(JobService.class);

    /** Where a job is. */
    enum Status { QUEUED, RUNNING, SUCCEEDED, FAILED }

    /**
     * Why a job failed, as the HTTP error it maps to.
     *
     * @param stage the stage that failed
     */
    record JobError(int status, String title, String detail, String stage) {
    }

    /** A submitted job. */
    static final class Job {

        final String id;
        final JobSpec spec;
        final URI worker;
        final Instant submitted = Instant.now();
        final CompletableFuture<Job> done = new CompletableFuture<>();
        volatile Status status = Status.QUEUED;
        volatile @Nullable JobReport report;
        volatile @Nullable JobError error;

        Job(String id, JobSpec spec, URI worker) {
            this.id = id;
            this.spec = spec;
            this.worker = worker;
        }
    }

    private final Pipeline pipeline;
    private final SampleProperties properties;
    private final Environment environment;
    private final ThreadPoolExecutor runner;
    private final Map<String, Job> jobs = new LinkedHashMap<>();

    JobService(Pipeline pipeline, SampleProperties properties, Environment environment) {
        this.pipeline = pipeline;
        this.properties = properties;
        this.environment = environment;
        this.runner = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(Math.max(1, properties.maxQueuedJobs())), runnable -> {
                    Thread thread = new Thread(runnable, "job-runner");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /**
     * Validates and queues a job.
     *
     * @param worker base URL of the instance to run the http stage on; null: this one
     * @throws InvalidJobException if the request is invalid, too large, or names an unknown worker
     * @throws StoreUnavailableException if the store cannot be reached now
     * @throws BusyException if too many jobs are queued
     */
    Job submit(@Nullable JobRequest request, @Nullable String worker) {
        JobSpec spec = (request == null ? new JobRequest(null, null, null, null) : request).resolve(properties.job());
        spec.validate(properties.limits());
        URI workerUri = worker(worker);
        checkStore();
        Job job = new Job(UUID.randomUUID().toString().substring(0, 8), spec, workerUri);
        synchronized (jobs) {
            jobs.put(job.id, job);
            while (jobs.size() > Math.max(1, properties.keptJobs())) {
                String oldest = jobs.keySet().iterator().next();
                if (!jobs.get(oldest).done.isDone()) {
                    break;
                }
                jobs.remove(oldest);
            }
        }
        try {
            runner.execute(() -> run(job));
        } catch (RejectedExecutionException e) {
            synchronized (jobs) {
                jobs.remove(job.id);
            }
            throw new BusyException(properties.maxQueuedJobs() + " jobs are already queued; try again later"
                    + " (sample.max-queued-jobs)");
        }
        log.info("[job {}] queued: {}, reduce step at {}", job.id, spec, workerUri);
        return job;
    }

    Optional<Job> find(String id) {
        synchronized (jobs) {
            return Optional.ofNullable(jobs.get(id));
        }
    }

    /** The known jobs, newest first. */
    List<Job> all() {
        synchronized (jobs) {
            List<Job> all = new ArrayList<>(jobs.values());
            java.util.Collections.reverse(all);
            return all;
        }
    }

    /** Waits up to {@code timeout} for {@code job} to finish; returns it either way. */
    Job await(Job job, Duration timeout) {
        try {
            return job.done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return job;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return job;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private void run(Job job) {
        job.status = Status.RUNNING;
        try {
            job.report = pipeline.run(job.id, job.spec, job.worker);
            job.status = Status.SUCCEEDED;
        } catch (RuntimeException | Error e) {
            job.error = classify(e);
            job.status = Status.FAILED;
            if (!(e instanceof StageException)) {
                log.error("[job {}] failed", job.id, e);
            }
        } finally {
            job.done.complete(job);
        }
    }

    /** The base URL of this instance, the default worker. */
    URI self() {
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        return URI.create("http://localhost:" + port);
    }

    private URI worker(@Nullable String worker) {
        if (worker == null || worker.isBlank()) {
            return self();
        }
        String normalized = strip(worker);
        if (normalized.equals(self().toString())) {
            return self();
        }
        for (URI known : properties.workers()) {
            if (strip(known.toString()).equals(normalized)) {
                return URI.create(normalized);
            }
        }
        throw new InvalidJobException("worker '" + worker + "' is not one of this instance's workers "
                + properties.workers() + " (sample.workers): list it there to hand jobs to it");
    }

    private static String strip(String url) {
        String trimmed = url.trim();
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }

    /**
     * Fails fast with 503 when the store's backend is down, before any work is queued.
     */
    private void checkStore() {
        Store store = pipeline.store();
        try {
            store.ping();
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("store '" + store.name() + "' (" + store.config().connector().type()
                    + ") is unavailable: " + e.getMessage());
        }
    }

    /** Maps a job's failure to the HTTP error {@code POST /jobs?wait=true} answers with. */
    static JobError classify(Throwable failure) {
        String stage = failure instanceof StageException stageFailure ? stageFailure.stage() : "unknown";
        Throwable cause = failure instanceof StageException ? failure.getCause() : failure;
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof ConnectorException) {
                return new JobError(HttpStatus.SERVICE_UNAVAILABLE.value(), "Store unavailable", message(t), stage);
            }
            if (t instanceof WorkerException worker) {
                boolean storeDown = worker.status() != null
                        && worker.status().value() == HttpStatus.SERVICE_UNAVAILABLE.value();
                return new JobError(storeDown ? HttpStatus.SERVICE_UNAVAILABLE.value() : HttpStatus.BAD_GATEWAY.value(),
                        storeDown ? "Store unavailable" : "Worker failed", message(t), stage);
            }
        }
        return new JobError(HttpStatus.INTERNAL_SERVER_ERROR.value(), "Job failed", message(cause), stage);
    }

    private static String message(Throwable t) {
        return t.getMessage() == null ? t.getClass().getName() : t.getMessage();
    }

    @Override
    public void destroy() {
        runner.shutdownNow();
    }

    /** The store's backend cannot be reached: HTTP 503. */
    static final class StoreUnavailableException extends RuntimeException {

        StoreUnavailableException(String message) {
            super(message);
        }
    }

    /** Too many jobs are queued: HTTP 503. */
    static final class BusyException extends RuntimeException {

        BusyException(String message) {
            super(message);
        }
    }
}
