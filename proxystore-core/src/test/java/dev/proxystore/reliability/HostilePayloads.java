package dev.proxystore.reliability;

import dev.proxystore.reliability.model.Kind;
import dev.proxystore.reliability.model.Pair;
import dev.proxystore.reliability.model.Sample;
import dev.proxystore.serialize.Serializer;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Deterministic generator of hostile envelopes: valid envelopes of every format, mutated at the byte level and, for
 * JSON, at the level of class names and type ids; forged headers; spliced envelopes; random bytes; generated JSON
 * documents naming untrusted classes. Each payload comes with a short description of how it was made, for failure
 * reports.
 */
final class HostilePayloads {

    static final String CANARY = "dev.proxystore.reliability.canary.Canary";
    static final String SERIAL_CANARY = "dev.proxystore.reliability.canary.SerializableCanary";
    static final String MODEL_PACKAGE = "dev.proxystore.reliability.model";

    /** Classes no payload may get instantiated: the canaries, JDK gadgets and untrusted classes on the classpath. */
    static final List<String> HOSTILE_CLASSES = List.of(
            CANARY,
            SERIAL_CANARY,
            "java.lang.ProcessBuilder",
            "java.lang.Runtime",
            "java.lang.Thread",
            "java.lang.Class",
            "java.lang.ClassLoader",
            "java.net.URLClassLoader",
            "java.net.URL",
            "java.io.File",
            "java.io.FileOutputStream",
            "java.util.logging.FileHandler",
            "java.util.concurrent.ThreadPoolExecutor",
            "javax.script.ScriptEngineManager",
            "javax.naming.InitialContext",
            "javax.management.remote.rmi.RMIConnector",
            "com.sun.org.apache.xalan.internal.xsltc.trax.TemplatesImpl",
            "com.sun.rowset.JdbcRowSetImpl",
            "jdk.internal.misc.Unsafe",
            "sun.misc.Unsafe",
            "org.springframework.core.io.FileSystemResource",
            "io.lettuce.core.RedisClient",
            "dev.proxystore.store.Store",
            "dev.proxystore.connector.FileConnector",
            "dev.proxystore.reliability.modelx.Evil");

    /** Class names that may legitimately appear in type ids: trusted, so the mutator swaps between them too. */
    static final List<String> TRUSTED_CLASSES = List.of(
            "java.util.ArrayList", "java.util.LinkedList", "java.util.HashMap", "java.util.LinkedHashMap",
            "java.util.TreeMap", "java.util.HashSet", "java.util.TreeSet", "java.util.EnumMap", "java.lang.String",
            "java.lang.Integer", "java.lang.Long", "java.math.BigDecimal", "java.util.UUID", "java.time.Instant",
            MODEL_PACKAGE + ".Sample", MODEL_PACKAGE + ".Pair", MODEL_PACKAGE + ".Kind");

    private static final byte[] MAGIC = {'P', 'X', 'S', (byte) 0xF0};
    private static final int HEADER = 10;
    private static final int JSON = 10;
    private static final int[] INTERESTING_INTS = {0, 1, -1, 2, 7, 8, 9, 10, 0x7F, 0x80, 0xFF, 0x100, 0xFFFF,
            0x10000, 0x7FFFFFFF, 0x7FFFFFF7, 0x80000000, 0xFFFFFFFE, 1 << 30, 1 << 20};

    private final Random random;
    private final List<Seed> seeds;
    private final List<Seed> jsonSeeds;

    /** One generated payload and how it was made. */
    record Payload(byte[] data, String description) {
    }

    /** A valid envelope and what it holds. */
    record Seed(byte[] data, String description, boolean json) {
    }

    HostilePayloads(long seed, Serializer serializer) {
        this.random = new Random(seed);
        this.seeds = seeds(serializer, new Random(seed ^ 0x9E3779B97F4A7C15L));
        this.jsonSeeds = this.seeds.stream().filter(Seed::json).toList();
    }

    List<Seed> seeds() {
        return seeds;
    }

