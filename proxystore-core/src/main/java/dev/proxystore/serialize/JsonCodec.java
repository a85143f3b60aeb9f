package dev.proxystore.serialize;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * Jackson JSON mapping restricted to an allow-list. Objects are written field by field (their state, not their
 * getters), with class-name type ids wherever the declared type does not pin down the class.
 */
final class JsonCodec {

    /** Longest number literal read; generous for BigInteger/BigDecimal, small enough to bound parsing cost. */
    private static final int MAX_NUMBER_LENGTH = 100_000;

    private final JsonMapper mapper;
    private final ObjectWriter objectWriter;
    private final ObjectReader objectReader;
    private final Map<Class<?>, Boolean> readableKeyTypes = new ConcurrentHashMap<>();

    JsonCodec(AllowList allowList) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxStringLength(Integer.MAX_VALUE)
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .build())
                // NaN and infinities as bare tokens: as strings they would read back as String where typed Object
                .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
                .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .build();
        AllowListTypeValidator validator = new AllowListTypeValidator(allowList);
        this.mapper = JsonMapper.builder(factory)
                .typeFactory(new AllowListTypeFactory(allowList))
                .polymorphicTypeValidator(validator)
                .setDefaultTyping(new AllowListTypeResolverBuilder(allowList, validator))
                .changeDefaultVisibility(checker -> checker
                        .withFieldVisibility(Visibility.ANY)
                        .withGetterVisibility(Visibility.NONE)
                        .withIsGetterVisibility(Visibility.NONE)
                        .withSetterVisibility(Visibility.NONE))
                .enable(MapperFeature.ALLOW_FINAL_FIELDS_AS_MUTATORS)
                .disable(EnumFeature.WRITE_ENUMS_USING_TO_STRING, EnumFeature.READ_ENUMS_USING_TO_STRING)
                .enable(DateTimeFeature.WRITE_DATES_WITH_ZONE_ID)
                .disable(DateTimeFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .addModule(new SimpleModule("proxystore-map-keys").setSerializerModifier(new MapKeyGuard()))
                .addModule(new SimpleModule("proxystore-references").setSerializerModifier(new ReferenceTypeGuard()))
                .addModule(BinaryArrays.module())
                .build();
        this.objectWriter = mapper.writerFor(Object.class);
        this.objectReader = mapper.readerFor(Object.class);
    }

    /** Writes {@code value}; with a key type, as a map with keys of that type (so they do not read back as text). */
    void write(Object value, @Nullable Class<?> keyType, OutputStream out) {
        ObjectWriter writer = keyType == null ? objectWriter : mapper.writerFor(mapType(keyType));
        writer.writeValue(out, value);
    }

    Object read(byte[] data, int offset, int length, @Nullable Class<?> keyType) {
        ObjectReader reader = keyType == null ? objectReader : objectReader.forType(mapType(keyType));
        return reader.readValue(data, offset, length);
    }

    /** Whether map keys of this class can be read back: Jackson finds key deserializers when it starts reading. */
    boolean canReadKeys(Class<?> keyType) {
        return readableKeyTypes.computeIfAbsent(keyType, type -> {
            try {
                objectReader.forType(mapType(type)).readValue("[\"java.util.LinkedHashMap\",{}]");
                return true;
            } catch (JacksonException e) {
                return false;
            }
        });
    }

    private JavaType mapType(Class<?> keyType) {
        return mapper.getTypeFactory().constructMapType(Map.class, keyType, Object.class);
    }
}
