package dev.proxystore.sample;

import dev.proxystore.connector.LocalConnector;
import dev.proxystore.lifetime.Lifetime;
import dev.proxystore.proxy.Proxies;
import dev.proxystore.sample.JobReport.MatrixResult;
import dev.proxystore.sample.JobReport.Summary;
import dev.proxystore.sample.JobRequest.JobSpec;
import dev.proxystore.sample.ReduceApi.MatrixNorms;
import dev.proxystore.sample.ReduceApi.ReduceRequest;
import dev.proxystore.sample.ReduceApi.ReduceResponse;
import dev.proxystore.spring.lifetime.ProxyLifetimeScope;
import dev.proxystore.store.Key;
import dev.proxystore.store.ProxyOptions;
import dev.proxystore.store.Store;
import dev.proxystore.store.StoreFactory;
import dev.proxystore.store.StoreRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;
import tools.jackson.databind.json.JsonMapper;

/**
 * One job, in five stages, inside one ProxyStore lifetime:
 * <ol>
 * <li><b>produce</b>: generate the feature matrices (tens of megabytes);
 * <li><b>store</b>: write each to the store once, as a proxy associated with the job's lifetime;
 * <li><b>executor</b>: hand each proxy to a worker thread as Java-serialized bytes, as a task queue would send it
 *     to another process; the worker gets an unresolved proxy, which fetches the matrix on first use, and computes
 *     the column means;
 * <li><b>http</b>: POST all proxies in one JSON body to a worker endpoint ({@code /internal/reduce}, on this
 *     instance or another one), where they arrive as references and are resolved to compute norms;
 * <li><b>evict</b>: the lifetime ends, which evicts every object of the job, also when a stage failed.
 * </ol>
 */
@Component
class Pipeline {

    private static final Logger log = LoggerFactory.getLogger(Pipeline.class);
    private static final int STAGES = 5;

    private final StoreRegistry stores;
    private final ProxyLifetimeScope lifetimes;
    private final JobStats stats;
    private final ExecutorService workerPool;
    private final RestClient restClient;
    private final JsonMapper jsonMapper;
    private final ObjectProvider<MeterRegistry> meterRegistry;
    private final SampleProperties properties;

    Pipeline(StoreRegistry stores, ProxyLifetimeScope lifetimes, JobStats stats,
            @Qualifier("workerPool") ExecutorService workerPool, RestClient.Builder restClient, JsonMapper jsonMapper,
            ObjectProvider<MeterRegistry> meterRegistry, SampleProperties properties) {
        this.stores = stores;
        this.lifetimes = lifetimes;
        this.stats = stats;
        this.workerPool = workerPool;
        this.restClient = restClient.build();
        this.jsonMapper = jsonMapper;
        this.meterRegistry = meterRegistry;
        this.properties = properties;
    }

    /** The store jobs write to ({@code sample.store}). */
    Store store() {
        return stores.get(properties.store()).orElseThrow(() -> new IllegalStateException("no ProxyStore store named '"
                + properties.store() + "' (sample.store); declare it under proxystore.stores"));
    }