    /** The next payload. */
    Payload next() {
        int choice = random.nextInt(100);
        if (choice < 6) {
            return randomBytes();
        }
        if (choice < 10) {
            return randomWithValidHeader();
        }
        if (choice < 22) {
            return generatedJson();
        }
        if (choice < 50) {
            return mutateJson(jsonSeeds.get(random.nextInt(jsonSeeds.size())));
        }
        Seed seed = seeds.get(random.nextInt(seeds.size()));
        if (choice < 60) {
            return forgeHeader(seed);
        }
        if (choice < 64) {
            return splice(seed, seeds.get(random.nextInt(seeds.size())));
        }
        return mutateBytes(seed);
    }

    // ---- seeds ----

    private static List<Seed> seeds(Serializer serializer, Random random) {
        List<Object> values = new ArrayList<>();
        byte[] bytes = new byte[64 + random.nextInt(512)];
        random.nextBytes(bytes);
        values.add(bytes);
        values.add(new byte[0]);
        values.add("plain ascii text " + random.nextLong());
        values.add("unicode \u00e9\u4e2d\ud83d\ude00 text");
        values.add("unpaired \ud800 surrogate");
        values.add(new boolean[] {true, false, true, true});
        values.add(new char[] {'a', '\u4e2d', '\ud800'});
        values.add(new short[] {1, -2, Short.MAX_VALUE});
        values.add(new int[] {1, 2, 3, Integer.MIN_VALUE});
        values.add(new long[] {Long.MAX_VALUE, 0, -1});
        values.add(new float[] {1.5f, Float.NaN, Float.NEGATIVE_INFINITY});
        values.add(new double[] {Math.PI, -0.0, Double.MAX_VALUE});
        values.add(new ArrayList<>(List.of(1, "two", 3.0, true, new ArrayList<>(List.of("nested")))));
        Map<String, Object> map = new HashMap<>();
        map.put("int", 42);
        map.put("list", new ArrayList<>(List.of(1L, BigInteger.TEN)));
        map.put("map", new LinkedHashMap<>(Map.of("k", "v")));
        map.put("uuid", UUID.nameUUIDFromBytes(new byte[] {1}));
        map.put("date", LocalDate.of(2024, 2, 29));
        values.add(map);
        Map<Integer, String> intKeys = new HashMap<>();
        intKeys.put(1, "one");
        intKeys.put(2, "two");
        values.add(intKeys);
        Map<UUID, Object> uuidKeys = new TreeMap<>();
        uuidKeys.put(UUID.nameUUIDFromBytes(new byte[] {2}), Duration.ofSeconds(5));
        values.add(uuidKeys);
        EnumMap<Kind, Object> enumMap = new EnumMap<>(Kind.class);
        enumMap.put(Kind.SMALL, new ArrayList<>(List.of(Kind.LARGE)));
        values.add(enumMap);
        values.add(new Pair("p", 7, new ArrayList<>(List.of("a", "b"))));
        Sample inner = new Sample("inner", 1, new ArrayList<>(List.of(new Pair("q", 1, List.of()))),
                new HashMap<>(Map.of("x", 1)), Kind.SMALL, new double[] {1, 2}, Instant.ofEpochSecond(1),
                new BigDecimal("1.50"), null, Kind.HOSTILE);
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("pair", new Pair("r", 2, new ArrayList<>(List.of("c"))));
        attributes.put("sample", inner);
        attributes.put("numbers", new ArrayList<>(List.of(1, 2L, 3.5, new BigDecimal("4.25"))));
        values.add(new Sample("outer", 3, new ArrayList<>(List.of(inner, "s", 5, new HashMap<>(Map.of("k", inner)))),
                attributes, new ArrayList<>(List.of(new Pair("s", 3, List.of("d")))), new double[] {3},
                Instant.ofEpochSecond(2), BigDecimal.TEN, inner, Kind.LARGE));
        List<Seed> seeds = new ArrayList<>();
        for (Object value : values) {
            byte[] data = serializer.serialize(value);
            seeds.add(new Seed(data, "seed " + value.getClass().getSimpleName(), data[5] == JSON));
        }
        return List.copyOf(seeds);
    }

    // ---- byte-level mutations ----

