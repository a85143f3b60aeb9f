package dev.proxystore.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proxystore.connector.ConnectorConfig;
import dev.proxystore.connector.LocalConnector;
import dev.proxystore.jackson.ProxyStoreJacksonModule;
import dev.proxystore.serialize.SerializerConfig;
import dev.proxystore.testing.JavaSerialization;
import dev.proxystore.testing.MutableClock;
import dev.proxystore.testing.Receiver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The receiver's side of references: keys, rotation, expiry and what unsigned references may do. */
class TrustPolicyTest {

    static final String OLD_KEY = "the key this cluster signed with until today";
    static final String NEW_KEY = "the key this cluster signs with from today on";

    final JsonMapper mapper = JsonMapper.builder().addModule(new ProxyStoreJacksonModule()).build();

    @Test
    void keysAreTextOrBase64OfAtLeastThirtyTwoBytes() {
        byte[] random = new byte[32];
        new java.security.SecureRandom().nextBytes(random);

        assertThat(TrustPolicy.builder().signingKey("base64:" + Base64.getEncoder().encodeToString(random)).build())
                .isNotNull();
        assertThat(TrustPolicy.builder().signingKey("base64:" + Base64.getUrlEncoder().encodeToString(random))
                .build()).isNotNull();
        assertThatIllegalArgumentException().isThrownBy(() -> TrustPolicy.builder().signingKey("too short"))
                .withMessageContaining("at least 32 bytes, was 9 bytes");
        assertThatIllegalArgumentException().isThrownBy(() -> TrustPolicy.builder().signingKey("base64:***"))
                .withMessageContaining("not base64");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> TrustPolicy.builder().previousSigningKeys(NEW_KEY, "short"))
                .withMessageContaining("previous signing key [1]");
    }

    @Test
    void eachSettingIsSetOnceAndTheKeyNeverShows() {
        TrustPolicy.Builder builder = TrustPolicy.builder().signingKey(NEW_KEY);

        assertThatIllegalStateException().isThrownBy(() -> builder.signingKey(OLD_KEY))
                .withMessage("the signing key was already set");
        assertThatIllegalStateException().isThrownBy(() -> builder.unsignedReferences(
                TrustPolicy.UnsignedReferences.ACCEPT).unsignedReferences(TrustPolicy.UnsignedReferences.REJECT))
                .withMessage("the unsigned references policy was already set");
        assertThat(builder.build().toString()).doesNotContain(NEW_KEY).doesNotContain("cluster");
    }

    @Test
    void aRotatedKeyVerifiesWhileListedAsPreviousAndIsRefusedOnceRemoved() {
        TrustPolicy before = TrustPolicy.builder().signingKey(OLD_KEY).build();
        byte[] signedBefore;
        try (Store store = Store.builder("rotating", new LocalConnector()).trustPolicy(before).register(true)
                .build()) {
            signedBefore = JavaSerialization.serialize(store.proxy(new ArrayList<>(List.of("still readable"))));

            try (Receiver during = Receiver.under(TrustPolicy.builder().signingKey(NEW_KEY)
                    .previousSigningKeys(OLD_KEY).build())) {
                List<String> read = JavaSerialization.deserialize(signedBefore);
                assertThat(read).containsExactly("still readable");
            }
            try (Receiver after = Receiver.under(TrustPolicy.builder().signingKey(NEW_KEY).build())) {
                // the default key of this JVM still verifies its own references, but not the old cluster key's
                assertThatThrownBy(() -> JavaSerialization.deserialize(signedBefore))
                        .isInstanceOf(UntrustedReferenceException.class)
                        .hasMessageContaining("does not verify");
            }
        }
    }

    @Test
    void anExpiredReferenceIsRefused() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-30T12:00:00Z"));
        TrustPolicy policy = TrustPolicy.builder().signingKey(NEW_KEY).clock(clock).build();
        try (Receiver receiver = Receiver.under(policy);
                Store store = Store.builder("expiring", new LocalConnector()).trustPolicy(policy).register(true)
                        .build()) {
            List<String> proxy = store.proxy(new ArrayList<>(List.of("brief")),
                    ProxyOptions.defaults().withReferenceExpiry(Duration.ofMinutes(5)));
            byte[] java = JavaSerialization.serialize(proxy);
            String json = mapper.writeValueAsString(proxy);

            clock.advance(Duration.ofMinutes(4));
            assertThat(JavaSerialization.<List<String>>deserialize(java)).containsExactly("brief");
            clock.advance(Duration.ofMinutes(2));
            assertThatThrownBy(() -> JavaSerialization.deserialize(java))
                    .isInstanceOf(UntrustedReferenceException.class)
                    .hasMessageContaining("expired at 2026-11-30T12:05:00Z");
            assertThatThrownBy(() -> mapper.readValue(json, new TypeReference<List<String>>() {}))
                    .isInstanceOf(MismatchedInputException.class)
                    .hasRootCauseInstanceOf(UntrustedReferenceException.class);
        }
    }

    @Test
    void unsignedReferencesAreRejectedReadOnlyOrAcceptedAsTheReceiverSays() {
        try (Store store = Store.builder("unsigned", new LocalConnector()).register(true).build()) {
            List<String> proxy = store.proxy(new ArrayList<>(List.of("v")));
            Key<?> key = StoreFactory.of(proxy).key();
            ObjectNode plain = (ObjectNode) mapper.readTree(mapper.writeValueAsString(proxy));
            plain.remove("tag");
            ObjectNode evicting = plain.deepCopy().put("evict", true);

            List<String> readOnly = read(TrustPolicy.UnsignedReferences.READ_ONLY, plain);
            assertThat(readOnly).containsExactly("v");
            assertThat(StoreFactory.of(readOnly).readOnly()).isTrue();
            assertThatThrownBy(() -> read(TrustPolicy.UnsignedReferences.READ_ONLY, evicting))
                    .hasRootCauseMessage("Refused a reference to store 'unsigned': it is unsigned, so this process"
                            + " reads it read-only, and it asks to evict its object (evict=true); a read-only"
                            + " reference never evicts, owns or waits");
            assertThatThrownBy(() -> read(TrustPolicy.UnsignedReferences.REJECT, plain))
                    .hasRootCauseMessage("Refused a reference to store 'unsigned': it is unsigned, and this process"
                            + " rejects unsigned references");
            List<String> accepted = read(TrustPolicy.UnsignedReferences.ACCEPT, evicting);
            assertThat(store.exists(key)).isTrue();
            assertThat(accepted).containsExactly("v");
            assertThat(store.exists(key)).as("accepted as written: evicted on resolve").isFalse();
        }
    }

    private List<String> read(TrustPolicy.UnsignedReferences policy, ObjectNode json) {
        StoreRegistry receiver = StoreRegistry.create(TrustPolicy.builder().unsignedReferences(policy).build());
        JsonMapper receiving = JsonMapper.builder().addModule(new ProxyStoreJacksonModule(receiver)).build();
        return receiving.readValue(json.toString(), new TypeReference<>() {});
    }

    @Test
    void referencesStaySmall() {
        try (Store store = Store.builder("sizes", new LocalConnector()).register(true).build()) {
            List<String> proxy = store.proxy(new ArrayList<>(List.of("x")));
            int java = JavaSerialization.serialize(proxy).length;
            int json = mapper.writeValueAsString(proxy).getBytes(StandardCharsets.UTF_8).length;

            System.out.println("signed reference: " + java + " bytes Java-serialized, " + json + " bytes of JSON");
            assertThat(java).isLessThan(500);
            assertThat(json).isLessThan(500);
        }
    }

    @Test
    void aTagMadeForOneFormVerifiesInTheOther() {
        try (Store store = Store.builder("forms", new LocalConnector()).register(true).build()) {
            List<String> proxy = store.proxy(new ArrayList<>(List.of("both")));
            List<String> viaJava = JavaSerialization.roundTrip(proxy);
            String json = mapper.writeValueAsString(viaJava);
            List<String> viaJson = mapper.readValue(json, new TypeReference<>() {});
            List<String> backToJava = JavaSerialization.roundTrip(viaJson);

            assertThat(json).contains("\"tag\"");
            assertThat(StoreFactory.of(backToJava).readOnly()).isFalse();
            assertThat(backToJava).containsExactly("both");
        }
    }

    @Test
    void aReferenceNamesTheStoreInstanceThatMadeIt() {
        Claims claims = Reference.of(new StoreFactory<>(new Key<>("k"), new StoreConfig("s",
                ConnectorConfig.unspecified(), 0, false, true, false, SerializerConfig.defaults())), "T").factory()
                .claims(Reference.Kind.PLAIN, "T", null, null);
        assertThat(claims.instance()).as("made by hand: no instance").isNull();
        try (Store store = new Store("instances", new LocalConnector())) {
            UUID instance = StoreFactory.of(store.proxy(new ArrayList<>(List.of(1)))).claims(Reference.Kind.PLAIN,
                    "T", null, null).instance();
            assertThat(instance).isEqualTo(store.instanceId());
        }
    }
}
