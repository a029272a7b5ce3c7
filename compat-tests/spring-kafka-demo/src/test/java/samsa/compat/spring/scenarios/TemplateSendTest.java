package samsa.compat.spring.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.TopicPartitionOffset;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.SendResult;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.test.context.ActiveProfiles;
import samsa.compat.spring.Order;

/** KafkaTemplate sends, each one's CompletableFuture checked, and what the broker kept. */
@Scenario
@ActiveProfiles("template")
class TemplateSendTest extends ScenarioBase {
  @Autowired ProducerFactory<Object, Object> producerFactory;
  final ObjectMapper json = new ObjectMapper();

  /** 30 keyed JSON orders: callbacks, metadata (per-key partitions, contiguous offsets), read back. */
  @Test
  void templateSend() throws Exception {
    String topic = topics.name("template");
    int n = 30;
    broker.ready(topic);
    AtomicInteger callbacks = new AtomicInteger();
    List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    List<CompletableFuture<SendResult<Object, Object>>> futures = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      CompletableFuture<SendResult<Object, Object>> f =
          template.send(topic, "customer-" + (i % 5), Order.of("o" + i, i + 1));
      f.whenComplete((result, ex) -> {
        if (ex != null) {
          failures.add(ex);
        } else {
          callbacks.incrementAndGet();
        }
      });
      futures.add(f);
    }
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(10)).until(() -> callbacks.get() + failures.size() == n);
    assertThat(failures).isEmpty();

    Map<String, Integer> partitionOfKey = new HashMap<>();
    Map<Integer, List<Long>> offsets = new HashMap<>();
    Map<String, RecordMetadata> byId = new HashMap<>();
    for (int i = 0; i < n; i++) {
      SendResult<Object, Object> r = futures.get(i).get();
      RecordMetadata md = r.getRecordMetadata();
      assertThat(md.topic()).isEqualTo(topic);
      assertThat(md.partition()).isBetween(0, 2);
      assertThat(md.hasOffset()).isTrue();
      assertThat(r.getProducerRecord().value()).isEqualTo(Order.of("o" + i, i + 1));
      Integer before = partitionOfKey.putIfAbsent((String) r.getProducerRecord().key(), md.partition());
      assertThat(before == null ? md.partition() : before).as("partition of a key").isEqualTo(md.partition());
      offsets.computeIfAbsent(md.partition(), p -> new ArrayList<>()).add(md.offset());
      byId.put("o" + i, md);
    }
    // A fresh topic: each partition's offsets run 0, 1, 2... in send order.
    offsets.forEach((p, list) -> {
      for (int i = 0; i < list.size(); i++) {
        assertThat(list.get(i)).as("offset %d of partition %d", i, p).isEqualTo(i);
      }
    });
    Map<Integer, Long> ends = broker.endOffsets(topic);
    assertThat(ends.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(n);

    for (ConsumerRecord<String, String> rec : broker.readAll(topic, n)) {
      Order order = json.readValue(rec.value(), Order.class);
      RecordMetadata md = byId.get(order.id());
      assertThat(md).as("sent %s", order.id()).isNotNull();
      assertThat(rec.partition()).isEqualTo(md.partition());
      assertThat(rec.offset()).isEqualTo(md.offset());
      assertThat(rec.key()).isEqualTo("customer-" + (Integer.parseInt(order.id().substring(1)) % 5));
      assertThat(order.quantity()).isEqualTo(Integer.parseInt(order.id().substring(1)) + 1);
      assertThat(Broker.header(rec, "__TypeId__")).isEqualTo(Order.class.getName());
    }
  }

  /**
   * Templates with compression.type overrides (gzip, snappy, lz4, zstd) on the one producer
   * factory: 25 records each, batched (linger 20 ms), all read back intact.
   */
  @Test
  void templateCompression() throws Exception {
    String topic = topics.name("template-compression");
    broker.ready(topic);
    List<String> codecs = List.of("gzip", "snappy", "lz4", "zstd");
    for (String codec : codecs) {
      KafkaTemplate<Object, Object> t = new KafkaTemplate<>(producerFactory,
          Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, codec, ProducerConfig.LINGER_MS_CONFIG, 20));
      try {
        List<CompletableFuture<?>> futures = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
          futures.add(t.send(topic, codec + "-" + i, Order.of(codec + i, i)));
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
      } finally {
        t.destroy();
      }
    }
    Map<String, Order> read = new HashMap<>();
    for (ConsumerRecord<String, String> rec : broker.readAll(topic, 100)) {
      read.put(rec.key(), json.readValue(rec.value(), Order.class));
    }
    for (String codec : codecs) {
      for (int i = 0; i < 25; i++) {
        assertThat(read.get(codec + "-" + i)).isEqualTo(Order.of(codec + i, i));
      }
    }
  }

  /** KafkaTemplate.receive: single records by partition and offset, and several at once. */
  @Test
  void templateReceive() throws Exception {
    String topic = topics.name("template-receive");
    broker.ready(topic);
    List<SendResult<Object, Object>> sent = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      sent.add(template.send(topic, 0, "receive-" + i, Order.of("r" + i, i)).get(30, TimeUnit.SECONDS));
    }
    for (int i = 0; i < 3; i++) {
      long offset = sent.get(i).getRecordMetadata().offset();
      ConsumerRecord<Object, Object> rec = template.receive(topic, 0, offset, Duration.ofSeconds(10));
      assertThat(rec).as("record at offset %d", offset).isNotNull();
      assertThat(rec.key()).isEqualTo("receive-" + i);
      assertThat(rec.value()).isEqualTo(Order.of("r" + i, i));
    }
    List<TopicPartitionOffset> wanted = sent.stream()
        .map(r -> new TopicPartitionOffset(topic, 0, r.getRecordMetadata().offset())).toList();
    ConsumerRecords<Object, Object> all = template.receive(wanted, Duration.ofSeconds(10));
    assertThat(all.count()).isEqualTo(3);
  }

  /** A Message with topic/partition/key/custom headers, a ProducerRecord with a timestamp. */
  @Test
  void templateSendMessage() throws Exception {
    String topic = topics.name("template-message");
    broker.ready(topic);
    assertThat(template.partitionsFor(topic)).hasSize(3);

    SendResult<Object, Object> first = template.send(MessageBuilder.withPayload(Order.of("m1", 3))
        .setHeader(KafkaHeaders.TOPIC, topic)
        .setHeader(KafkaHeaders.PARTITION, 2)
        .setHeader(KafkaHeaders.KEY, "message-key")
        .setHeader("trace", "abc")
        .build()).get(30, TimeUnit.SECONDS);
    assertThat(first.getRecordMetadata().partition()).isEqualTo(2);
    assertThat(first.getRecordMetadata().offset()).isZero();

    long ts = 1_600_000_000_000L;
    RecordHeaders headers = new RecordHeaders();
    headers.add("origin", "samsa".getBytes());
    SendResult<Object, Object> second = template
        .send(new ProducerRecord<>(topic, 1, ts, "record-key", Order.of("p1", 4), headers))
        .get(30, TimeUnit.SECONDS);
    assertThat(second.getRecordMetadata().partition()).isEqualTo(1);
    assertThat(second.getRecordMetadata().offset()).isZero();
    assertThat(second.getRecordMetadata().timestamp()).isEqualTo(ts);
    template.flush();

    Map<String, ConsumerRecord<String, String>> byKey = new HashMap<>();
    broker.readAll(topic, 2).forEach(r -> byKey.put(r.key(), r));
    ConsumerRecord<String, String> m = byKey.get("message-key");
    assertThat(m.partition()).isEqualTo(2);
    assertThat(json.readValue(m.value(), Order.class)).isEqualTo(Order.of("m1", 3));
    assertThat(Broker.header(m, "trace")).contains("abc");
    assertThat(m.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
    ConsumerRecord<String, String> p = byKey.get("record-key");
    assertThat(p.partition()).isEqualTo(1);
    assertThat(p.timestamp()).isEqualTo(ts);
    assertThat(p.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
    assertThat(Broker.header(p, "origin")).isEqualTo("samsa");
    assertThat(json.readValue(p.value(), Order.class)).isEqualTo(Order.of("p1", 4));
  }
}