    /**
     * Runs the job and reports what it computed and moved.
     *
     * @throws StageException if a stage fails; the job's objects are evicted all the same
     */
    JobReport run(String jobId, JobSpec spec, URI worker) {
        Store store = store();
        MeterRegistry meters = meterRegistry.getIfUnique();
        StoreMeters before = StoreMeters.read(meters, store.name());
        long start = System.nanoTime();
        Bookkeeping book = new Bookkeeping();
        Outcome outcome;
        try {
            outcome = lifetimes.call(store, () -> stages(jobId, spec, worker, store, book));
        } catch (StageException e) {
            StoreMeters during = StoreMeters.read(meters, store.name()).minus(before);
            log.warn("[job {}] failed in stage {}: {}. Lifetime '{}' closed: {} object(s) evicted (cause=lifetime), {}",
                    jobId, e.stage(), e.getCause().getMessage(), book.lifetime, during.evicted("lifetime"),
                    leftDescription(store, book.keys));
            throw e;
        }
        long evictMillis = (System.nanoTime() - book.bodyEnd) / 1_000_000;
        long totalMillis = (System.nanoTime() - start) / 1_000_000;
        StoreMeters during = StoreMeters.read(meters, store.name()).minus(before);
        Long left = objectsLeft(store, book.keys);
        JobStats.Snapshot numbers = outcome.stats();
        log.info("[job {}] 5/{} evict    : lifetime '{}' closed in {} ms: {} object(s) evicted (cause=lifetime),"
                        + " its @ProxyLifetime JobStats bean destroyed: {}; {}", jobId, STAGES, book.lifetime,
                evictMillis, during.evicted("lifetime"), book.statsEnded.get() ? "yes" : "no",
                leftDescription(store, book.keys));

        Map<String, Long> stageMillis = new LinkedHashMap<>(numbers.stageMillis());
        stageMillis.put("evict", evictMillis);
        Summary summary = new Summary(store.name(), store.config().connector().type(), book.lifetime,
                outcome.worker(), numbers.objects(), numbers.bytesStored(), numbers.referenceBytes(),
                numbers.byValueBytes(), stageMillis, totalMillis, during.evictions(), during.backendReads(),
                during.backendReadBytes(), during.cacheHits(), left);
        JobReport report = new JobReport(summary, outcome.results());
        log.info("[job {}] done in {} ms\n{}", jobId, totalMillis, describe(report));
        return report;
    }

    private Outcome stages(String jobId, JobSpec spec, URI worker, Store store, Bookkeeping book) {
        Lifetime lifetime = lifetimes.current().orElseThrow();
        book.lifetime = lifetime.name();
        book.statsEnded = stats.ended();
        try {
            stats.begin("produce");
            List<FeatureMatrix> matrices = new ArrayList<>(spec.matrices());
            for (int i = 0; i < spec.matrices(); i++) {
                matrices.add(Matrices.generate(spec.rows(), spec.cols(), Matrices.seedOf(spec.seed(), i)));
            }
            log.info("[job {}] 1/{} produce  : {} in {} ms", jobId, STAGES, spec, stats.end());

            stats.begin("store");
            ProxyOptions options = ProxyOptions.defaults()
                    .withLifetime(lifetime)
                    .withSerializer(FeatureMatrixSerializer.INSTANCE);
            List<FeatureMatrix> proxies = new ArrayList<>(matrices.size());
            for (FeatureMatrix matrix : matrices) {
                FeatureMatrix proxy = store.proxy(matrix, options);
                book.keys.add(StoreFactory.of(proxy).key());
                stats.stored(FeatureMatrixSerializer.encodedSize(matrix));
                proxies.add(proxy);
            }
            matrices.clear();
            log.info("[job {}] 2/{} store    : {} object(s), {} written to store '{}' ({}) under lifetime '{}' in {} ms",
                    jobId, STAGES, stats.objects(), Bytes.format(stats.bytesStored()), store.name(),
                    store.config().connector().type(), lifetime.name(), stats.end());

            stats.begin("executor");
            List<Future<ColumnMeans>> futures = new ArrayList<>(proxies.size());
            long sent = 0;
            for (int i = 0; i < proxies.size(); i++) {
                int index = i;
                byte[] wire = ProxyTransport.serialize(proxies.get(i));
                sent += wire.length;
                stats.handedOff(wire.length, FeatureMatrixSerializer.encodedSize(proxies.get(i)));
                futures.add(workerPool.submit(() -> columnMeans(index, wire)));
            }
            List<ColumnMeans> means = new ArrayList<>(futures.size());
            for (Future<ColumnMeans> future : futures) {
                means.add(join(future));
            }
            long lazy = means.stream().filter(ColumnMeans::arrivedUnresolved).count();
            log.info("[job {}] 3/{} executor : {} worker task(s) got serialized proxies ({} in all, {} each),"
                            + " {}/{} unresolved on arrival, resolved them and computed column means in {} ms",
                    jobId, STAGES, futures.size(), Bytes.format(sent), Bytes.format(sent / futures.size()), lazy,
                    futures.size(), stats.end());

            stats.begin("http");
            byte[] body = jsonMapper.writeValueAsBytes(new ReduceRequest(jobId, proxies));
            long byValue = proxies.stream().mapToLong(FeatureMatrixSerializer::encodedSize).sum();
            stats.handedOff(body.length, byValue);
            URI endpoint = worker.resolve("/internal/reduce");
            ReduceResponse response = post(endpoint, body);
            long lazyThere = response.results().stream().filter(MatrixNorms::arrivedUnresolved).count();
            log.info("[job {}] 4/{} http     : POST {} with {} reference(s) in {} of JSON; worker {} got {}/{}"
                            + " unresolved, resolved them and computed norms in {} ms", jobId, STAGES, endpoint,
                    proxies.size(), Bytes.format(body.length), response.worker(), lazyThere,
                    response.results().size(), stats.end());

            List<MatrixResult> results = combine(means, response.results());
            JobStats.Snapshot numbers = stats.snapshot();
            book.bodyEnd = System.nanoTime();
            return new Outcome(results, response.worker(), numbers);
        } catch (RuntimeException e) {
            book.bodyEnd = System.nanoTime();
            throw new StageException(stats.stage(), e);
        }
    }

