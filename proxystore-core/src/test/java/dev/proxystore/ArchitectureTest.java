package dev.proxystore;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import dev.proxystore.lifetime.Lifetime;
import dev.proxystore.proxy.ProxyResolveMissingKeyException;
import dev.proxystore.ref.Refs;
import dev.proxystore.store.Key;
import dev.proxystore.store.ProxyOptions;
import dev.proxystore.store.Store;
import org.junit.jupiter.api.Test;

/**
 * The core's packages form layers without cycles: {@code serialize}, {@code connector} and {@code proxy} at the
 * bottom, {@code store} on them, {@code lifetime} and {@code ref} on the store, {@code executor}, {@code jackson} and
 * {@code stream} on top; and the core depends on neither Spring Boot, Spring Data, Lettuce nor, but for its
 * bindings (store metrics, observations, stream metrics), Micrometer.
 *
 * <p>The pinned public API names types of a higher layer in three places, and those edges alone point upward:
 * {@link ProxyResolveMissingKeyException#key()} returns a {@link Key}; {@link Store#put(Object, Lifetime)} and
 * {@link ProxyOptions#withLifetime} take a {@link Lifetime}, of whose package the store uses nothing but that
 * interface; {@link Store#ownedProxy(Object)} hands the new owner to {@link Refs}.
 */
class ArchitectureTest {

    static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.proxystore");

    @Test
    void thePackagesAreLayered() {
        withPinnedEdges(layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("serialize").definedBy("dev.proxystore.serialize..")
                .layer("connector").definedBy("dev.proxystore.connector..")
                .layer("proxy").definedBy("dev.proxystore.proxy..")
                .layer("store").definedBy("dev.proxystore.store..")
                .layer("lifetime").definedBy("dev.proxystore.lifetime..")
                .layer("ref").definedBy("dev.proxystore.ref..")
                .layer("executor").definedBy("dev.proxystore.executor..")
                .layer("jackson").definedBy("dev.proxystore.jackson..")
                .layer("stream").definedBy("dev.proxystore.stream..")
                .whereLayer("stream").mayNotBeAccessedByAnyLayer()
                .whereLayer("jackson").mayNotBeAccessedByAnyLayer()
                .whereLayer("executor").mayNotBeAccessedByAnyLayer()
                .whereLayer("ref").mayOnlyBeAccessedByLayers("executor", "jackson")
                .whereLayer("lifetime").mayOnlyBeAccessedByLayers("ref", "executor", "jackson", "stream")
                .whereLayer("store").mayOnlyBeAccessedByLayers("lifetime", "ref", "executor", "jackson", "stream")
                .whereLayer("proxy").mayOnlyBeAccessedByLayers("store", "lifetime", "ref", "executor", "jackson",
                        "stream")
                .whereLayer("connector").mayOnlyBeAccessedByLayers("store", "lifetime", "ref", "executor", "jackson",
                        "stream")
                .whereLayer("serialize").mayOnlyBeAccessedByLayers("connector", "proxy", "store", "lifetime", "ref",
                        "executor", "jackson", "stream"))
                .check(CORE);
    }

    @Test
    void thePackagesHaveNoCycles() {
        slices().matching("dev.proxystore.(*)..").should().beFreeOfCycles()
                .ignoreDependency(equivalentTo(ProxyResolveMissingKeyException.class), equivalentTo(Key.class))
                .ignoreDependency(resideInAPackage("dev.proxystore.store"), equivalentTo(Lifetime.class))
                .ignoreDependency(equivalentTo(storeClass("ProxyMaker")), equivalentTo(Refs.class))
                .check(CORE);
    }

    @Test
    void theCoreDependsOnNoSpringBootSpringDataOrLettuce() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.springframework.boot..",
                        "org.springframework.data..", "io.lettuce..", "org.springframework.context..",
                        "org.springframework.beans..")
                .check(CORE);
    }

    @Test
    void onlyTheMicrometerBindingsTouchMicrometer() {
        noClasses().that().doNotHaveFullyQualifiedName("dev.proxystore.store.MicrometerStoreMetrics")
                .and().doNotHaveFullyQualifiedName("dev.proxystore.store.MicrometerStoreObservations")
                .and().doNotHaveFullyQualifiedName("dev.proxystore.store.Store$Builder")
                .and().doNotHaveFullyQualifiedName("dev.proxystore.store.Store$Micrometer")
                .and().doNotHaveFullyQualifiedName("dev.proxystore.stream.MicrometerStreamMetrics")
                .and().doNotHaveFullyQualifiedName("dev.proxystore.stream.StreamMetrics")
                .should().dependOnClassesThat().resideInAPackage("io.micrometer..")
                .because("Micrometer is optional: the pinned Store.Builder.meterRegistry, Store.Builder.observationRegistry"
                        + " and StreamMetrics.micrometer name it, and only stores and streams that use it load a binding")
                .check(CORE);
    }

    private static LayeredArchitecture withPinnedEdges(LayeredArchitecture layers) {
        return layers
                .ignoreDependency(equivalentTo(ProxyResolveMissingKeyException.class), equivalentTo(Key.class))
                .ignoreDependency(resideInAPackage("dev.proxystore.store"), equivalentTo(Lifetime.class))
                .ignoreDependency(equivalentTo(storeClass("ProxyMaker")), equivalentTo(Refs.class));
    }

    private static Class<?> storeClass(String simpleName) {
        try {
            return Class.forName("dev.proxystore.store." + simpleName);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }
}
