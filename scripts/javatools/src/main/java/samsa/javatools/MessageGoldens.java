package samsa.javatools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Writer;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Message;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.protocol.Readable;
import org.apache.kafka.common.protocol.types.RawTaggedField;
import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * The "messages" subcommand: for each of samsa's schema files, fills Kafka's generated Java
 * class for that message by reflection (guided by our schema's fields and version ranges),
 * serializes it with Kafka's own writer and renders it with Kafka's generated JSON converter.
 */
final class MessageGoldens {
    static final String[] FOLDERS = {"api", "header", "data", "metadata", "coordinator"};
    /** Packages holding Kafka's generated message classes, searched in this order. */
    static final String[] PACKAGES = {
        "org.apache.kafka.common.message",
        "org.apache.kafka.common.metadata",
        "org.apache.kafka.coordinator.group.generated",
        "org.apache.kafka.coordinator.transaction.generated",
        "org.apache.kafka.server.log.remote.metadata.storage.generated",
    };
    static final int SAMPLES = 4;
    static final int ATTEMPTS = 50;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    private final Path schemaDir;
    private final Path outDir;
    private final List<String> notes = new ArrayList<>();

    MessageGoldens(Path schemaDir, Path outDir) {
        this.schemaDir = schemaDir;
        this.outDir = outDir;
    }

    int run() throws Exception {
        Map<String, int[]> perFolder = new LinkedHashMap<>();
        for (String folder : FOLDERS) {
            List<Path> files;
            try (Stream<Path> s = Files.list(schemaDir.resolve(folder))) {
                files = s.filter(p -> p.toString().endsWith(".schema")).sorted().collect(Collectors.toList());
            }
            int[] counts = new int[2];
            for (Path file : files) {
                String base = file.getFileName().toString().replaceFirst("\\.schema$", "");
                Path out = outDir.resolve(folder).resolve(base + ".jsonl");
                counts[1] += writeFile(folder + "/" + base, Schema.read(file), out);
                counts[0]++;
            }
            perFolder.put(folder, counts);
        }
        for (Map.Entry<String, int[]> e : perFolder.entrySet()) {
            System.err.printf("messages: %-12s %4d files %6d samples%n", e.getKey(), e.getValue()[0], e.getValue()[1]);
        }
        for (String note : notes) System.err.println("note: " + note);
        return 0;
    }

    /** Writes one .jsonl file; returns the number of samples written. */
    private int writeFile(String id, Schema.File schema, Path out) throws Exception {
        Class<?> cls = findClass(schema);
        Message probe = (Message) cls.getDeclaredConstructor().newInstance();
        Files.createDirectories(out.getParent());
        int written = 0;
        try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            for (int v = schema.versions.lo(); v <= schema.versions.hi(); v++) {
                short version = (short) v;
                if (version < probe.lowestSupportedVersion() || version > probe.highestSupportedVersion()) {
                    notes.add(id + " v" + v + ": skipped, outside " + cls.getSimpleName() + "'s versions "
                        + probe.lowestSupportedVersion() + "-" + probe.highestSupportedVersion());
                    continue;
                }
                for (int sample = 0; sample < SAMPLES; sample++) {
                    ObjectNode line = sample(id, schema, cls, version, sample);
                    if (line == null) continue;
                    w.write(MAPPER.writeValueAsString(line));
                    w.write('\n');
                    written++;
                }
            }
        }
        return written;
    }

    private ObjectNode sample(String id, Schema.File schema, Class<?> cls, short version, int sample) throws Exception {
        Throwable last = null;
        int attempts = sample == 0 ? 1 : ATTEMPTS;
        for (int attempt = 0; attempt < attempts; attempt++) {
            Message msg = (Message) cls.getDeclaredConstructor().newInstance();
            try {
                if (sample > 0) {
                    long seed = Seeds.of(id, version, sample, attempt);
                    new Filler(schema, cls, version, new RandomValues(seed)).fill(msg, schema.fields, 0);
                }
                byte[] bytes = serialize(msg, version);
                JsonNode json = toJson(msg, version);
                checkRoundTrip(cls, bytes, json, version);
                ObjectNode line = MAPPER.createObjectNode();
                line.put("version", version);
                line.put("sample", sample);
                line.put("hex", HEX.formatHex(bytes));
                line.set("json", json);
                if (attempt > 0) notes.add(id + " v" + version + " sample " + sample + ": re-drawn " + attempt + "x (" + describe(last) + ")");
                return line;
            } catch (ToolError e) {
                throw e;
            } catch (Exception e) {
                last = e instanceof InvocationTargetException ite ? ite.getCause() : e;
            }
        }
        notes.add(id + " v" + version + " sample " + sample + ": skipped, Kafka refused it: " + describe(last));
        return null;
    }

    private static String describe(Throwable t) {
        return t == null ? "?" : t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    static byte[] serialize(Message msg, short version) {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int size = msg.size(cache, version);
        ByteBuffer buf = ByteBuffer.allocate(size);
        msg.write(new ByteBufferAccessor(buf), cache, version);
        if (buf.hasRemaining()) throw new IllegalStateException("wrote " + buf.position() + " of " + size + " bytes");
        return buf.array();
    }

    /** Kafka's generated JSON converter, without the records' raw bytes where it offers that. */
    static JsonNode toJson(Message msg, short version) throws ReflectiveOperationException {
        Class<?> conv = Class.forName(msg.getClass().getName() + "JsonConverter");
        try {
            Method m = conv.getMethod("write", msg.getClass(), short.class, boolean.class);
            return (JsonNode) m.invoke(null, msg, version, false);
        } catch (NoSuchMethodException e) {
            Method m = conv.getMethod("write", msg.getClass(), short.class);
            return (JsonNode) m.invoke(null, msg, version);
        }
    }

    /** Kafka must read its own bytes back to the same bytes and the same JSON. */
    private static void checkRoundTrip(Class<?> cls, byte[] bytes, JsonNode json, short version) throws Exception {
        ByteBufferAccessor in = new ByteBufferAccessor(ByteBuffer.wrap(bytes));
        Constructor<?> ctor = cls.getConstructor(Readable.class, short.class);
        Message back = (Message) ctor.newInstance(in, version);
        if (in.remaining() != 0) throw new IllegalStateException("read left " + in.remaining() + " bytes");
        if (!Arrays.equals(serialize(back, version), bytes)) throw new IllegalStateException("re-encoding differs");
        if (!toJson(back, version).equals(json)) throw new IllegalStateException("JSON of the re-read message differs");
    }

    static Class<?> findClass(Schema.File schema) throws ClassNotFoundException {
        List<Class<?>> found = new ArrayList<>();
        for (String pkg : PACKAGES) {
            for (String name : List.of(schema.name + "Data", schema.name)) {
                try {
                    Class<?> c = Class.forName(pkg + "." + name);
                    if (Message.class.isAssignableFrom(c)) found.add(c);
                } catch (ClassNotFoundException e) {
                    // try the next
                }
            }
        }
        if (found.isEmpty()) throw new ClassNotFoundException("no Kafka class for " + schema.name);
        if (found.size() > 1) throw new IllegalStateException("several Kafka classes for " + schema.name + ": " + found);
        return found.get(0);
    }

    /** Fills one message's fields that exist in a version with random values. */
    static final class Filler {
        private final Schema.File schema;
        private final Class<?> top;
        private final short version;
        private final boolean flexible;
        private final RandomValues r;
        private final Map<String, Method> setters = new HashMap<>();

        Filler(Schema.File schema, Class<?> top, short version, RandomValues r) {
            this.schema = schema;
            this.top = top;
            this.version = version;
            this.flexible = schema.flexible.contains(version);
            this.r = r;
        }

        void fill(Object obj, List<Schema.Field> fields, int depth) throws ReflectiveOperationException {
            for (Schema.Field f : fields) {
                if (!f.versions.contains(version)) continue;
                if (f.tag != null && f.tagged.contains(version) && r.chance(2)) continue;
                Method setter = setter(obj.getClass(), f.name);
                setter.invoke(obj, value(f, setter.getParameterTypes()[0], depth));
            }
            if (flexible && r.chance(3)) addUnknownTags((Message) obj, fields);
        }

        /** 1-2 tagged fields this struct does not know (in any version), in tag order. */
        private void addUnknownTags(Message msg, List<Schema.Field> fields) {
            Set<Integer> known = fields.stream().filter(f -> f.tag != null).map(f -> f.tag).collect(Collectors.toSet());
            int count = 1 + r.below(2);
            TreeMap<Integer, byte[]> chosen = new TreeMap<>();
            while (chosen.size() < count) {
                int tag = r.chance(4) ? r.below(1 << 21) : r.below(16);
                if (known.contains(tag) || chosen.containsKey(tag)) continue;
                chosen.put(tag, r.bytes(8));
            }
            chosen.forEach((tag, data) -> msg.unknownTaggedFields().add(new RawTaggedField(tag, data)));
        }

        private static int maxElements(int depth) {
            return 3;
        }

        @SuppressWarnings("unchecked")
        private Object value(Schema.Field f, Class<?> javaType, int depth) throws ReflectiveOperationException {
            if (f.nullable.contains(version) && r.chance(4)) return null;
            if (f.isArray()) {
                Collection<Object> c = javaType.isInterface()
                    ? new ArrayList<>()
                    : (Collection<Object>) javaType.getDeclaredConstructor().newInstance();
                int n = r.below(maxElements(depth) + 1);
                for (int i = 0; i < n; i++) {
                    // Keyed collections refuse some duplicates: draw again a few times.
                    for (int tries = 0; tries < 10; tries++) {
                        Object e = f.isStruct() ? struct(f.elementType(), depth + 1) : primitive(f.elementType(), null);
                        if (c.add(e)) break;
                    }
                }
                return c;
            }
            if (f.isStruct()) return struct(f.type, depth + 1);
            return primitive(f.type, javaType);
        }

        private Object struct(String typeName, int depth) throws ReflectiveOperationException {
            Class<?> cls;
            try {
                cls = Class.forName(top.getName() + "$" + typeName);
            } catch (ClassNotFoundException e) {
                throw new ToolError(top.getName() + " has no struct class " + typeName);
            }
            Object obj = cls.getDeclaredConstructor().newInstance();
            fill(obj, schema.structFields(typeName), depth);
            return obj;
        }

        private Object primitive(String type, Class<?> javaType) {
            return switch (type) {
                case "bool" -> r.rnd.nextBoolean();
                case "int8" -> (byte) r.integer(Byte.MIN_VALUE, Byte.MAX_VALUE);
                case "int16" -> (short) r.integer(Short.MIN_VALUE, Short.MAX_VALUE);
                case "uint16" -> (int) r.integer(0, 0xffff);
                case "int32" -> (int) r.integer(Integer.MIN_VALUE, Integer.MAX_VALUE);
                case "uint32" -> r.integer(0, 0xffffffffL);
                case "int64" -> r.integer(Long.MIN_VALUE, Long.MAX_VALUE);
                case "float64" -> r.float64();
                case "string" -> r.string();
                case "bytes" -> javaType == ByteBuffer.class ? ByteBuffer.wrap(r.bytes(16)) : r.bytes(16);
                case "uuid" -> r.chance(8) ? Uuid.ZERO_UUID : new Uuid(r.rnd.nextLong(), r.rnd.nextLong());
                case "records" -> MemoryRecords.readableRecords(ByteBuffer.wrap(r.bytes(64)));
                default -> throw new IllegalArgumentException("unknown type " + type);
            };
        }

        private Method setter(Class<?> cls, String field) {
            return setters.computeIfAbsent(cls.getName() + "." + field, k -> {
                String name = "set" + Character.toUpperCase(field.charAt(0)) + field.substring(1);
                for (Method m : cls.getMethods()) {
                    if (m.getName().equals(name) && m.getParameterCount() == 1) return m;
                }
                throw new ToolError(cls.getName() + " has no " + name);
            });
        }
    }

    /** A mismatch between our schema and Kafka's classes: a bug to fix, never re-drawn. */
    static final class ToolError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ToolError(String message) {
            super(message);
        }
    }

    /** Stable per-sample seeds: FNV-1a over the sample's identity. */
    static final class Seeds {
        static long of(String id, int version, int sample, int attempt) {
            long h = 0xcbf29ce484222325L;
            for (byte b : (id + "|" + version + "|" + sample + "|" + attempt).getBytes(StandardCharsets.UTF_8)) {
                h ^= b & 0xff;
                h *= 0x100000001b3L;
            }
            return h;
        }
    }
}
