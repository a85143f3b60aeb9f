package dev.proxystore.spring.peers;

import dev.proxystore.proxy.Proxies;
import dev.proxystore.store.Store;
import dev.proxystore.store.StoreFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** An application that hands out references to a Redis store and resolves the ones it is sent. */
@SpringBootApplication
public class PeerApplication {

    /** A request or response body holding a large list, which travels as a reference. */
    public record Numbers(List<Integer> numbers) {
    }

    @RestController
    static class PeerController {

        private final Store store;

        PeerController(Store store) {
            this.store = store;
        }

        @GetMapping("/numbers")
        Numbers numbers(@RequestParam int size) {
            List<Integer> numbers = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                numbers.add(i);
            }
            return new Numbers(store.proxy(numbers));
        }

        @PostMapping("/sum")
        Map<String, Object> sum(@RequestBody Numbers body) {
            boolean unresolved = Proxies.isProxy(body.numbers()) && !Proxies.isResolved(body.numbers());
            long sum = body.numbers().stream().mapToLong(Integer::longValue).sum();
            return Map.of("sum", sum, "arrivedUnresolved", unresolved,
                    "resolvedByOwnStore", StoreFactory.of(body.numbers()).store() == store);
        }
    }
}