    /** An executor worker: receives a serialized proxy, as another process would, and reduces the matrix. */
    private static ColumnMeans columnMeans(int index, byte[] wire) {
        FeatureMatrix matrix = ProxyTransport.deserialize(wire, FeatureMatrix.class);
        boolean unresolved = Proxies.isProxy(matrix) && !Proxies.isResolved(matrix);
        double[] means = matrix.columnMeans();       // the first call fetches the matrix from the store
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (double mean : means) {
            min = Math.min(min, mean);
            max = Math.max(max, mean);
            sum += mean;
        }
        return new ColumnMeans(index, min, max, sum / means.length, unresolved);
    }

    private ReduceResponse post(URI endpoint, byte[] body) {
        try {
            ReduceResponse response = restClient.post()
                    .uri(endpoint)
                    .contentType(MediaType.APPLICATION_JSON)
                    .accept(MediaType.APPLICATION_JSON)
                    .body(body)
                    .retrieve()
                    .body(ReduceResponse.class);
            if (response == null) {
                throw new WorkerException(endpoint, null, "empty response");
            }
            return response;
        } catch (RestClientResponseException e) {
            ProblemDetail problem = null;
            try {
                problem = e.getResponseBodyAs(ProblemDetail.class);
            } catch (RuntimeException ignored) {
                // not a problem document
            }
            String detail = problem != null && problem.getDetail() != null ? problem.getDetail()
                    : e.getStatusText();
            throw new WorkerException(endpoint, e.getStatusCode(), detail);
        } catch (ResourceAccessException e) {
            Throwable cause = e.getMostSpecificCause();
            throw new WorkerException(endpoint, null, "cannot reach it: " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
        }
    }

    private static List<MatrixResult> combine(List<ColumnMeans> means, List<MatrixNorms> norms) {
        if (norms.size() != means.size()) {
            throw new IllegalStateException("the worker returned " + norms.size() + " results for " + means.size()
                    + " matrices");
        }
        List<MatrixResult> results = new ArrayList<>(means.size());
        for (int i = 0; i < means.size(); i++) {
            ColumnMeans m = means.get(i);
            MatrixNorms n = norms.get(i);
            results.add(new MatrixResult(i, n.rows(), n.cols(), m.min(), m.max(), m.avg(), n.frobeniusNorm(),
                    n.maxColumnNorm()));
        }
        return results;
    }

    private static <T> T join(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a worker", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("worker failed: " + e.getCause(), e.getCause());
        }
    }

