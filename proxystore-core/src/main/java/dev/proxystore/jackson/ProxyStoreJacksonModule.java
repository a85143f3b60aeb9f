package dev.proxystore.jackson;

import dev.proxystore.store.StoreConfig;
import java.util.Objects;
import java.util.function.Predicate;
import tools.jackson.core.Version;
import tools.jackson.databind.JacksonModule;

/**
 * Jackson support for ProxyStore proxies: a store-backed proxy is written as a small reference to its object in the
 * store instead of the object itself, and such a reference reads back as a new, unresolved proxy.
 *
 * <pre>{@code
 * JsonMapper mapper = JsonMapper.builder().addModule(new ProxyStoreJacksonModule()).build();
 * String json = mapper.writeValueAsString(new Job("train", store.proxy(bigMatrix))); // a few hundred bytes
 * Job job = mapper.readValue(json, Job.class);  // job.matrix() is an unresolved proxy; first use reads the store
 * }</pre>
 *
 * <h2>Writing</h2>
 * Any proxy whose factory is a {@link dev.proxystore.store.StoreFactory} is written, without being resolved, as
 * <pre>{@code
 * {"@proxystore":1,
 *  "store":{"name":"s","connector":{"type":"file","options":{"directory":"/data"}},"cacheSize":16,
 *           "metrics":false,"populateTarget":true,"register":false,
 *           "serializer":{"type":"default","trustedPackages":["com.example"]}},
 *  "key":"8f3c...","evict":false,"type":"java.util.ArrayList"}
 * }</pre>
 * The marker property {@value #MARKER} comes first and holds the format version ({@value #FORMAT_VERSION}).
 * {@code store} is the {@link dev.proxystore.store.StoreConfig}; a top-level {@code serializer} object follows
 * {@code evict} only when the object was written with a serializer other than the store's. {@code type} is the
 * proxied type, for humans only. Type information of polymorphic typing ({@code @JsonTypeInfo}, default typing) is
 * not added to references: they are recognized by their marker.
 *
 * <p>Proxies that are not backed by a plain store factory cannot be written and fail with a
 * {@link tools.jackson.databind.exc.InvalidDefinitionException}: proxies with other factories, ownership references
 * (owned or borrowed proxies, since an ownership cannot move through JSON; write a plain proxy of the same key
 * instead, for example from {@code store.proxyFromKey}) and proxies of {@code StoreFuture} results (a reference
 * cannot wait for a result that is not written yet).
 *
 * <h2>Reading</h2>
 * Where the declared type of a value (a property, a record component, a collection element, a map value or the
 * root value) is an interface or a non-final class that can be proxied, a JSON object whose <em>first</em> property
 * is the marker reads back as an unresolved proxy of that declared type; any other JSON for that type is read by
 * the usual deserializer. The proxy is created from the declared type alone: the {@code type} property is never
 * used to load a class, and nothing is read from the store until the proxy is first used. Resolving finds the
 * store by name in {@link dev.proxystore.store.StoreRegistry#global()}, or re-creates it from the reference's
 * config, exactly as for a Java-deserialized proxy, so a reference is only as trustworthy as its source: a
 * re-created store connects wherever its config says (a Redis host, a file directory). Where JSON comes from
 * untrusted clients, accept references to known stores only:
 * <pre>{@code
 * new ProxyStoreJacksonModule(config -> StoreRegistry.global().get(config.name()).isPresent())
 * }</pre>
 *
 * <p>A malformed reference (wrong version, missing or mistyped fields, unknown fields), a reference to a store the
 * module does not accept, and a reference where the declared type cannot hold a proxy ({@code Object}, final
 * classes, records, JDK classes such as {@code ArrayList}, which are proxied through their interfaces: declare
 * {@code List} instead) fail with a {@link tools.jackson.databind.exc.MismatchedInputException}.
 *
 * <p>Limitations: values read through a deserializer named by {@code @JsonDeserialize} on the class, and objects
 * nested inside untyped content ({@code Map<String, Object>} values below the first level) are not checked for
 * the marker; a reference cannot be merged into an existing value ({@code @JsonMerge}, {@code readerForUpdating});
 * a proxy used as a map key is written through its {@code toString()}, which resolves it. Jackson registers one
 * module of this class per mapper: the first one added wins.
 */
public final class ProxyStoreJacksonModule extends JacksonModule {

    /** The name of the property that starts every reference. */
    public static final String MARKER = "@proxystore";

    /** The reference format version this module writes and reads. */
    public static final int FORMAT_VERSION = 1;

    private final Predicate<? super StoreConfig> acceptStore;

    /** A module that reads references to any store. */
    public ProxyStoreJacksonModule() {
        this(config -> true);
    }

    /**
     * A module that reads only references whose store config {@code acceptStore} accepts; the others fail with a
     * {@link tools.jackson.databind.exc.MismatchedInputException} before any proxy exists. Writing is unaffected.
     */
    public ProxyStoreJacksonModule(Predicate<? super StoreConfig> acceptStore) {
        this.acceptStore = Objects.requireNonNull(acceptStore, "acceptStore");
    }

    @Override
    public String getModuleName() {
        return "proxystore";
    }

    @Override
    public Version version() {
        return Version.unknownVersion();
    }

    @Override
    public void setupModule(SetupContext context) {
        context.addSerializers(new ProxySerializers());
        // Class-level @JsonSerialize of the proxied class would otherwise take precedence and resolve the proxy.
        context.insertAnnotationIntrospector(new ProxyAnnotationIntrospector());
        context.addDeserializerModifier(new ProxyDeserializerModifier(acceptStore));
    }
}