    private Payload mutateBytes(Seed seed) {
        byte[] data = seed.data().clone();
        StringBuilder how = new StringBuilder(seed.description());
        int rounds = 1 + random.nextInt(4);
        for (int r = 0; r < rounds; r++) {
            switch (random.nextInt(7)) {
                case 0 -> {
                    int bits = 1 + random.nextInt(8);
                    for (int i = 0; i < bits && data.length > 0; i++) {
                        int at = random.nextInt(data.length);
                        data[at] ^= (byte) (1 << random.nextInt(8));
                    }
                    how.append(" +flip").append(bits);
                }
                case 1 -> {
                    if (data.length > 0) {
                        int at = random.nextInt(data.length);
                        data[at] = (byte) random.nextInt(256);
                        how.append(" +byte@").append(at);
                    }
                }
                case 2 -> {
                    if (data.length > 0) {
                        int at = random.nextInt(Math.min(data.length, HEADER + 8));
                        data[at] = (byte) INTERESTING_INTS[random.nextInt(INTERESTING_INTS.length)];
                        how.append(" +header@").append(at);
                    }
                }
                case 3 -> {
                    int length = data.length == 0 ? 0 : random.nextInt(data.length);
                    data = java.util.Arrays.copyOf(data, length);
                    how.append(" +truncate").append(length);
                }
                case 4 -> {
                    byte[] extra = new byte[1 + random.nextInt(32)];
                    random.nextBytes(extra);
                    byte[] longer = java.util.Arrays.copyOf(data, data.length + extra.length);
                    System.arraycopy(extra, 0, longer, data.length, extra.length);
                    data = longer;
                    how.append(" +append").append(extra.length);
                }
                case 5 -> {
                    if (data.length > HEADER + 2) {
                        int from = HEADER + random.nextInt(data.length - HEADER - 1);
                        int to = from + random.nextInt(Math.min(16, data.length - from));
                        byte[] shorter = new byte[data.length - (to - from)];
                        System.arraycopy(data, 0, shorter, 0, from);
                        System.arraycopy(data, to, shorter, from, data.length - to);
                        data = shorter;
                        how.append(" +cut").append(from).append('-').append(to);
                    }
                }
                default -> {
                    if (data.length > HEADER + 2) {
                        int from = HEADER + random.nextInt(data.length - HEADER - 1);
                        int length = 1 + random.nextInt(Math.min(16, data.length - from));
                        byte[] longer = new byte[data.length + length];
                        System.arraycopy(data, 0, longer, 0, from + length);
                        System.arraycopy(data, from, longer, from + length, data.length - from);
                        data = longer;
                        how.append(" +dup").append(from).append('+').append(length);
                    }
                }
            }
        }
        if (random.nextBoolean()) {
            fixLength(data);
            how.append(" +fixlen");
        }
        return new Payload(data, how.toString());
    }

    private Payload forgeHeader(Seed seed) {
        byte[] data = seed.data().clone();
        String how;
        switch (random.nextInt(4)) {
            case 0 -> {
                int length = INTERESTING_INTS[random.nextInt(INTERESTING_INTS.length)];
                putInt(data, 6, length);
                how = " forged length " + Integer.toUnsignedString(length);
            }
            case 1 -> {
                int delta = random.nextInt(17) - 8;
                putInt(data, 6, data.length - HEADER + delta);
                how = " length off by " + delta;
            }
            case 2 -> {
                data[5] = (byte) random.nextInt(256);
                how = " format " + (data[5] & 0xFF);
            }
            default -> {
                data[4] = (byte) random.nextInt(256);
                how = " version " + (data[4] & 0xFF);
            }
        }
        return new Payload(data, seed.description() + how);
    }

    private Payload splice(Seed first, Seed second) {
        int cut1 = cutPoint(first.data());
        int cut2 = cutPoint(second.data());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(first.data(), 0, cut1);
        out.write(second.data(), cut2, second.data().length - cut2);
        byte[] data = out.toByteArray();
        if (random.nextBoolean() && data.length >= HEADER) {
            fixLength(data);
        }
        return new Payload(data, "splice " + first.description() + "[0," + cut1 + ") + " + second.description()
                + "[" + cut2 + ",)");
    }

