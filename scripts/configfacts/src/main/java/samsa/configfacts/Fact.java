package samsa.configfacts;

import java.util.ArrayList;
import java.util.List;

/** One configuration definition as facts; rendered as one line of configs.schema. */
final class Fact {
  /** A topic config's broker synonym and the unit its value is in ("" when the same). */
  record Synonym(String name, String unit) {}

  String scope; // "broker" or "topic"
  String name;
  String type; // Kafka's ConfigDef.Type name
  String mode = "read-only"; // broker configs only
  boolean required; // no default: Kafka refuses to start without it
  String defaultValue; // as DescribeConfigs renders it; null when Kafka's default is null
  boolean sensitive;
  boolean internal;
  String min;
  String max;
  final List<String> also = new ArrayList<>(); // accepted besides min..max
  final List<String> allowed = new ArrayList<>();
  boolean ignoreCase;
  boolean nonEmpty;
  boolean listItems; // list elements must be non-empty and distinct
  String check; // a named validator of Kafka's own
  final List<Synonym> synonyms = new ArrayList<>();
  String negativeAs; // topic: a negative value from the broker synonyms reads as this

  String render() {
    StringBuilder b = new StringBuilder();
    b.append(scope).append(' ').append(name).append(' ').append(type);
    if (scope.equals("broker")) b.append(' ').append(mode);
    if (required) {
      b.append(" required");
    } else {
      b.append(" default=").append(defaultValue == null ? "null" : quote(defaultValue));
    }
    if (sensitive) b.append(" sensitive");
    if (internal) b.append(" internal");
    if (min != null) b.append(" min=").append(min);
    if (max != null) b.append(" max=").append(max);
    if (!also.isEmpty()) b.append(" also=").append(items(also));
    if (!allowed.isEmpty()) b.append(" allowed=").append(items(allowed));
    if (ignoreCase) b.append(" ignore-case");
    if (nonEmpty) b.append(" non-empty");
    if (listItems) b.append(" distinct");
    if (check != null) b.append(" check=").append(check);
    if (!synonyms.isEmpty()) {
      List<String> names = new ArrayList<>();
      for (Synonym s : synonyms) names.add(s.unit().isEmpty() ? s.name() : s.name() + ":" + s.unit());
      b.append(" synonyms=").append(items(names));
    }
    if (negativeAs != null) b.append(" negative=").append(negativeAs);
    return b.toString();
  }

  /** A value: bare when it has no space, quote, backslash or '#' and is not "null". */
  static String quote(String v) {
    boolean bare = !v.isEmpty() && !v.equals("null");
    for (char c : v.toCharArray()) {
      if (c <= ' ' || c == '"' || c == '\\' || c == '#' || c > '~') bare = false;
    }
    if (bare) return v;
    StringBuilder b = new StringBuilder("\"");
    for (char c : v.toCharArray()) {
      if (c == '"' || c == '\\') b.append('\\');
      if (c < ' ' || c > '~') {
        throw new IllegalStateException("unexpected character in value: " + v);
      }
      b.append(c);
    }
    return b.append('"').toString();
  }

  /** A list of items: each must be a bare word without commas. */
  private static String items(List<String> values) {
    for (String v : values) {
      if (v.isEmpty() || !quote(v).equals(v) || v.contains(",")) {
        throw new IllegalStateException("list item needs quoting, which the format lacks: '" + v + "'");
      }
    }
    return String.join(",", values);
  }
}
