package samsa.compat.spring.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The scenarios' own view of the broker, independent of what the application under test
 * does: an Admin client and a plain consumer with the application's bootstrap servers.
 */
final class Broker implements AutoCloseable {
  private final Map<String, Object> config;
  final Admin admin;

  Broker(KafkaAdmin kafkaAdmin) {
    this.config = new HashMap<>(kafkaAdmin.getConfigurationProperties());
    this.admin = Admin.create(config);
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
  }

  TopicDescription describe(String topic) throws Exception {
    return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
  }

  /**
   * Waits until every partition of each topic has a leader that answers ListOffsets: a topic
   * the application has just created may still be coming up on the broker, and producing to it
   * then meets NOT_LEADER_OR_FOLLOWER (on Kafka 4.4.0 with kafka-clients 3.9's idempotent
   * producer, an OUT_OF_ORDER_SEQUENCE_NUMBER loop can follow).
   */
  void ready(String... topics) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    for (String topic : topics) {
      while (true) {
        try {
          endOffsets(topic);
          break;
        } catch (Exception e) {
          if (System.nanoTime() > deadline) {
            throw e;
          }
          Thread.sleep(200);
        }
      }
    }
  }

  /** The description of a consumer group. */
  ConsumerGroupDescription group(String group) throws Exception {
    return admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get(30, TimeUnit.SECONDS);
  }

  /** End offset of each partition of topic. */
  Map<Integer, Long> endOffsets(String topic) throws Exception {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    for (var p : describe(topic).partitions()) {
      request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
    }
    return admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).entrySet().stream()
        .collect(Collectors.toMap(e -> e.getKey().partition(), e -> e.getValue().offset()));
  }

  /** The group's committed offset of each partition of topic that has one. */
  Map<Integer, Long> committed(String group, String topic) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> all =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
    Map<Integer, Long> out = new HashMap<>();
    all.forEach((tp, om) -> {
      if (tp.topic().equals(topic) && om != null) {
        out.put(tp.partition(), om.offset());
      }
    });
    return out;
  }

  /** Whether group has committed, on every non-empty partition, its end offset in ends. */
  boolean caughtUp(String group, String topic, Map<Integer, Long> ends) throws Exception {
    Map<Integer, Long> committed = committed(group, topic);
    return ends.entrySet().stream()
        .allMatch(e -> e.getValue() == 0 || e.getValue().equals(committed.get(e.getKey())));
  }

  /** Every record of topic from the beginning, as strings, reading until count or timeout. */
  List<ConsumerRecord<String, String>> readAll(String topic, int count, Duration timeout, String isolation)
      throws Exception {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.get("bootstrap.servers"));
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    List<ConsumerRecord<String, String>> out = new ArrayList<>();
    try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> parts = describe(topic).partitions().stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (out.size() < count && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }

  List<ConsumerRecord<String, String>> readAll(String topic, int count) throws Exception {
    List<ConsumerRecord<String, String>> out = readAll(topic, count, Duration.ofSeconds(30), "read_uncommitted");
    assertThat(out).as("records read back from %s", topic).hasSize(count);
    return out;
  }

  static String header(ConsumerRecord<?, ?> rec, String name) {
    var h = rec.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), java.nio.charset.StandardCharsets.UTF_8);
  }
}