    /** How many of {@code keys} are still in the store; null if the store cannot tell. */
    private static @Nullable Long objectsLeft(Store store, List<Key<?>> keys) {
        try {
            return keys.stream().filter(store::exists).count();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String leftDescription(Store store, List<Key<?>> keys) {
        Long left = objectsLeft(store, keys);
        String job = left == null ? "cannot check the store for the job's objects"
                : left + " of the job's " + keys.size() + " object(s) left in the store";
        if (store.connector() instanceof LocalConnector local) {
            job += ", store '" + store.name() + "' holds " + local.size() + " object(s) in all";
        }
        return job;
    }

    private static String describe(JobReport report) {
        Summary s = report.summary();
        StringJoiner lines = new StringJoiner("\n");
        lines.add(line("objects stored", s.objects() + " (" + Bytes.format(s.bytesStored()) + ") in store '" + s.store()
                + "' (" + s.connector() + ")"));
        lines.add(line("moved by reference", Bytes.format(s.referenceBytes())
                + " (serialized proxies to executor workers + one JSON request)"));
        lines.add(line("moved by value would be", Bytes.format(s.byValueBytes()) + String.format(Locale.ROOT,
                " (%,.0fx more)", (double) s.byValueBytes() / Math.max(1, s.referenceBytes()))));
        StringJoiner stages = new StringJoiner(", ");
        s.stageMillis().forEach((stage, millis) -> stages.add(stage + " " + millis + " ms"));
        lines.add(line("time per stage", stages + " (total " + s.totalMillis() + " ms)"));
        StringJoiner evictions = new StringJoiner(", ");
        s.evictions().forEach((cause, count) -> evictions.add(cause + "=" + count));
        lines.add(line("evictions by cause", evictions.length() == 0 ? "(store metrics off)" : evictions.toString()));
        lines.add(line("store reads", s.backendReads() + " from the backend (" + Bytes.format(s.backendReadBytes())
                + "), " + s.cacheHits() + " from the local cache"));
        lines.add(line("left in the store", s.objectsLeft() == null ? "unknown" : s.objectsLeft() + " object(s)"));
        int shown = 0;
        for (MatrixResult r : report.results()) {
            if (shown++ == 8) {
                lines.add(line("", "... " + (report.results().size() - 8) + " more"));
                break;
            }
            lines.add(line(shown == 1 ? "results" : "", String.format(Locale.ROOT,
                    "matrix %d: column means %.4f..%.4f (avg %.4f), Frobenius norm %.1f, max column norm %.1f",
                    r.index(), r.columnMeanMin(), r.columnMeanMax(), r.columnMeanAvg(), r.frobeniusNorm(),
                    r.maxColumnNorm())));
        }
        return lines.toString();
    }

    private static String line(String label, String value) {
        return String.format(Locale.ROOT, "    %-24s %s", label, value);
    }

    /** What a worker thread computed from one matrix. */
    record ColumnMeans(int index, double min, double max, double avg, boolean arrivedUnresolved) {
    }

    private record Outcome(List<MatrixResult> results, String worker, JobStats.Snapshot stats) {
    }

    /** What the job body records for afterwards: plain fields, written and read on the job's thread. */
    private static final class Bookkeeping {
        final List<Key<?>> keys = new ArrayList<>();
        String lifetime = "(none)";
        AtomicBoolean statsEnded = new AtomicBoolean();
        long bodyEnd = System.nanoTime();
    }

    /** A stage of a job failed; the cause says why. */
    static final class StageException extends RuntimeException {

        private final String stage;

        StageException(String stage, RuntimeException cause) {
            super("stage " + stage + " failed: " + cause.getMessage(), cause);
            this.stage = stage;
        }

        String stage() {
            return stage;
        }
    }

    /** The worker of the http stage failed or could not be reached. */
    static final class WorkerException extends RuntimeException {

        private final transient @Nullable HttpStatusCode status;

        WorkerException(URI endpoint, @Nullable HttpStatusCode status, String detail) {
            super("worker " + endpoint + (status == null ? "" : " answered " + status.value()) + ": " + detail);
            this.status = status;
        }

        @Nullable HttpStatusCode status() {
            return status;
        }
    }
}
