package dev.proxystore.sample;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Runs one job of the default size once the application (and its web server) is ready. */
@Component
@ConditionalOnBooleanProperty(name = "sample.demo-on-startup", matchIfMissing = true)
class DemoOnStartup {

    private static final Logger log = LoggerFactory.getLogger(DemoOnStartup.class);

    private final JobService jobs;

    DemoOnStartup(JobService jobs) {
        this.jobs = jobs;
    }

    @EventListener(ApplicationReadyEvent.class)
    void runDemoJob() {
        JobService.Job job;
        try {
            job = jobs.submit(null, null);
        } catch (RuntimeException e) {
            log.error("Demo job not started: {}", e.getMessage());
            return;
        }
        log.info("[job {}] demo job on startup (turn off with --sample.demo-on-startup=false)", job.id);
        String base = jobs.self().toString();
        job.done.thenAccept(finished -> log.info("[job {}] demo job {}. Try:\n"
                        + "    curl -s {}/jobs/{}\n"
                        + "    curl -s -X POST '{}/jobs?wait=true' -H 'Content-Type: application/json'"
                        + " -d '{\"matrices\":2,\"rows\":1024,\"cols\":512}'\n"
                        + "    curl -s {}/actuator/metrics/proxystore.store.evictions",
                finished.id, finished.status.name().toLowerCase(java.util.Locale.ROOT), base, finished.id, base, base));
    }
}
