package dev.proxystore.sample;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a finished job reports.
 *
 * @param summary what moved where, and how long it took
 * @param results the reductions, one per matrix
 */
public record JobReport(Summary summary, List<MatrixResult> results) {

    /**
     * @param store the store the matrices were written to
     * @param connector its connector type
     * @param lifetime the name of the job's lifetime
     * @param worker who computed the norms ({@code pid@host:port})
     * @param objects objects written to the store
     * @param bytesStored bytes written to the store
     * @param referenceBytes bytes sent to workers: serialized proxies and the JSON body of references
     * @param byValueBytes bytes the same hand-offs would have sent by value (the matrices' binary encoding)
     * @param stageMillis milliseconds per stage
     * @param totalMillis milliseconds of the whole job
     * @param evictions objects the store evicted during the job, by cause
     * @param backendReads objects read from the store's backend (the rest came from its local cache)
     * @param backendReadBytes bytes read from the backend
     * @param cacheHits reads answered by the store's local cache
     * @param objectsLeft how many of the job's objects are still in the store afterwards (null: unknown)
     */
    public record Summary(String store, String connector, String lifetime, String worker, int objects,
            long bytesStored, long referenceBytes, long byValueBytes, Map<String, Long> stageMillis,
            long totalMillis, Map<String, Long> evictions, long backendReads, long backendReadBytes, long cacheHits,
            @Nullable Long objectsLeft) {
    }

    /**
     * The reductions of one matrix: its column means (summarized: there is one per column) from an executor worker,
     * its norms from the HTTP worker.
     */
    public record MatrixResult(int index, int rows, int cols, double columnMeanMin, double columnMeanMax,
            double columnMeanAvg, double frobeniusNorm, double maxColumnNorm) {
    }
}
