package dev.proxystore.spring.jackson;

import dev.proxystore.jackson.ProxyStoreJacksonModule;
import dev.proxystore.spring.ProxyStoreAutoConfiguration;
import dev.proxystore.spring.ProxyStoreProperties;
import dev.proxystore.store.StoreRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.json.JsonMapper;

/**
 * Auto-configuration of the {@link ProxyStoreJacksonModule} bean, which Spring Boot adds to its {@link JsonMapper}: a
 * store proxy in a JSON body (a REST response, a message) is written as a small reference to its object, and a
 * reference in a request body reads back as an unresolved proxy.
 *
 * <p>References are admitted by the application's {@link StoreRegistry} under its trust policy
 * ({@code proxystore.security.*}): one whose tag does not verify, an unsigned one asking for more than a read, or one
 * naming a store the application neither has nor may re-create fails to deserialize, so a request body holding it gets
 * a 400.
 */
@AutoConfiguration(after = ProxyStoreAutoConfiguration.class,
        beforeName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnClass(name = {"tools.jackson.databind.json.JsonMapper", "dev.proxystore.jackson.ProxyStoreJacksonModule",
        "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration"})
@ConditionalOnBean({StoreRegistry.class, ProxyStoreProperties.class})
@ConditionalOnBooleanProperty(name = {"proxystore.enabled", "proxystore.jackson.enabled"}, matchIfMissing = true)
public final class ProxyStoreJacksonAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ProxyStoreJacksonModule proxyStoreJacksonModule(StoreRegistry registry) {
        return new ProxyStoreJacksonModule(registry);
    }
}
