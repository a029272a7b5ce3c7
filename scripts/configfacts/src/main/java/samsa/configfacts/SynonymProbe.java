package samsa.configfacts;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Checks what a broker does with its topic-config synonyms, by building Kafka's own
 * KafkaConfig from server properties and reading the topic defaults it derives
 * (KafkaConfig.extractLogConfigMap, what DescribeConfigs shows for a topic): that an hours
 * or minutes synonym converts as recorded, and whether a negative value is reported as -1
 * (log.retention.* are: "retain forever"). Records the latter as Fact.negativeAs.
 */
final class SynonymProbe {
  private final Object kafkaConfigObject = Reflect.scalaObject("kafka.server.KafkaConfig");
  private final ConfigDef brokerDef;
  private final List<String> warnings;

  SynonymProbe(ConfigDef brokerDef, List<String> warnings) {
    this.brokerDef = brokerDef;
    this.warnings = warnings;
  }

  /** The smallest server.properties Kafka 4.x starts a broker with. */
  private static Properties base() {
    Properties p = new Properties();
    p.put("process.roles", "broker");
    p.put("node.id", "1");
    p.put("controller.quorum.bootstrap.servers", "localhost:9093");
    p.put("controller.listener.names", "CONTROLLER");
    p.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
    p.put("listeners", "PLAINTEXT://:9092");
    return p;
  }

  /** The topic config's value a broker derives with one broker property set; null if refused. */
  private String derived(String topicConfig, ConfigDef.Type type, String property, String value) {
    Properties p = base();
    p.put(property, value);
    Object config;
    try {
      config = Reflect.call(kafkaConfigObject, kafkaConfigObject.getClass(), "fromProps",
          new Class<?>[] {Properties.class}, p);
    } catch (RuntimeException e) {
      return null; // the value is invalid for the broker property itself
    }
    Map<?, ?> map = (Map<?, ?>) Reflect.call(config, config.getClass(), "extractLogConfigMap", new Class<?>[0]);
    Object v = map.get(topicConfig);
    return v == null ? null : ConfigDef.convertToString(v, type);
  }

  private static long factor(String unit) {
    return switch (unit) {
      case "hours" -> 3_600_000L;
      case "minutes" -> 60_000L;
      default -> 1L;
    };
  }

  void probe(Fact topic, ConfigDef.Type type) {
    if (type != ConfigDef.Type.INT && type != ConfigDef.Type.LONG) return;
    int plain = 0;
    int clamped = 0;
    for (Fact.Synonym s : topic.synonyms) {
      ConfigDef.ConfigKey key = brokerDef.configKeys().get(s.name());
      if (key == null || (key.type != ConfigDef.Type.INT && key.type != ConfigDef.Type.LONG)) continue;
      String two = derived(topic.name, type, s.name(), "2");
      if (two != null && !two.equals(Long.toString(2 * factor(s.unit())))) {
        warnings.add("topic " + topic.name + ": " + s.name() + "=2 gives " + two + ", not "
            + 2 * factor(s.unit()) + " as its unit says");
      }
      String negative = derived(topic.name, type, s.name(), "-5");
      if (negative == null) continue;
      if (negative.equals(Long.toString(-5 * factor(s.unit())))) {
        plain++;
      } else if (negative.equals("-1")) {
        clamped++;
      } else {
        warnings.add("topic " + topic.name + ": " + s.name() + "=-5 gives " + negative);
      }
    }
    if (clamped > 0) {
      topic.negativeAs = "-1";
      if (plain > 0) warnings.add("topic " + topic.name + ": only some synonyms read negatives as -1");
    }
  }
}
