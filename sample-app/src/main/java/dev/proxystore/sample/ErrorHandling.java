package dev.proxystore.sample;

import dev.proxystore.connector.ConnectorException;
import dev.proxystore.proxy.ProxyResolveException;
import dev.proxystore.proxy.ProxyResolveMissingKeyException;
import dev.proxystore.sample.JobController.JobFailedException;
import dev.proxystore.sample.JobController.UnknownJobException;
import dev.proxystore.sample.JobRequest.InvalidJobException;
import dev.proxystore.sample.JobService.BusyException;
import dev.proxystore.sample.JobService.StoreUnavailableException;
import dev.proxystore.sample.ReduceController.NotAReferenceException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Maps the sample's failures to RFC 9457 problem documents with a clear {@code detail}. */
@RestControllerAdvice
class ErrorHandling {

    @ExceptionHandler(InvalidJobException.class)
    ProblemDetail invalidJob(InvalidJobException e) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid job", e.getMessage());
    }

    @ExceptionHandler(NotAReferenceException.class)
    ProblemDetail notAReference(NotAReferenceException e) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid reduce request", e.getMessage());
    }

    @ExceptionHandler(UnknownJobException.class)
    ProblemDetail unknownJob(UnknownJobException e) {
        return problem(HttpStatus.NOT_FOUND, "Unknown job", e.getMessage());
    }

    @ExceptionHandler(StoreUnavailableException.class)
    ResponseEntity<ProblemDetail> storeUnavailable(StoreUnavailableException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "10")
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "Store unavailable", e.getMessage()));
    }

    @ExceptionHandler(BusyException.class)
    ResponseEntity<ProblemDetail> busy(BusyException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "10")
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "Too many jobs", e.getMessage()));
    }

    @ExceptionHandler(JobFailedException.class)
    ProblemDetail jobFailed(JobFailedException e) {
        ProblemDetail problem = problem(HttpStatus.valueOf(e.error.status()), e.error.title(), e.error.detail());
        problem.setProperty("job", e.jobId);
        problem.setProperty("stage", e.error.stage());
        return problem;
    }

    /** In the worker endpoint: a reference whose object is not in the store this instance reaches. */
    @ExceptionHandler(ProxyResolveMissingKeyException.class)
    ProblemDetail missingKey(ProxyResolveMissingKeyException e) {
        return problem(HttpStatus.UNPROCESSABLE_CONTENT, "Reference cannot be resolved", "store '" + e.storeName()
                + "' here has no object '" + e.key().id() + "': it was evicted, or the sender's store is not"
                + " shared with this instance (a local store lives in one JVM; run both instances with"
                + " --spring.profiles.active=redis)");
    }

    /** In the worker endpoint: the store's backend failed while resolving. */
    @ExceptionHandler({ProxyResolveException.class, ConnectorException.class})
    ProblemDetail resolveFailed(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectorException) {
                return problem(HttpStatus.SERVICE_UNAVAILABLE, "Store unavailable", t.getMessage());
            }
        }
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Reference cannot be resolved", e.getMessage());
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }
}
