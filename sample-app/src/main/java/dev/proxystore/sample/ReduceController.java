package dev.proxystore.sample;

import dev.proxystore.proxy.Proxies;
import dev.proxystore.sample.ReduceApi.MatrixNorms;
import dev.proxystore.sample.ReduceApi.ReduceRequest;
import dev.proxystore.sample.ReduceApi.ReduceResponse;
import dev.proxystore.store.StoreFactory;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The worker endpoint of the http stage. Its body holds ProxyStore references (a few hundred bytes of JSON per
 * matrix); they arrive as unresolved proxies, and each resolves from the store on its first method call, here or
 * in another instance of the application that shares the store (the {@code redis} profile).
 */
@RestController
class ReduceController {

    private static final Logger log = LoggerFactory.getLogger(ReduceController.class);

    private final Environment environment;

    ReduceController(Environment environment) {
        this.environment = environment;
    }

    @PostMapping("/internal/reduce")
    ReduceResponse reduce(@RequestBody ReduceRequest request) {
        List<FeatureMatrix> matrices = request.matrices() == null ? List.of() : request.matrices();
        if (matrices.isEmpty()) {
            throw new NotAReferenceException("no matrices to reduce");
        }
        String store = null;
        for (FeatureMatrix matrix : matrices) {
            if (!Proxies.isProxy(matrix)) {
                throw new NotAReferenceException("matrices must be ProxyStore references, not values");
            }
            store = StoreFactory.of(matrix).config().name();
        }
        long start = System.nanoTime();
        List<MatrixNorms> results = new ArrayList<>(matrices.size());
        for (int i = 0; i < matrices.size(); i++) {
            FeatureMatrix matrix = matrices.get(i);
            boolean unresolved = !Proxies.isResolved(matrix);
            double maxColumnNorm = 0;
            for (double norm : matrix.columnNorms()) {     // the first call fetches the matrix from the store
                maxColumnNorm = Math.max(maxColumnNorm, norm);
            }
            results.add(new MatrixNorms(i, matrix.rows(), matrix.cols(), matrix.frobeniusNorm(), maxColumnNorm,
                    unresolved));
        }
        String worker = worker();
        log.info("[job {}] reduce   : {} reference(s) to store '{}' resolved by {}, norms computed in {} ms",
                request.job(), matrices.size(), store, worker, (System.nanoTime() - start) / 1_000_000);
        return new ReduceResponse(worker, store, results);
    }

    private String worker() {
        return ManagementFactory.getRuntimeMXBean().getName() + ":" + environment.getProperty("local.server.port", "?");
    }

    /** The request does not hold references: HTTP 400. */
    static final class NotAReferenceException extends RuntimeException {

        NotAReferenceException(String message) {
            super(message);
        }
    }
}
