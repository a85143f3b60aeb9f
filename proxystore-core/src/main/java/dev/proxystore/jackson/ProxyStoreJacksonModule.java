package dev.proxystore.jackson;

import dev.proxystore.store.Reference;
import dev.proxystore.store.StoreRegistry;
import java.util.Objects;
import tools.jackson.core.Version;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.cfg.MapperBuilder;

/**
 * Jackson support for ProxyStore proxies: a store-backed proxy is written as a small, signed reference to its object in
 * the store instead of the object itself, and such a reference reads back as a new, unresolved proxy.
 *
 * <pre>{@code
 * JsonMapper mapper = JsonMapper.builder().addModule(new ProxyStoreJacksonModule()).build();
 * String json = mapper.writeValueAsString(new Job("train", store.proxy(bigMatrix))); // a few hundred bytes
 * Job job = mapper.readValue(json, Job.class);  // job.matrix() is an unresolved proxy; first use reads the store
 * }</pre>
 * The module is also found by {@code JsonMapper.builder().findAndAddModules()} (through
 * {@code META-INF/services/tools.jackson.databind.JacksonModule}): the discovered instance is the no-argument one,
 * which admits references under the policy of {@link StoreRegistry#global()} (see <em>Reading</em>), so discovery
 * never makes a mapper more trusting than the process-wide default.
 *
 * <h2>Writing</h2>
 * Any proxy whose factory is a {@link dev.proxystore.store.StoreFactory} is written, without being resolved, as
 * <pre>{@code
 * {"@proxystore":2,"store":"orders","key":"8f3c...","type":"java.util.ArrayList","evict":false,
 *  "instance":"x4Tq...","tag":"Jd9a..."}
 * }</pre>
 * (see {@link Reference} for the format): the store's name, the key, the proxied type (for humans only), the flags
 * and an HMAC tag over all of them; the store's connector config only where the store is configured to carry it
 * ({@link dev.proxystore.store.Store.Builder#referencesCarryConfig}). A proxy is written as a reference wherever it
 * appears: as a property, an element, or the root value, also where Jackson picks the serializer by a declared
 * collection, map or bean type ({@code writerFor(List.class)}, a Spring controller declared to return
 * {@code List<Double>} or {@code List<Matrix>}, a property under static typing). Type information of polymorphic
 * typing is not added to references: they are recognized by their marker. A proxy that waits for its object (of a
 * {@code StoreFuture}, or made with {@code ProxyOptions.withPolling}) is written as a future reference, version 3,
 * carrying how it polls; read back, it waits the same way, no longer than the receiver's
 * {@link dev.proxystore.store.TrustPolicy#maxFutureWait()}.
 *
 * <p>Other proxies cannot be written and fail with a {@link tools.jackson.databind.exc.InvalidDefinitionException}:
 * proxies with other factories, and ownership references (an ownership cannot move through JSON; write a plain proxy
 * of the same key instead, for example from {@code store.proxyFromKey}).
 *
 * <h2>Reading</h2>
 * Where the declared type of a value (a property, a record component, a collection element, a map value or the
 * root value) is an interface or a non-final class that can be proxied, a JSON object whose <em>first</em> property
 * is the marker reads back as an unresolved proxy of that declared type; any other JSON for that type is read by
 * the usual deserializer. The proxy is created from the declared type alone: the {@code type} property is never
 * used to load a class, and nothing is read from the store until the proxy is first used.
 *
 * <p>A reference is admitted under the {@link dev.proxystore.store.TrustPolicy} of the module's receiver (by default
 * {@link StoreRegistry#global()}), before any proxy exists: its tag must verify under one of the receiver's keys, an
 * unsigned one is read-only (it reads an object of a store the receiver has, and never evicts), and a store the
 * receiver lacks is re-created only where its policy allows. A refused reference, a malformed one (wrong version,
 * missing, mistyped or unknown fields), and one where the declared type cannot hold a proxy ({@code Object}, final
 * classes, records, JDK classes other than the collections and maps that {@link dev.proxystore.proxy.Proxies}
 * proxies as subclasses: declare an interface such as {@code Map} instead) fail with a
 * {@link tools.jackson.databind.exc.MismatchedInputException}; for a refused one its cause is the
 * {@link dev.proxystore.store.UntrustedReferenceException}. A declared {@code ArrayList} or {@code HashMap} reads as
 * a proxy that is one.
 *
 * <p>Limitations: values read through a deserializer named by {@code @JsonDeserialize} on the class, and objects
 * nested inside untyped content ({@code Map<String, Object>} values below the first level) are not checked for
 * the marker; a reference cannot be merged into an existing value ({@code @JsonMerge}, {@code readerForUpdating});
 * a proxy used as a map key is written through its {@code toString()}, which resolves it; where Jackson serializes
 * by a declared type whose class names its own serializer ({@code @JsonSerialize(using = ...)} on the class) or
 * has a {@code @JsonValue}, a proxy of it is written by that serializer, which resolves it.
 *
 * <p>One module of this class is in effect per mapper. A module created with a receiver takes precedence over a
 * no-argument one (such as the discovered one), in whatever order they were added, so
 * {@code builder.addModule(new ProxyStoreJacksonModule(strict)).findAndAddModules()} keeps the strict receiver;
 * among modules of the same kind, the one added last wins.
 *
 * <p>Spring's default JSON message converter (a plain {@code RestClient.create()}) adds the discovered modules, and so
 * this one. A mapper built without this module and without {@code findAndAddModules()} writes a proxy as the object
 * it stands for: it resolves the proxy and sends every element. Nothing in the proxy can detect that; register the
 * module with every mapper that may see proxies.
 */
