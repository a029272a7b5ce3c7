package samsa.compat.spring.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.ActiveProfiles;
import samsa.compat.spring.DemoTopics;
import samsa.compat.spring.Order;
import samsa.compat.spring.Recorder;
import samsa.compat.spring.Seen;

/** A batch listener (batchListener=true container factory). */
@Scenario
@ActiveProfiles("batch")
class BatchListenerTest {
  @Autowired KafkaTemplate<Object, Object> template;
  @Autowired DemoTopics topics;
  @Autowired KafkaAdmin kafkaAdmin;
  @Autowired KafkaListenerEndpointRegistry registry;
  @Autowired Recorder recorder;

  /**
   * 60 records waiting when the listener starts arrive in batches of more than one, each once;
   * 10 more sent while it runs arrive too; the offsets end committed.
   */
  @Test
  void batchListener() throws Exception {
    String topic = topics.name("batch");
    try (Broker broker = new Broker(kafkaAdmin)) {
      broker.ready(topic);
    }
    send(topic, 0, 60);
    registry.getListenerContainer("batch-listener").start();
    await().atMost(Duration.ofSeconds(60)).until(() -> recorder.count("batch") >= 60);
    List<Integer> sizes = recorder.get("batch-sizes");
    assertThat(sizes.stream().mapToInt(Integer::intValue).max().orElse(0)).as("largest batch").isGreaterThan(1);

    send(topic, 60, 70);
    await().atMost(Duration.ofSeconds(60)).until(() -> recorder.count("batch") >= 70);
    List<Seen> seen = recorder.get("batch");
    assertThat(seen).hasSize(70);
    assertThat(seen.stream().map(s -> s.order().id()).collect(Collectors.toSet())).hasSize(70);
    assertThat(recorder.<Integer>get("batch-sizes").stream().mapToInt(Integer::intValue).sum()).isEqualTo(70);

    try (Broker broker = new Broker(kafkaAdmin)) {
      Map<Integer, Long> ends = broker.endOffsets(topic);
      String group = topics.name("batch-g");
      await().atMost(Duration.ofSeconds(20)).until(() -> broker.caughtUp(group, topic, ends));
    }
  }

  private void send(String topic, int from, int to) throws Exception {
    List<CompletableFuture<?>> futures = new ArrayList<>();
    for (int i = from; i < to; i++) {
      futures.add(template.send(topic, "key-" + i, Order.of("b" + i, i)));
    }
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
  }
}
