package dev.proxystore.starter;

import dev.proxystore.store.Store;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.stereotype.Service;

/** An application whose only ProxyStore dependency is the starter. */
@SpringBootApplication
class StarterApplication {

    /** Injects the store like any other bean. */
    @Service
    static class Reports {

        private final Store store;

        Reports(Store store) {
            this.store = store;
        }

        List<Integer> publish(List<Integer> values) {
            return store.proxy(new ArrayList<>(values));
        }
    }
}
