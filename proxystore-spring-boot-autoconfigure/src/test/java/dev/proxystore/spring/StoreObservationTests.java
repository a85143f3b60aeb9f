package dev.proxystore.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxystore.store.Key;
import dev.proxystore.store.Store;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Stores are observed in the application's observation registry, as Boot's own clients are. */
class StoreObservationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
                    ProxyStoreAutoConfiguration.class))
            .withBean(Recorder.class, Recorder::new)
            .withPropertyValues("proxystore.stores.objects.cache-size=0");

    @Test
    void putsAndGetsAreObservationsOfTheApplicationsRegistry() {
        runner.run(context -> {
            Store store = context.getBean(Store.class);
            Key<String> key = store.put("traced");
            store.get(key);

            assertThat(context.getBean(Recorder.class).names).containsExactly("proxystore.put", "proxystore.get");
        });
    }

    @Test
    void bootsObservationPropertiesTurnThemOff() {
        runner.withPropertyValues("management.observations.enable.proxystore=false").run(context -> {
            Store store = context.getBean(Store.class);
            store.get(store.put("untraced"));

            assertThat(context.getBean(Recorder.class).names).isEmpty();
        });
    }

    @Test
    void withoutMicrometerObservationStoresWorkUnobserved() {
        runner.withClassLoader(new FilteredClassLoader("io.micrometer.observation"))
                .withConfiguration(AutoConfigurations.of(ProxyStoreAutoConfiguration.class))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Store store = context.getBean(Store.class);
                    assertThat(store.get(store.put("plain"))).contains("plain");
                });
    }

    /** Records the name of every observation that stops. */
    static final class Recorder implements ObservationHandler<Observation.Context> {

        final List<String> names = new CopyOnWriteArrayList<>();

        @Override
        public void onStop(Observation.Context context) {
            names.add(context.getName());
        }

        @Override
        public boolean supportsContext(Observation.Context context) {
            return true;
        }
    }
}
