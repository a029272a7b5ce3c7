package samsa.compat.spring.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.context.ActiveProfiles;
import samsa.compat.spring.ConsumerControlConfig.SeekingListener;
import samsa.compat.spring.DemoTopics;
import samsa.compat.spring.Order;
import samsa.compat.spring.Recorder;
import samsa.compat.spring.Seen;

/** Listeners that acknowledge by hand and seek. */
@Scenario
@ActiveProfiles("consumer-control")
class ConsumerControlTest {
  @Autowired KafkaTemplate<Object, Object> template;
  @Autowired DemoTopics topics;
  @Autowired KafkaAdmin kafkaAdmin;
  @Autowired KafkaListenerEndpointRegistry registry;
  @Autowired Recorder recorder;
  @Autowired SeekingListener seeking;
  Broker broker;

  @BeforeEach
  void open() {
    broker = new Broker(kafkaAdmin);
  }

  @AfterEach
  void close() {
    broker.close();
  }

  /**
   * AckMode.MANUAL_IMMEDIATE: each acknowledged record is committed at once; the nacked one
   * comes again (and the records after it in its partition) and is acknowledged then; the
   * group's offsets end at the end.
   */
  @Test
  void manualAck() throws Exception {
    String topic = topics.name("ack");
    broker.ready(topic);
    List<CompletableFuture<?>> futures = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      String id = "a" + i;
      futures.add(template.send(topic, "key-" + i, i == 5 ? Order.poisoned(id) : Order.of(id, i)));
    }
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(60)).until(() -> ids("ack").containsAll(expected("a", 12))
        && Collections.frequency(ids("ack"), "a5") == 2);
    List<String> ids = ids("ack");
    assertThat(Collections.frequency(ids, "a5")).isEqualTo(2);
    Map<Integer, Long> ends = broker.endOffsets(topic);
    String group = topics.name("ack-g");
    await().atMost(Duration.ofSeconds(20)).until(() -> broker.caughtUp(group, topic, ends));
  }

  /**
   * ConsumerSeekAware: ten records with timestamps a second apart; seekToTimestamp (a
   * ListOffsets by time) replays the last five, seekToBeginning all ten, seekToEnd none
   * until a new record comes.
   */
  @Test
  void consumerSeek() throws Exception {
    String topic = topics.name("seek");
    MessageListenerContainer container = registry.getListenerContainer("seek-listener");
    await().atMost(Duration.ofSeconds(60)).until(() -> {
      var parts = container.getAssignedPartitions();
      return parts != null && parts.size() == 1;
    });
    broker.ready(topic);
    long base = System.currentTimeMillis() - 3_600_000L;
    for (int i = 0; i < 10; i++) {
      template.send(new ProducerRecord<>(topic, 0, base + i * 1000L, "key-" + i, Order.of("s" + i, i)))
          .get(30, TimeUnit.SECONDS);
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> recorder.count("seek") == 10);

    seeking.seekToTimestamp(base + 5000L);
    await().atMost(Duration.ofSeconds(30)).until(() -> recorder.count("seek") >= 15);
    assertThat(ids("seek").subList(10, 15)).containsExactly("s5", "s6", "s7", "s8", "s9");

    seeking.seekToBeginning();
    await().atMost(Duration.ofSeconds(30)).until(() -> recorder.count("seek") >= 25);
    assertThat(ids("seek").subList(15, 25)).isEqualTo(expected("s", 10));

    seeking.seekToEnd();
    Thread.sleep(1000);
    template.send(topic, 0, "key-10", Order.of("s10", 10)).get(30, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(30)).until(() -> recorder.count("seek") >= 26);
    Thread.sleep(500);
    assertThat(ids("seek").subList(25, ids("seek").size())).containsExactly("s10");
    List<Seen> seen = recorder.get("seek");
    assertThat(seen.get(25).offset()).isEqualTo(10);
  }

  private List<String> ids(String channel) {
    return recorder.<Seen>get(channel).stream().map(s -> s.order().id()).toList();
  }

  private static List<String> expected(String prefix, int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(prefix + i);
    }
    return out;
  }
}