    /** A position from the end of the header to the end of {@code data}. */
    private int cutPoint(byte[] data) {
        return Math.min(data.length, HEADER + random.nextInt(Math.max(1, data.length - HEADER + 1)));
    }

    private Payload randomBytes() {
        byte[] data = new byte[random.nextInt(300)];
        random.nextBytes(data);
        return new Payload(data, "random " + data.length + " bytes");
    }

    private Payload randomWithValidHeader() {
        byte[] body = new byte[random.nextInt(200)];
        random.nextBytes(body);
        int format = random.nextInt(13);
        return new Payload(envelope(format, body), "random body of " + body.length + " bytes, format " + format);
    }

    // ---- JSON-level mutations ----

    private Payload mutateJson(Seed seed) {
        Json json = Json.parse(seed.data());
        StringBuilder how = new StringBuilder(seed.description());
        int rounds = 1 + random.nextInt(3);
        for (int r = 0; r < rounds; r++) {
            switch (random.nextInt(9)) {
                case 0 -> {
                    json.root = hostile();
                    how.append(" +root=").append(json.root);
                }
                case 1 -> {
                    json.key = random.nextBoolean() ? hostile() : pick(TRUSTED_CLASSES);
                    how.append(" +key=").append(json.key);
                }
                case 2, 3 -> {
                    String replacement = hostileTypeId();
                    json.document = replaceQuotedClassName(json.document, replacement);
                    how.append(" +typeid=").append(replacement);
                }
                case 4 -> {
                    String replacement = pick(TRUSTED_CLASSES);
                    json.document = replaceQuotedClassName(json.document, replacement);
                    json.root = random.nextBoolean() ? replacement : json.root;
                    how.append(" +swap=").append(replacement);
                }
                case 5 -> {
                    int at = random.nextInt(json.document.length() + 1);
                    String inserted = "[\"" + hostileTypeId() + "\",{\"payload\":\"x\"}],";
                    json.document = json.document.substring(0, at) + inserted + json.document.substring(at);
                    how.append(" +insert@").append(at);
                }
                case 6 -> {
                    if (!json.document.isEmpty()) {
                        int at = random.nextInt(json.document.length());
                        String alphabet = "[]{}\",:0-.eE\\ntfu";
                        char c = alphabet.charAt(random.nextInt(alphabet.length()));
                        json.document = json.document.substring(0, at) + c + json.document.substring(at + 1);
                        how.append(" +char@").append(at);
                    }
                }
                case 7 -> {
                    int depth = random.nextBoolean() ? 1_000 + random.nextInt(4_000) : 100 + random.nextInt(400);
                    String open = random.nextBoolean() ? "[\"java.util.ArrayList\",[" : "[";
                    json.document = open.repeat(depth) + json.document;
                    how.append(" +nest").append(depth);
                }
                default -> {
                    int digits = random.nextInt(10) == 0 ? 100_001 + random.nextInt(1_000) : 1 + random.nextInt(400);
                    json.document = json.document.replaceFirst("\\d+", "9".repeat(digits));
                    how.append(" +bignum");
                }
            }
        }
        return new Payload(json.toEnvelope(), how.toString());
    }

    private Payload generatedJson() {
        String root = random.nextInt(4) == 0 ? hostile() : pick(TRUSTED_CLASSES);
        StringBuilder document = new StringBuilder();
        value(document, 0, root);
        String key = random.nextInt(6) == 0 ? (random.nextBoolean() ? hostile() : pick(TRUSTED_CLASSES)) : "";
        return new Payload(jsonEnvelope(root, key, document.toString()),
                "generated json root=" + root + " key=" + key);
    }

