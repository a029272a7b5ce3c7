package samsa.configfacts;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.config.ConfigDef;

/**
 * samsa's config-facts extractor. Reads Apache Kafka's broker and topic configuration
 * definitions from Kafka's own classes (on the class path) and writes them as facts.
 *
 * usage: Main facts OUT_FILE     writes controller/schema/configs.schema
 *        Main validate           reads "broker|topic TAB name TAB value" lines on stdin and
 *                                prints, per line, "ok" or "invalid: " and Kafka's message
 *                                (to check samsa's validator against Kafka's)
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws IOException {
    if (args.length == 2 && args[0].equals("facts")) {
      facts(Path.of(args[1]));
    } else if (args.length == 1 && args[0].equals("validate")) {
      validate();
    } else {
      System.err.println("usage: Main facts OUT_FILE | Main validate");
      System.exit(2);
    }
  }

  private static void facts(Path out) throws IOException {
    List<String> warnings = new ArrayList<>();
    ConfigDef broker = Kafka.brokerConfigDef();
    Map<String, String> modes = Kafka.updateModes();
    List<String> lines = new ArrayList<>();
    for (ConfigDef.ConfigKey k : new TreeMap<>(broker.configKeys()).values()) {
      Fact f = common("broker", k, warnings);
      f.mode = modes.getOrDefault(k.name, "read-only");
      List<String> group = Kafka.brokerSynonyms(k.name);
      if (!group.equals(List.of(k.name))) {
        for (String s : group) f.synonyms.add(new Fact.Synonym(s, ""));
      }
      lines.add(f.render());
    }
    for (String name : modes.keySet()) {
      if (!broker.configKeys().containsKey(name)) {
        warnings.add("dynamic broker config " + name + " is not in KafkaConfig's definitions; left out");
      }
    }
    Map<String, List<Fact.Synonym>> topicSynonyms = Kafka.topicSynonyms();
    SynonymProbe probe = new SynonymProbe(broker, warnings);
    for (ConfigDef.ConfigKey k : new TreeMap<>(Kafka.topicConfigKeys()).values()) {
      Fact f = common("topic", k, warnings);
      f.synonyms.addAll(topicSynonyms.getOrDefault(k.name, List.of()));
      for (Fact.Synonym s : f.synonyms) {
        if (!broker.configKeys().containsKey(s.name())) {
          warnings.add("topic " + k.name + ": synonym " + s.name() + " is not a broker config");
        }
      }
      probe.probe(f, k.type);
      lines.add(f.render());
    }
    List<String> text = new ArrayList<>(header(broker));
    text.add("kafka " + Kafka.version());
    text.addAll(lines);
    Files.write(out, text, StandardCharsets.UTF_8);
    for (String w : warnings) System.err.println("configfacts: warning: " + w);
  }

  private static Fact common(String scope, ConfigDef.ConfigKey k, List<String> warnings) {
    Fact f = new Fact();
    f.scope = scope;
    f.name = k.name;
    f.type = k.type.name();
    f.required = !k.hasDefault();
    if (!f.required && k.defaultValue != null) {
      f.defaultValue = ConfigDef.convertToString(k.defaultValue, k.type);
    }
    f.sensitive = k.type == ConfigDef.Type.PASSWORD;
    f.internal = k.internalConfig;
    Validators.describe(k.validator, f, warnings);
    return f;
  }

  private static List<String> header(ConfigDef broker) {
    List<String> h = new ArrayList<>();
    h.add("# Apache Kafka " + Kafka.version() + " configuration definitions, as facts: every broker config");
    h.add("# (KafkaConfig's ConfigDef) and every topic config (LogConfig's ConfigDef). Written by");
    h.add("# scripts/update-configs.sh from Kafka's own classes; do not edit. Format and meaning:");
    h.add("# docs/formats/configs.md. samsa's documentation strings: config_docs.txt.");
    List<String> jvm = new ArrayList<>();
    String km = javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm();
    String tm = javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm();
    for (ConfigDef.ConfigKey k : new TreeMap<>(broker.configKeys()).values()) {
      if (k.defaultValue instanceof String && (k.defaultValue.equals(km) || k.defaultValue.equals(tm))) {
        jvm.add(k.name);
      }
    }
    h.add("# Extracted on Java " + Runtime.version().feature() + ", whose defaults these are: "
        + String.join(", ", jvm) + ".");
    return h;
  }

  private static void validate() throws IOException {
    ConfigDef broker = Kafka.brokerConfigDef();
    Map<String, ConfigDef.ConfigKey> topic = Kafka.topicConfigKeys();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      String[] parts = line.split("\t", 3);
      if (parts.length != 3) {
        System.out.println("invalid: malformed input line");
        continue;
      }
      ConfigDef.ConfigKey k = (parts[0].equals("topic") ? topic : broker.configKeys()).get(parts[1]);
      if (k == null) {
        System.out.println("invalid: unknown config");
        continue;
      }
      try {
        Object parsed = ConfigDef.parseType(k.name, parts[2], k.type);
        if (k.validator != null) k.validator.ensureValid(k.name, parsed);
        System.out.println("ok");
      } catch (RuntimeException e) {
        System.out.println("invalid: " + e.getMessage());
      }
    }
  }
}
