package dev.proxystore.sample;

import java.util.List;

/** The messages of {@code POST /internal/reduce}, the worker endpoint a job hands its matrices to over HTTP. */
final class ReduceApi {

    private ReduceApi() {
    }

    /**
     * Matrices to reduce. In JSON each matrix is a ProxyStore reference of a few hundred bytes (the Jackson module
     * writes proxies that way), and the receiver reads each back as a lazy proxy.
     */
    record ReduceRequest(String job, List<FeatureMatrix> matrices) {
    }

    /**
     * What the worker computed.
     *
     * @param worker who did the work: {@code pid@host:port}
     */
    record ReduceResponse(String worker, String store, List<MatrixNorms> results) {
    }

    /**
     * The norms of one matrix.
     *
     * @param arrivedUnresolved whether the matrix arrived as a proxy that had not fetched its data yet
     */
    record MatrixNorms(int index, int rows, int cols, double frobeniusNorm, double maxColumnNorm,
            boolean arrivedUnresolved) {
    }
}
