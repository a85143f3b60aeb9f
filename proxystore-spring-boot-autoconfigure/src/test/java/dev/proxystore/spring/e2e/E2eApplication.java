package dev.proxystore.spring.e2e;

import dev.proxystore.lifetime.Lifetime;
import dev.proxystore.proxy.Proxies;
import dev.proxystore.proxy.ProxyResolveMissingKeyException;
import dev.proxystore.spring.lifetime.ProxyLifetime;
import dev.proxystore.spring.lifetime.ProxyLifetimeScope;
import dev.proxystore.store.ProxyOptions;
import dev.proxystore.store.Store;
import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A small web application using the starter the way an application would. */
@SpringBootApplication
public class E2eApplication {

    /** A JSON body holding a large list, which travels as a proxy. */
    public record Batch(String name, List<Integer> numbers) {
    }

    /** What the server saw of a posted batch. */
    public record Summary(long sum, int size, boolean arrivedAsProxy, boolean arrivedResolved, int tallies) {
    }

    /** Per-lifetime state: one instance per {@link ProxyLifetimeScope#call}, destroyed when the call ends. */
    @Component
    @ProxyLifetime
    public static class Tally {

        static final AtomicInteger destroyed = new AtomicInteger();

        private int count;

        int increment() {
            return ++count;
        }

        @PreDestroy
        void destroy() {
            destroyed.incrementAndGet();
        }
    }

    @RestController
    static class BatchController {

        private final Store store;
        private final ProxyLifetimeScope lifetimes;
        private final Tally tally;

        BatchController(Store store, ProxyLifetimeScope lifetimes, Tally tally) {
            this.store = store;
            this.lifetimes = lifetimes;
            this.tally = tally;
        }

        /** A batch of {@code size} numbers; the list is stored and only a reference is sent. */
        @GetMapping("/batches")
        Batch batch(@RequestParam int size) {
            List<Integer> numbers = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                numbers.add(i);
            }
            // ephemeral: the object leaves the store when the receiver first uses it
            return new Batch("batch-" + size, store.proxy(numbers, ProxyOptions.defaults().withEvict(true)));
        }

        /** A list declared as a {@code List}: written as a reference all the same, never resolved by the write. */
        @GetMapping("/numbers")
        List<Integer> numbers(@RequestParam int size) {
            List<Integer> numbers = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                numbers.add(i);
            }
            return store.proxy(numbers, ProxyOptions.defaults().withEvict(true).withPopulateTarget(false));
        }

        /** Declared {@code List<Double>}, as in the user report: the proxy is written as a reference. */
        @GetMapping("/doubles")
        List<Double> doubles(@RequestParam int size) {
            List<Double> values = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                values.add(i / 2.0);
            }
            return store.proxy(values);
        }

        /** Declared {@code Map<String, Double>}. */
        @GetMapping("/totals")
        Map<String, Double> totals() {
            return store.proxy(new LinkedHashMap<>(Map.of("a", 1.5, "b", 2.5)),
                    ProxyOptions.defaults().withPopulateTarget(false));
        }

        /** Declared {@code Set<String>}. */
        @GetMapping("/labels")
        Set<String> labels() {
            return store.proxy(new HashSet<>(Set.of("x", "y")), ProxyOptions.defaults().withPopulateTarget(false));
        }

        /** Sums a posted batch inside a lifetime; a partial result stored in the lifetime is evicted at its end. */
        @PostMapping("/batches/sum")
        Summary sum(@RequestBody Batch batch) {
            boolean proxy = Proxies.isProxy(batch.numbers());
            boolean resolved = proxy && Proxies.isResolved(batch.numbers());
            return lifetimes.call(store, () -> {
                Lifetime lifetime = lifetimes.current().orElseThrow();
                long sum = 0;
                for (int n : batch.numbers()) {
                    sum += n;
                }
                store.put(sum, lifetime);
                tally.increment();
                return new Summary(sum, batch.numbers().size(), proxy, resolved, tally.increment());
            });
        }

        /** An ephemeral object that was already used, or an object whose lifetime ended. */
        @ExceptionHandler(ProxyResolveMissingKeyException.class)
        ResponseEntity<String> gone(ProxyResolveMissingKeyException e) {
            return ResponseEntity.status(HttpStatus.GONE).body(e.getMessage());
        }
    }
}