public final class ProxyStoreJacksonModule extends JacksonModule {

    /** The name of the property that starts every reference. */
    public static final String MARKER = Reference.JSON_MARKER;

    /** The latest reference format version this module writes (plain references are written as version 2). */
    public static final int FORMAT_VERSION = Reference.JSON_VERSION;

    private final StoreRegistry receiver;

    /** Whether the receiver was given rather than defaulted to {@link StoreRegistry#global()}. */
    private final boolean receiverGiven;

    /**
     * A module whose references are admitted by {@link StoreRegistry#global()} (and the policy it applies: the
     * default {@link dev.proxystore.store.TrustPolicy}, or that of the registry attached to it, as in a Spring Boot
     * application). This is the instance {@code findAndAddModules()} discovers; a module with a receiver added to
     * the same mapper takes precedence over it.
     */
    public ProxyStoreJacksonModule() {
        this.receiver = StoreRegistry.global();
        this.receiverGiven = false;
    }

    /**
     * A module whose references are admitted by {@code receiver}: resolved against its stores, under its
     * {@link StoreRegistry#trustPolicy()}. Writing is unaffected.
     */
    public ProxyStoreJacksonModule(StoreRegistry receiver) {
        this.receiver = Objects.requireNonNull(receiver, "receiver");
        this.receiverGiven = true;
    }

    @Override
    public String getModuleName() {
        return "proxystore";
    }

    @Override
    public Version version() {
        return Version.unknownVersion();
    }

    /**
     * Modules with a receiver share one id, and so do no-argument ones: Jackson keeps the last module added for an
     * id, and {@link #setupModule} lets a module with a receiver win over a no-argument one.
     */
    @Override
    public Object getRegistrationId() {
        return receiverGiven ? getClass().getName() : getClass().getName() + "#global";
    }

    @Override
    public void setupModule(SetupContext context) {
        if (!receiverGiven && hasModuleWithReceiver(context.getOwner())) {
            return;
        }
        context.addSerializers(new ProxySerializers());
        context.addSerializerModifier(new ProxySerializerModifier());
        // Class-level @JsonSerialize of the proxied class would otherwise take precedence and resolve the proxy.
        context.insertAnnotationIntrospector(new ProxyAnnotationIntrospector());
        context.addDeserializerModifier(new ProxyDeserializerModifier(receiver));
    }

    private static boolean hasModuleWithReceiver(Object owner) {
        if (!(owner instanceof MapperBuilder<?, ?> builder)) {
            return false;
        }
        boolean[] found = {false};
        builder.withModules(module -> found[0] |= module instanceof ProxyStoreJacksonModule proxyStore
                && proxyStore.receiverGiven);
        return found[0];
    }
}
