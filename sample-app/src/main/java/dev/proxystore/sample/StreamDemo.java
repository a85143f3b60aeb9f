package dev.proxystore.sample;

import dev.proxystore.proxy.Proxies;
import dev.proxystore.store.StoreFactory;
import dev.proxystore.stream.StreamConsumer;
import dev.proxystore.stream.StreamItem;
import dev.proxystore.stream.StreamProducer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The stream stage: a producer streams matrices to the topic {@value #TOPIC} (each written once to the store, the
 * event carrying only a signed reference), a dispatcher takes each proxy off the stream and routes it to a worker
 * without resolving it, and the workers resolve theirs. The summary shows what the dispatcher did not move.
 */
@Component
class StreamDemo {

    static final String TOPIC = "matrices";
    private static final Object DONE = new Object();
    private static final Logger log = LoggerFactory.getLogger(StreamDemo.class);

    private final StreamProducer<Object> producer;
    private final StreamConsumer<Object> consumer;
    private final boolean onStartup;
    private final CompletableFuture<Summary> summary = new CompletableFuture<>();

    StreamDemo(StreamProducer<Object> producer, StreamConsumer<Object> consumer, SampleProperties properties) {
        this.producer = producer;
        this.consumer = consumer;
        this.onStartup = properties.demoOnStartup();
    }

    /**
     * What one run did.
     *
     * @param matrices how many matrices went through the stream
     * @param matrixBytes the bytes of matrix data produced, which the workers resolved
     * @param byReference how many of them arrived as proxies (the rest inside their events)
     * @param resolvedByDispatcher how many proxies the dispatcher resolved (none)
     * @param resolvedByWorkers the bytes of matrix data the workers read
     * @param objectsLeft how many of the streamed objects are still in their store afterwards (none: each was sent
     *     with evict=true and left its store when its worker read it)
     */
    record Summary(int matrices, long matrixBytes, int byReference, int resolvedByDispatcher, long resolvedByWorkers,
            long objectsLeft) {
    }

    /** The summary of the run, once it has finished. */
    CompletableFuture<Summary> summary() {
        return summary;
    }

    /** Runs the stage once in the background, with the demo job (turned off with the same setting). */
    @EventListener(ApplicationReadyEvent.class)
    void start() {
        if (!onStartup) {
            return;
        }
        Thread thread = new Thread(this::run, "stream-demo");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            summary.complete(stream(8, 256, 256, 2));
            Summary done = summary.join();
            log.info("[stream] {} matrices ({} KiB) streamed on topic '{}': the dispatcher routed every proxy and"
                    + " resolved {} of them; the workers resolved {} KiB from the store, which holds {} of them now",
                    done.matrices(), done.matrixBytes() / 1024, TOPIC, done.resolvedByDispatcher(),
                    done.resolvedByWorkers() / 1024, done.objectsLeft());
        } catch (RuntimeException e) {
            summary.completeExceptionally(e);
            log.error("[stream] demo failed: {}", e.toString());
        }
    }

    /** Streams {@code matrices} matrices of {@code rows x cols} through a dispatcher to {@code workerCount} workers. */
    Summary stream(int matrices, int rows, int cols, int workerCount) {
        long produced = 0;
        for (int i = 0; i < matrices; i++) {
            FeatureMatrix matrix = Matrices.generate(rows, cols, i);
            produced += matrix.sizeInBytes();
            producer.send(TOPIC, matrix, true, Map.of("index", i));
        }
        producer.closeTopics(TOPIC);

        List<BlockingQueue<Object>> queues = new ArrayList<>();
        List<CompletableFuture<Long>> workers = new ArrayList<>();
        for (int w = 0; w < workerCount; w++) {
            BlockingQueue<Object> queue = new ArrayBlockingQueue<>(matrices + 1);
            queues.add(queue);
            workers.add(CompletableFuture.supplyAsync(() -> work(queue)));
        }
        int routed = 0;
        int resolvedByDispatcher = 0;
        List<StoreFactory<?>> routedObjects = new ArrayList<>();
        while (consumer.hasNext()) {
            StreamItem<Object> item = consumer.nextWithMetadata();
            Object object = item.object();
            if (Proxies.isProxy(object)) {
                routedObjects.add(StoreFactory.of(object));
            }
            queues.get(routed++ % workerCount).add(object);
            if (Proxies.isProxy(object) && Proxies.isResolved(object)) {
                resolvedByDispatcher++;
            }
        }
        queues.forEach(queue -> queue.add(DONE));
        long resolved = workers.stream().mapToLong(CompletableFuture::join).sum();
        long left = routedObjects.stream().filter(factory -> factory.store().exists(factory.key())).count();
        return new Summary(routed, produced, routedObjects.size(), resolvedByDispatcher, resolved, left);
    }

    private static long work(BlockingQueue<Object> queue) {
        AtomicLong bytes = new AtomicLong();
        try {
            for (Object next = queue.take(); next != DONE; next = queue.take()) {
                FeatureMatrix matrix = (FeatureMatrix) next;
                matrix.frobeniusNorm();
                bytes.addAndGet(matrix.sizeInBytes());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return bytes.get();
    }
}
