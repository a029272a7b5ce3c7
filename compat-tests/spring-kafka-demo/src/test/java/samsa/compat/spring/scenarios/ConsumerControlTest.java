package samsa.compat.spring.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.context.ActiveProfiles;
import samsa.compat.spring.ConsumerControlConfig.SeekingListener;
import samsa.compat.spring.Order;
import samsa.compat.spring.Seen;

/** Listeners that acknowledge by hand and seek. */
@Scenario
@ActiveProfiles("consumer-control")
class ConsumerControlTest extends ScenarioBase {
  @Autowired KafkaListenerEndpointRegistry registry;
  @Autowired SeekingListener seeking;

  /**
   * AckMode.MANUAL_IMMEDIATE: each acknowledged record is committed at once; the nacked one
   * comes again (and the records after it in its partition) and is acknowledged then; the
   * group's offsets end at the end.
   */
  @Test
  void manualAck() throws Exception {
    String topic = topics.name("ack");
    broker.ready(topic);
    sendOrders(topic, "a", 0, 12, Set.of("a5"));
    await().atMost(Duration.ofSeconds(60)).until(() -> ids("ack").containsAll(expected("a", 12))
        && Collections.frequency(ids("ack"), "a5") == 2);
    List<String> ids = ids("ack");
    assertThat(Collections.frequency(ids, "a5")).isEqualTo(2);
    awaitCaughtUp(topics.name("ack-g"), topic);
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

  private static List<String> expected(String prefix, int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(prefix + i);
    }
    return out;
  }
}
