package samsa.compat.spring.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.test.context.ActiveProfiles;
import samsa.compat.spring.Seen;

/** A batch listener (batchListener=true container factory). */
@Scenario
@ActiveProfiles("batch")
class BatchListenerTest extends ScenarioBase {
  @Autowired KafkaListenerEndpointRegistry registry;

  /**
   * 60 records waiting when the listener starts arrive in batches of more than one, each once;
   * 10 more sent while it runs arrive too; the offsets end committed.
   */
  @Test
  void batchListener() throws Exception {
    String topic = topics.name("batch");
    broker.ready(topic);
    sendOrders(topic, "b", 0, 60, Set.of());
    registry.getListenerContainer("batch-listener").start();
    await().atMost(Duration.ofSeconds(60)).until(() -> recorder.count("batch") >= 60);
    List<Integer> sizes = recorder.get("batch-sizes");
    assertThat(sizes.stream().mapToInt(Integer::intValue).max().orElse(0)).as("largest batch").isGreaterThan(1);

    sendOrders(topic, "b", 60, 70, Set.of());
    await().atMost(Duration.ofSeconds(60)).until(() -> recorder.count("batch") >= 70);
    List<Seen> seen = recorder.get("batch");
    assertThat(seen).hasSize(70);
    assertThat(distinctIds("batch")).hasSize(70);
    assertThat(recorder.<Integer>get("batch-sizes").stream().mapToInt(Integer::intValue).sum()).isEqualTo(70);

    awaitCaughtUp(topics.name("batch-g"), topic);
  }
}