    private void value(StringBuilder out, int depth, String typeId) {
        int kind = depth > 4 ? random.nextInt(5) : random.nextInt(10);
        switch (kind) {
            case 0 -> out.append('"').append("s").append(random.nextInt(1000)).append('"');
            case 1 -> out.append(random.nextInt());
            case 2 -> out.append(random.nextDouble());
            case 3 -> out.append(random.nextBoolean());
            case 4 -> out.append("null");
            case 5, 6 -> {
                out.append("[\"").append(typeId).append("\",[");
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    value(out, depth + 1, nextTypeId());
                }
                out.append("]]");
            }
            default -> {
                out.append("[\"").append(typeId).append("\",{");
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    String[] fields = {"name", "count", "items", "attributes", "anything", "vector", "when", "amount",
                            "child", "kind", "payload", "nested", "id", "number", "tags", "k"};
                    out.append('"').append(fields[random.nextInt(fields.length)]).append("\":");
                    value(out, depth + 1, nextTypeId());
                }
                out.append("}]");
            }
        }
    }

    private String nextTypeId() {
        return random.nextInt(3) == 0 ? hostileTypeId() : pick(TRUSTED_CLASSES);
    }

    private String hostile() {
        return pick(HOSTILE_CLASSES);
    }

    /** A hostile class as a type id: plain, as an array, or as a type parameter of a trusted generic. */
    private String hostileTypeId() {
        String name = hostile();
        return switch (random.nextInt(6)) {
            case 0 -> "[L" + name + ";";
            case 1 -> "java.util.ArrayList<" + name + ">";
            case 2 -> "java.util.HashMap<java.lang.String," + name + ">";
            case 3 -> "java.util.EnumMap<" + name + ",java.lang.Object>";
            default -> name;
        };
    }

    private String pick(List<String> names) {
        return names.get(random.nextInt(names.size()));
    }

    /** Replaces one quoted class name (a string containing a dot) in the document. */
    private String replaceQuotedClassName(String document, String replacement) {
        List<int[]> spans = new ArrayList<>();
        int i = 0;
        while ((i = document.indexOf('"', i)) >= 0) {
            int end = document.indexOf('"', i + 1);
            if (end < 0) {
                break;
            }
            String content = document.substring(i + 1, end);
            if (content.contains(".") && !content.contains(" ")) {
                spans.add(new int[] {i + 1, end});
            }
            i = end + 1;
        }
        if (spans.isEmpty()) {
            return "[\"" + replacement + "\"," + document + "]";
        }
        int[] span = spans.get(random.nextInt(spans.size()));
        return document.substring(0, span[0]) + replacement + document.substring(span[1]);
    }

    // ---- envelope helpers ----

    static byte[] envelope(int format, byte[] body) {
        byte[] data = new byte[HEADER + body.length];
        System.arraycopy(MAGIC, 0, data, 0, MAGIC.length);
        data[4] = 1;
        data[5] = (byte) format;
        putInt(data, 6, body.length);
        System.arraycopy(body, 0, data, HEADER, body.length);
        return data;
    }

    static byte[] jsonEnvelope(String root, String key, String document) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeName(body, root);
        writeName(body, key);
        body.writeBytes(document.getBytes(StandardCharsets.UTF_8));
        return envelope(JSON, body.toByteArray());
    }

    static void putInt(byte[] data, int offset, int value) {
        if (data.length < offset + 4) {
            return;
        }
        for (int i = 0; i < 4; i++) {
            data[offset + i] = (byte) (value >>> (8 * i));
        }
    }

    private static void fixLength(byte[] data) {
        putInt(data, 6, data.length - HEADER);
    }

    private static void writeName(ByteArrayOutputStream out, String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        out.write(bytes.length);
        out.write(bytes.length >>> 8);
        out.writeBytes(bytes);
    }

    /** A JSON envelope taken apart: root class name, key class name, document. */
    private static final class Json {
        String root;
        String key;
        String document;

        static Json parse(byte[] data) {
            Json json = new Json();
            int offset = HEADER;
            int rootLength = (data[offset] & 0xFF) | (data[offset + 1] & 0xFF) << 8;
            json.root = new String(data, offset + 2, rootLength, StandardCharsets.UTF_8);
            offset += 2 + rootLength;
            int keyLength = (data[offset] & 0xFF) | (data[offset + 1] & 0xFF) << 8;
            json.key = new String(data, offset + 2, keyLength, StandardCharsets.UTF_8);
            offset += 2 + keyLength;
            json.document = new String(data, offset, data.length - offset, StandardCharsets.UTF_8);
            return json;
        }

        byte[] toEnvelope() {
            return jsonEnvelope(root, key, document);
        }
    }
}
