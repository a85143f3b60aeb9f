package dev.proxystore.spring;

import dev.proxystore.serialize.Serializer;
import dev.proxystore.spring.ProxyStoreProperties.RecreateStores;
import dev.proxystore.spring.ProxyStoreProperties.Security;
import dev.proxystore.store.TrustPolicy;
import java.nio.file.Path;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Builds the application's {@link TrustPolicy} from {@code proxystore.security.*}. A bad value fails startup with the
 * property named; a key's value is never shown ({@link InvalidSigningKeyException}).
 */
final class TrustPolicies {

    private static final String SECURITY = ProxyStoreProperties.PREFIX + ".security";

    private TrustPolicies() {
    }

    static TrustPolicy of(Security security, Serializer serializer) {
        TrustPolicy.Builder builder = TrustPolicy.builder()
                .unsignedReferences(security.getUnsignedReferences())
                .serializer(serializer);
        String signingKey = security.getSigningKey();
        if (signingKey != null && !signingKey.isEmpty()) {
            try {
                builder.signingKey(signingKey);
            } catch (IllegalArgumentException e) {
                throw new InvalidSigningKeyException(SECURITY + ".signing-key", e.getMessage() + ".");
            }
        }
        try {
            builder.previousSigningKeys(security.getPreviousSigningKeys());
        } catch (IllegalArgumentException e) {
            throw new InvalidSigningKeyException(SECURITY + ".previous-signing-keys", e.getMessage() + ".");
        }
        try {
            builder.maxFutureWait(security.getMaxFutureWait());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationPropertyValueException(SECURITY + ".max-future-wait",
                    security.getMaxFutureWait(), "It must be positive.");
        }
        RecreateStores recreate = security.getRecreateStores();
        String at = SECURITY + ".recreate-stores.";
        try {
            builder.recreateStores(recreate.getConnectorTypes().toArray(String[]::new));
            builder.allowServers(recreate.getServers().toArray(String[]::new));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationPropertyValueException(at + "servers", recreate.getServers(),
                    e.getMessage() + ". Use host:port.");
        }
        builder.allowDirectories(recreate.getDirectories().toArray(Path[]::new));
        try {
            builder.maxRecreatedStores(recreate.getMaxStores());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationPropertyValueException(at + "max-stores", recreate.getMaxStores(),
                    "It must be 1 or more.");
        }
        try {
            builder.recreatedStoreIdleTimeout(recreate.getIdleTimeout());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationPropertyValueException(at + "idle-timeout", recreate.getIdleTimeout(),
                    "It must be positive.");
        }
        try {
            builder.maxConnectorTimeout(recreate.getMaxTimeout());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationPropertyValueException(at + "max-timeout", recreate.getMaxTimeout(),
                    "It must be positive.");
        }
        return builder.build();
    }
}
