package samsa.javatools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reader for samsa's own schema files (protocol/schema/*&#47;*.schema, written by
 * scripts/schema/convert.py). Only what the golden writer needs: the message's header
 * facts and the field tree with version ranges.
 */
final class Schema {
    static final Set<String> PRIMITIVES = Set.of(
        "bool", "int8", "int16", "uint16", "int32", "uint32", "int64", "float64",
        "string", "bytes", "uuid", "records");

    /** A version range; {@code hi == Integer.MAX_VALUE} for open ranges, empty when lo > hi. */
    record Versions(int lo, int hi) {
        static final Versions NONE = new Versions(1, 0);

        static Versions parse(String text) {
            if (text == null || text.equals("none")) return NONE;
            if (text.endsWith("+")) return new Versions(Integer.parseInt(text.substring(0, text.length() - 1)), Integer.MAX_VALUE);
            int dash = text.indexOf('-');
            if (dash > 0) return new Versions(Integer.parseInt(text.substring(0, dash)), Integer.parseInt(text.substring(dash + 1)));
            int v = Integer.parseInt(text);
            return new Versions(v, v);
        }

        boolean contains(int v) {
            return v >= lo && v <= hi;
        }

        boolean empty() {
            return lo > hi;
        }
    }

    static final class Field {
        String name;
        String type;
        Versions versions;
        Versions nullable = Versions.NONE;
        Integer tag;
        Versions tagged = Versions.NONE;
        final Map<String, String> attrs = new LinkedHashMap<>();
        final List<Field> fields = new ArrayList<>();

        boolean isArray() {
            return type.startsWith("[]");
        }

        /** The type of one element for arrays, else the type itself. */
        String elementType() {
            return isArray() ? type.substring(2) : type;
        }

        boolean isStruct() {
            return !PRIMITIVES.contains(elementType());
        }
    }

    /** One schema file. */
    static final class File {
        String kind;
        String name;
        Versions versions;
        Versions flexible;
        final Map<String, String> attrs = new LinkedHashMap<>();
        final List<Field> fields = new ArrayList<>();
        /** Every struct type by name: nested definitions and common structs. */
        final Map<String, List<Field>> structs = new HashMap<>();

        List<Field> structFields(String typeName) {
            // A struct without fields has no definition lines at all.
            return structs.getOrDefault(typeName, List.of());
        }
    }

    static File read(Path path) throws IOException {
        File file = new File();
        // Stack of field lists by depth: depth 0 holds the current top-level list.
        List<List<Field>> stack = new ArrayList<>();
        int lineNo = 0;
        for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
            lineNo++;
            if (line.isBlank() || line.startsWith("#")) continue;
            int indent = 0;
            while (indent < line.length() && line.charAt(indent) == ' ') indent++;
            List<String> tokens = tokenize(line.substring(indent));
            if (indent == 0) {
                if (tokens.get(0).equals("common")) {
                    List<Field> fields = new ArrayList<>();
                    file.structs.put(tokens.get(1), fields);
                    stack.clear();
                    stack.add(fields);
                } else {
                    file.kind = tokens.get(0);
                    file.name = tokens.get(1);
                    for (String t : tokens.subList(2, tokens.size())) {
                        int eq = t.indexOf('=');
                        if (eq > 0) file.attrs.put(t.substring(0, eq), t.substring(eq + 1));
                        else file.attrs.put(t, "");
                    }
                    file.versions = Versions.parse(file.attrs.get("versions"));
                    file.flexible = Versions.parse(file.attrs.getOrDefault("flexible", "none"));
                    stack.clear();
                    stack.add(file.fields);
                }
                continue;
            }
            if (indent % 2 != 0) throw new IOException(path + ":" + lineNo + ": odd indentation");
            int depth = indent / 2;
            if (depth > stack.size()) throw new IOException(path + ":" + lineNo + ": indentation jumps");
            while (stack.size() > depth) stack.remove(stack.size() - 1);
            Field f = new Field();
            f.name = tokens.get(0);
            f.type = tokens.get(1);
            f.versions = Versions.parse(tokens.get(2));
            for (String t : tokens.subList(3, tokens.size())) {
                int eq = t.indexOf('=');
                String key = eq > 0 ? t.substring(0, eq) : t;
                String value = eq > 0 ? t.substring(eq + 1) : "";
                f.attrs.put(key, value);
                switch (key) {
                    case "nullable" -> f.nullable = Versions.parse(value);
                    case "tag" -> f.tag = Integer.parseInt(value);
                    case "tagged" -> f.tagged = Versions.parse(value);
                    default -> { }
                }
            }
            stack.get(stack.size() - 1).add(f);
            stack.add(f.fields);
        }
        if (file.name == null) throw new IOException(path + ": no header line");
        // A field of a common struct's type has no nested lines of its own: only fields
        // with nested lines define a struct.
        List<List<Field>> pending = new ArrayList<>(file.structs.values());
        pending.add(file.fields);
        while (!pending.isEmpty()) {
            for (Field f : pending.remove(pending.size() - 1)) {
                if (f.isStruct() && !f.fields.isEmpty()) file.structs.putIfAbsent(f.elementType(), f.fields);
                pending.add(f.fields);
            }
        }
        return file;
    }

    /** Splits on spaces; a value may be double-quoted (key="a b") with backslash escapes. */
    static List<String> tokenize(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inQuote = false;
        boolean any = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inQuote) {
                if (c == '\\' && i + 1 < text.length()) {
                    cur.append(text.charAt(++i));
                } else if (c == '"') {
                    inQuote = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                inQuote = true;
                any = true;
            } else if (c == ' ') {
                if (any || cur.length() > 0) out.add(cur.toString());
                cur.setLength(0);
                any = false;
            } else {
                cur.append(c);
            }
        }
        if (any || cur.length() > 0) out.add(cur.toString());
        return out;
    }

    private Schema() {
    }
}
