package samsa.compat.spring.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.SendResult;
import org.springframework.test.context.ActiveProfiles;
import samsa.compat.spring.DeadLetterConfig;
import samsa.compat.spring.DemoTopics;
import samsa.compat.spring.Order;
import samsa.compat.spring.Recorder;
import samsa.compat.spring.Seen;

/** DefaultErrorHandler retries, then DeadLetterPublishingRecoverer to TOPIC-dlt. */
@Scenario
@ActiveProfiles("dead-letter")
class DeadLetterTest {
  @Autowired KafkaTemplate<Object, Object> template;
  @Autowired DemoTopics topics;
  @Autowired KafkaAdmin kafkaAdmin;
  @Autowired Recorder recorder;
  @Autowired KafkaListenerEndpointRegistry registry;

  /**
   * Ten orders, two of them poison: the eight good ones processed once each; each poison one
   * tried 1 + 2 times, then published to TOPIC-dlt on its own partition with the original
   * topic, partition and offset and the exception in headers; every offset committed.
   */
  @Test
  void deadLetter() throws Exception {
    String topic = topics.name("dl");
    try (Broker broker = new Broker(kafkaAdmin)) {
      broker.ready(topic, topic + "-dlt");
    }
    Set<String> poison = Set.of("d3", "d7");
    Map<String, RecordMetadata> sent = new HashMap<>();
    List<CompletableFuture<SendResult<Object, Object>>> futures = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      String id = "d" + i;
      futures.add(template.send(topic, "key-" + i, poison.contains(id) ? Order.poisoned(id) : Order.of(id, i)));
    }
    for (var f : futures) {
      SendResult<Object, Object> r = f.get(30, TimeUnit.SECONDS);
      sent.put(((Order) r.getProducerRecord().value()).id(), r.getRecordMetadata());
    }

    await().atMost(Duration.ofSeconds(60))
        .until(() -> recorder.count("dl-processed") >= 8 && recorder.count("dl-dlt") >= 2);
    List<Seen> processed = recorder.get("dl-processed");
    assertThat(processed.stream().map(s -> s.order().id()).collect(Collectors.toList()))
        .containsExactlyInAnyOrder("d0", "d1", "d2", "d4", "d5", "d6", "d8", "d9");
    List<String> attempts = recorder.get("dl-attempts");
    for (String id : poison) {
      assertThat(Collections.frequency(attempts, id)).as("attempts of %s", id)
          .isEqualTo(1 + (int) DeadLetterConfig.RETRIES);
    }

    List<ConsumerRecord<String, Order>> dlt = recorder.get("dl-dlt");
    assertThat(dlt).hasSize(2);
    for (ConsumerRecord<String, Order> rec : dlt) {
      RecordMetadata original = sent.get(rec.value().id());
      assertThat(rec.value().poison()).isTrue();
      assertThat(rec.topic()).isEqualTo(topic + "-dlt");
      assertThat(rec.partition()).isEqualTo(original.partition());
      assertThat(rec.key()).isEqualTo("key-" + rec.value().id().substring(1));
      assertThat(string(rec, KafkaHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo(topic);
      assertThat(ByteBuffer.wrap(bytes(rec, KafkaHeaders.DLT_ORIGINAL_PARTITION)).getInt())
          .isEqualTo(original.partition());
      assertThat(ByteBuffer.wrap(bytes(rec, KafkaHeaders.DLT_ORIGINAL_OFFSET)).getLong())
          .isEqualTo(original.offset());
      assertThat(string(rec, KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP)).isEqualTo(topics.name("dl-g"));
      assertThat(string(rec, KafkaHeaders.DLT_EXCEPTION_MESSAGE)).contains("poison order " + rec.value().id());
      assertThat(string(rec, KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN)).isEqualTo(IllegalStateException.class.getName());
    }

    try (Broker broker = new Broker(kafkaAdmin)) {
      Map<Integer, Long> ends = broker.endOffsets(topic);
      String group = topics.name("dl-g");
      await().atMost(Duration.ofSeconds(20)).until(() -> broker.caughtUp(group, topic, ends));
    }
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
    try (Broker broker = new Broker(kafkaAdmin)) {
      broker.ready(topic, topic + "-dlt");
    }
    Set<String> poison = Set.of("e5", "e13");
    Map<String, RecordMetadata> sent = new HashMap<>();
    List<CompletableFuture<SendResult<Object, Object>>> futures = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String id = "e" + i;
      futures.add(template.send(topic, "key-" + i, poison.contains(id) ? Order.poisoned(id) : Order.of(id, i)));
    }
    for (var f : futures) {
      SendResult<Object, Object> r = f.get(30, TimeUnit.SECONDS);
      sent.put(((Order) r.getProducerRecord().value()).id(), r.getRecordMetadata());
    }
    registry.getListenerContainer("dlb-listener").start();

    await().atMost(Duration.ofSeconds(60))
        .until(() -> recorder.count("dlb-processed") >= 18 && recorder.count("dlb-dlt") >= 2);
    List<String> processed = recorder.<Seen>get("dlb-processed").stream().map(s -> s.order().id()).toList();
    assertThat(processed).hasSize(18).doesNotHaveDuplicates().doesNotContainAnyElementsOf(poison);
    List<String> attempts = recorder.get("dlb-attempts");
    for (String id : poison) {
      assertThat(Collections.frequency(attempts, id)).as("attempts of %s", id)
          .isEqualTo(1 + (int) DeadLetterConfig.RETRIES);
    }
    List<ConsumerRecord<String, Order>> dlt = recorder.get("dlb-dlt");
    assertThat(dlt).hasSize(2);
    for (ConsumerRecord<String, Order> rec : dlt) {
      RecordMetadata original = sent.get(rec.value().id());
      assertThat(rec.topic()).isEqualTo(topic + "-dlt");
      assertThat(rec.partition()).isEqualTo(original.partition());
      assertThat(ByteBuffer.wrap(bytes(rec, KafkaHeaders.DLT_ORIGINAL_OFFSET)).getLong())
          .isEqualTo(original.offset());
      assertThat(string(rec, KafkaHeaders.DLT_EXCEPTION_MESSAGE)).contains("poison order " + rec.value().id());
    }
    try (Broker broker = new Broker(kafkaAdmin)) {
      Map<Integer, Long> ends = broker.endOffsets(topic);
      String group = topics.name("dlb-g");
      await().atMost(Duration.ofSeconds(20)).until(() -> broker.caughtUp(group, topic, ends));
    }
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
