package samsa.compat.spring.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.test.context.ActiveProfiles;
import samsa.compat.spring.DeadLetterConfig;
import samsa.compat.spring.Order;

/** DefaultErrorHandler retries, then DeadLetterPublishingRecoverer to TOPIC-dlt. */
@Scenario
@ActiveProfiles("dead-letter")
class DeadLetterTest extends ScenarioBase {
  @Autowired KafkaListenerEndpointRegistry registry;

  /**
   * Ten orders, two of them poison: the eight good ones processed once each; each poison one
   * tried 1 + 2 times, then published to TOPIC-dlt on its own partition with the original
   * topic, partition and offset and the exception in headers; every offset committed.
   */
  @Test
  void deadLetter() throws Exception {
    String topic = topics.name("dl");
    broker.ready(topic, topic + "-dlt");
    Set<String> poison = Set.of("d3", "d7");
    Map<String, RecordMetadata> sent = sendOrders(topic, "d", 0, 10, poison);

    await().atMost(Duration.ofSeconds(60))
        .until(() -> recorder.count("dl-processed") >= 8 && recorder.count("dl-dlt") >= 2);
    assertThat(ids("dl-processed")).containsExactlyInAnyOrder("d0", "d1", "d2", "d4", "d5", "d6", "d8", "d9");
    for (ConsumerRecord<String, Order> rec : deadLetters("dl", topic, poison, sent)) {
      RecordMetadata original = sent.get(rec.value().id());
      assertThat(rec.value().poison()).isTrue();
      assertThat(rec.key()).isEqualTo("key-" + rec.value().id().substring(1));
      assertThat(string(rec, KafkaHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo(topic);
      assertThat(ByteBuffer.wrap(bytes(rec, KafkaHeaders.DLT_ORIGINAL_PARTITION)).getInt())
          .isEqualTo(original.partition());
      assertThat(string(rec, KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP)).isEqualTo(topics.name("dl-g"));
      assertThat(string(rec, KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN)).isEqualTo(IllegalStateException.class.getName());
    }
    awaitCaughtUp(topics.name("dl-g"), topic);
  }

  /**
   * A batch listener behind a DefaultErrorHandler: 20 orders waiting when it starts, two of
   * them poison, named by index with BatchListenerFailedException. The records before a failed
   * one are committed, the failed one is retried twice and then published to TOPIC-dlt, the
   * rest come again: every good order processed once, the group's offsets at the end.
   */
  @Test
  void deadLetterBatch() throws Exception {
    String topic = topics.name("dlb");
    broker.ready(topic, topic + "-dlt");
    Set<String> poison = Set.of("e5", "e13");
    Map<String, RecordMetadata> sent = sendOrders(topic, "e", 0, 20, poison);
    registry.getListenerContainer("dlb-listener").start();

    await().atMost(Duration.ofSeconds(60))
        .until(() -> recorder.count("dlb-processed") >= 18 && recorder.count("dlb-dlt") >= 2);
    assertThat(ids("dlb-processed")).hasSize(18).doesNotHaveDuplicates().doesNotContainAnyElementsOf(poison);
    deadLetters("dlb", topic, poison, sent);
    awaitCaughtUp(topics.name("dlb-g"), topic);
  }

  /**
   * Checks what the listener of CHANNEL-attempts and CHANNEL-dlt recorded: each poison order
   * tried 1 + RETRIES times, and two records on TOPIC-dlt, each on the partition the order was
   * sent to, with its original offset and the exception in headers. Returns those records.
   */
  private List<ConsumerRecord<String, Order>> deadLetters(String channel, String topic, Set<String> poison,
      Map<String, RecordMetadata> sent) {
    List<String> attempts = recorder.get(channel + "-attempts");
    for (String id : poison) {
      assertThat(Collections.frequency(attempts, id)).as("attempts of %s", id)
          .isEqualTo(1 + (int) DeadLetterConfig.RETRIES);
    }
    List<ConsumerRecord<String, Order>> dlt = recorder.get(channel + "-dlt");
    assertThat(dlt).hasSize(2);
    for (ConsumerRecord<String, Order> rec : dlt) {
      RecordMetadata original = sent.get(rec.value().id());
      assertThat(rec.topic()).isEqualTo(topic + "-dlt");
      assertThat(rec.partition()).isEqualTo(original.partition());
      assertThat(ByteBuffer.wrap(bytes(rec, KafkaHeaders.DLT_ORIGINAL_OFFSET)).getLong())
          .isEqualTo(original.offset());
      assertThat(string(rec, KafkaHeaders.DLT_EXCEPTION_MESSAGE)).contains("poison order " + rec.value().id());
    }
    return dlt;
  }

  private static byte[] bytes(ConsumerRecord<?, ?> rec, String header) {
    var h = rec.headers().lastHeader(header);
    assertThat(h).as("header %s", header).isNotNull();
    return h.value();
  }

  private static String string(ConsumerRecord<?, ?> rec, String header) {
    return new String(bytes(rec, header), java.nio.charset.StandardCharsets.UTF_8);
  }
}
