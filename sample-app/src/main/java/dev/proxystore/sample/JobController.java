package dev.proxystore.sample;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.proxystore.sample.JobReport.MatrixResult;
import dev.proxystore.sample.JobReport.Summary;
import dev.proxystore.sample.JobRequest.JobSpec;
import dev.proxystore.sample.JobService.Job;
import dev.proxystore.sample.JobService.JobError;
import dev.proxystore.sample.JobService.Status;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /jobs} starts a job and answers 202 with its id and {@code Location}, or with {@code ?wait=true} the
 * finished job (200) or its error; {@code GET /jobs/{id}} reads a job; {@code GET /jobs} lists the known jobs.
 */
@RestController
@RequestMapping("/jobs")
class JobController {

    private final JobService jobs;
    private final SampleProperties properties;

    JobController(JobService jobs, SampleProperties properties) {
        this.jobs = jobs;
        this.properties = properties;
    }

    @PostMapping
    ResponseEntity<JobView> submit(@RequestBody(required = false) @Nullable JobRequest request,
            @RequestParam(defaultValue = "false") boolean wait, @RequestParam(required = false) @Nullable String worker) {
        Job job = jobs.submit(request, worker);
        URI location = URI.create("/jobs/" + job.id);
        if (wait) {
            job = jobs.await(job, properties.waitTimeout());
            JobError error = job.error;
            if (job.status == Status.FAILED && error != null) {
                throw new JobFailedException(job.id, error);
            }
            if (job.status == Status.SUCCEEDED) {
                return ResponseEntity.ok().location(location).body(JobView.of(job));
            }
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).location(location).body(JobView.of(job));
    }

    @GetMapping("/{id}")
    JobView get(@PathVariable String id) {
        return JobView.of(jobs.find(id).orElseThrow(() -> new UnknownJobException(id, properties.keptJobs())));
    }

    @GetMapping
    List<JobView> list() {
        return jobs.all().stream().map(JobView::brief).toList();
    }

    /**
     * A job as {@code /jobs} shows it.
     *
     * @param request the job's size, defaults filled in
     * @param worker where the http stage runs
     * @param error why it failed, if it did
     * @param summary what it moved and how long it took, once finished
     * @param results its reductions, once finished
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record JobView(String id, Status status, JobSpec request, URI worker, Instant submitted,
            @Nullable JobError error, @Nullable Summary summary, @Nullable List<MatrixResult> results) {

        static JobView of(Job job) {
            JobReport report = job.report;
            return new JobView(job.id, job.status, job.spec, job.worker, job.submitted, job.error,
                    report == null ? null : report.summary(), report == null ? null : report.results());
        }

        static JobView brief(Job job) {
            JobReport report = job.report;
            return new JobView(job.id, job.status, job.spec, job.worker, job.submitted, job.error,
                    report == null ? null : report.summary(), null);
        }
    }

    /** No such job: HTTP 404. */
    static final class UnknownJobException extends RuntimeException {

        UnknownJobException(String id, int kept) {
            super("no job '" + id + "': this instance keeps its last " + kept + " jobs in memory (sample.kept-jobs),"
                    + " and forgets them when it restarts");
        }
    }

    /** A job waited for failed: its error. */
    static final class JobFailedException extends RuntimeException {

        final String jobId;
        final transient JobError error;

        JobFailedException(String jobId, JobError error) {
            super(error.detail());
            this.jobId = jobId;
            this.error = error;
        }
    }
}
