package dev.proxystore.executor;

import dev.proxystore.proxy.Proxies;
import dev.proxystore.ref.Refs;
import dev.proxystore.serialize.Serializer;
import dev.proxystore.store.ProxyOptions;
import dev.proxystore.store.Store;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * Turns task results into store proxies by a {@link ProxyPolicy}: the heart of {@link StoreExecutor}, usable on its
 * own to adapt other executors (Spring's {@code @Async}, for example). Thread-safe.
 */
public final class ResultProxier {

    private final Store store;
    private final ProxyPolicy policy;
    private final boolean ownership;
    private final ProxyOptions options;

    private ResultProxier(Builder builder) {
        this.store = builder.store;
        this.policy = builder.policy;
        this.ownership = builder.ownership;
        this.options = builder.options;
    }

    /** A builder writing results to {@code store}. */
    public static Builder builder(Store store) {
        return new Builder(store);
    }

    /** The store results are written to. */
    public Store store() {
        return store;
    }

    /** {@code task} with its result proxied per the policy. */
    public <T> Callable<T> proxying(Callable<T> task) {
        Objects.requireNonNull(task, "task");
        return () -> proxyResult(task.call());
    }

    /**
     * The result as a proxy when the policy says so, else itself. Nulls, proxies and non-proxiable results (final
     * classes, records, ...) come back as they are.
     */
    public <T> @Nullable T proxyResult(@Nullable T result) {
        if (result == null || Proxies.isProxy(result)) {
            return result;
        }
        Class<?> type = options.type() != null ? options.type() : result.getClass();
        if (!type.isInstance(result) || !Proxies.isProxiable(type)) {
            return result;
        }
        Serializer writer = options.serializer() != null ? options.serializer() : store.serializer();
        byte[][] serialized = new byte[1][];
        ProxyPolicy.SerializedSize size = () -> {
            if (serialized[0] == null) {
                serialized[0] = writer.serialize(result);
            }
            return serialized[0].length;
        };
        if (!policy.shouldProxy(result, size)) {
            return result;
        }
        T proxy = store.proxy(result, serialized[0], options);
        return ownership ? Refs.intoOwned(proxy) : proxy;
    }

    /** Builds a {@link ResultProxier}. */
    public static final class Builder {

        private final Store store;
        private ProxyPolicy policy = ProxyPolicy.always();
        private boolean ownership;
        private ProxyOptions options = ProxyOptions.defaults();

        private Builder(Store store) {
            this.store = Objects.requireNonNull(store, "store");
        }

        /** Which results to proxy; default {@link ProxyPolicy#always()}. */
        public Builder policy(ProxyPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Whether results are owned proxies; default false. */
        public Builder ownership(boolean ownership) {
            this.ownership = ownership;
            return this;
        }

        /** Options for result proxies (lifetime, evict, populate-target). */
        public Builder proxyOptions(ProxyOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * The proxier.
         *
         * @throws IllegalArgumentException if ownership is combined with an evict flag or a lifetime
         */
        public ResultProxier build() {
            if (ownership && (options.evict() || options.lifetime() != null)) {
                throw new IllegalArgumentException("owned results are evicted by their owner: no evict or lifetime");
            }
            if (options.evict() && options.lifetime() != null) {
                throw new IllegalArgumentException("an ephemeral proxy (evict=true) cannot also belong to a lifetime");
            }
            return new ResultProxier(this);
        }
    }
}
