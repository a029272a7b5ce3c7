package samsa.configfacts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Where Kafka keeps its configuration definitions, looked up by reflection (the classes move
 * between releases; these are Kafka 4.x's homes):
 *   broker configs     kafka.server.KafkaConfig.configDef (= AbstractKafkaConfig.CONFIG_DEF)
 *   topic configs      org.apache.kafka.storage.internals.log.LogConfig.configKeys()
 *   dynamic modes      org.apache.kafka.server.config.DynamicBrokerConfig.dynamicConfigUpdateModes()
 *   broker synonyms    DynamicBrokerConfig.brokerConfigSynonyms(name, true)
 *   topic synonyms     org.apache.kafka.server.config.ServerTopicConfigSynonyms.ALL_TOPIC_CONFIG_SYNONYMS
 */
final class Kafka {
  private Kafka() {}

  private static final String DYNAMIC = "org.apache.kafka.server.config.DynamicBrokerConfig";
  private static final String LOG_CONFIG = "org.apache.kafka.storage.internals.log.LogConfig";
  private static final String TOPIC_SYNONYMS = "org.apache.kafka.server.config.ServerTopicConfigSynonyms";
  private static final String CONFIG_SYNONYM = "org.apache.kafka.server.config.ConfigSynonym";

  /** The release of the Kafka classes on the class path (kafka-clients' version resource). */
  static String version() {
    try (java.io.InputStream in = ConfigDef.class.getResourceAsStream("/kafka/kafka-version.properties")) {
      java.util.Properties p = new java.util.Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (java.io.IOException | NullPointerException e) {
      throw new IllegalStateException("kafka-clients has no kafka/kafka-version.properties", e);
    }
  }

  static ConfigDef brokerConfigDef() {
    if (Reflect.exists("kafka.server.KafkaConfig$")) {
      Object o = Reflect.scalaObject("kafka.server.KafkaConfig");
      return (ConfigDef) Reflect.call(o, o.getClass(), "configDef", new Class<?>[0]);
    }
    return (ConfigDef) Reflect.staticField("org.apache.kafka.server.config.AbstractKafkaConfig", "CONFIG_DEF");
  }

  @SuppressWarnings("unchecked")
  static Map<String, ConfigDef.ConfigKey> topicConfigKeys() {
    return (Map<String, ConfigDef.ConfigKey>)
        Reflect.call(null, Reflect.type(LOG_CONFIG), "configKeys", new Class<?>[0]);
  }

  /** Config name to "per-broker" or "cluster-wide"; absent names are read-only. */
  @SuppressWarnings("unchecked")
  static Map<String, String> updateModes() {
    return (Map<String, String>)
        Reflect.call(null, Reflect.type(DYNAMIC), "dynamicConfigUpdateModes", new Class<?>[0]);
  }

  /** Every name in a broker config's synonym group, in DescribeConfigs' priority order. */
  @SuppressWarnings("unchecked")
  static List<String> brokerSynonyms(String name) {
    return (List<String>) Reflect.call(null, Reflect.type(DYNAMIC), "brokerConfigSynonyms",
        new Class<?>[] {String.class, boolean.class}, name, true);
  }

  /** Topic config to its broker synonyms in priority order, with the unit of each value. */
  static Map<String, List<Fact.Synonym>> topicSynonyms() {
    Object hours = Reflect.staticField(CONFIG_SYNONYM, "HOURS_TO_MILLISECONDS");
    Object minutes = Reflect.staticField(CONFIG_SYNONYM, "MINUTES_TO_MILLISECONDS");
    Class<?> synonym = Reflect.type(CONFIG_SYNONYM);
    Map<String, List<Fact.Synonym>> out = new LinkedHashMap<>();
    Map<?, ?> all = (Map<?, ?>) Reflect.staticField(TOPIC_SYNONYMS, "ALL_TOPIC_CONFIG_SYNONYMS");
    for (Map.Entry<?, ?> e : all.entrySet()) {
      List<Fact.Synonym> list = new ArrayList<>();
      for (Object s : (List<?>) e.getValue()) {
        String name = (String) Reflect.call(s, synonym, "name", new Class<?>[0]);
        Object converter = Reflect.call(s, synonym, "converter", new Class<?>[0]);
        list.add(new Fact.Synonym(name, unit(converter, hours, minutes, name)));
      }
      out.put((String) e.getKey(), list);
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static String unit(Object converter, Object hours, Object minutes, String name) {
    if (converter == hours) return "hours";
    if (converter == minutes) return "minutes";
    String probe = ((Function<String, String>) converter).apply("7");
    if (!probe.equals("7")) {
      throw new IllegalStateException("synonym " + name + " has an unknown value converter");
    }
    return "";
  }
}
