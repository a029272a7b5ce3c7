package samsa.compat.spring.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.support.SendResult;
import org.springframework.test.context.ActiveProfiles;
import samsa.compat.spring.Order;

/** Topics from NewTopic beans, created by Spring Boot's KafkaAdmin at startup. */
@Scenario
@ActiveProfiles("newtopics")
class NewTopicBeansTest extends ScenarioBase {

  /**
   * Every declared topic exists with its partitions and configs (and the broker's default
   * partition count where none was given); LogAppendTime is in force; KafkaAdmin reports the
   * cluster id and describes the topics.
   */
  @Test
  void newtopicBeans() throws Exception {
    String configured = topics.name("configured");
    assertPartitions(configured, 6);
    assertPartitions(topics.name("defaults"), 4); // compat-tests/broker.properties: num.partitions=4
    assertPartitions(topics.name("more-a"), 1);
    assertPartitions(topics.name("more-b"), 3);

    Config c = config(configured);
    assertDynamic(c, TopicConfig.RETENTION_MS_CONFIG, "3600000");
    assertDynamic(c, TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "200000");
    assertDynamic(c, TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime");
    assertDynamic(config(topics.name("more-b")), TopicConfig.SEGMENT_BYTES_CONFIG, "1048576");

    assertThat(kafkaAdmin.clusterId()).isNotBlank();
    Map<String, TopicDescription> described =
        kafkaAdmin.describeTopics(configured, topics.name("more-a"), topics.name("more-b"));
    assertThat(described).containsOnlyKeys(configured, topics.name("more-a"), topics.name("more-b"));
    assertThat(described.get(configured).partitions()).hasSize(6);

    broker.ready(configured);
    long before = System.currentTimeMillis();
    SendResult<Object, Object> sent =
        template.send(configured, 0, 1_000L, "k", Order.of("t1", 1)).get(30, TimeUnit.SECONDS);
    assertThat(sent.getRecordMetadata().timestamp()).as("append time").isGreaterThanOrEqualTo(before - 60_000);
    ConsumerRecord<String, String> rec = broker.readAll(configured, 1).get(0);
    assertThat(rec.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
    assertThat(rec.timestamp()).isEqualTo(sent.getRecordMetadata().timestamp());
  }

  /**
   * KafkaAdmin.createOrModifyTopics with modifyTopicConfigs: an existing topic gains partitions
   * and has its configs altered; a new one is created.
   */
  @Test
  void newtopicModify() throws Exception {
    String modified = topics.name("modified");
    String runtime = topics.name("runtime");
    assertPartitions(modified, 2);
    kafkaAdmin.setModifyTopicConfigs(true);
    kafkaAdmin.createOrModifyTopics(
        TopicBuilder.name(modified).partitions(5).replicas(1)
            .config(TopicConfig.RETENTION_MS_CONFIG, "7200000")
            .config(TopicConfig.SEGMENT_MS_CONFIG, "600000").build(),
        TopicBuilder.name(runtime).partitions(2).replicas(1).build());
    assertPartitions(modified, 5);
    Config c = config(modified);
    assertDynamic(c, TopicConfig.RETENTION_MS_CONFIG, "7200000");
    assertDynamic(c, TopicConfig.SEGMENT_MS_CONFIG, "600000");
    assertPartitions(runtime, 2);
    assertThat(broker.admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains(modified, runtime);
  }

  private void assertPartitions(String topic, int n) throws Exception {
    TopicDescription d = broker.describe(topic);
    assertThat(d.partitions()).as("partitions of %s", topic).hasSize(n);
    d.partitions().forEach(p -> assertThat(p.replicas()).hasSize(1));
  }

  private Config config(String topic) throws Exception {
    ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    return broker.admin.describeConfigs(List.of(r)).all().get(30, TimeUnit.SECONDS).get(r);
  }

  private static void assertDynamic(Config c, String name, String value) {
    ConfigEntry e = c.get(name);
    assertThat(e).as("config %s", name).isNotNull();
    assertThat(e.value()).as("config %s", name).isEqualTo(value);
    assertThat(e.source()).as("source of %s", name).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
  }
}
