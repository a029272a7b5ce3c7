package samsa.compat.spring.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.ActiveProfiles;
import samsa.compat.spring.Seen;

/** @RetryableTopic: non-blocking retries through retry topics to a DLT. */
@Scenario
@ActiveProfiles("retryable")
class RetryableTopicTest extends ScenarioBase {

  /**
   * The retry and DLT topics exist; of six orders the four good ones are processed once on
   * the main topic; each poison one is tried on TOPIC, TOPIC-retry-0, TOPIC-retry-1 in turn
   * and ends at the @DltHandler from TOPIC-dlt.
   */
  @Test
  void retryableTopic() throws Exception {
    String topic = topics.name("rt");
    List<String> chain = List.of(topic, topic + "-retry-0", topic + "-retry-1");
    Set<String> names = broker.admin.listTopics().names().get(30, TimeUnit.SECONDS);
    assertThat(names).contains(topic, topic + "-retry-0", topic + "-retry-1", topic + "-dlt");
    broker.ready(topic, topic + "-retry-0", topic + "-retry-1", topic + "-dlt");
    assertThat(broker.describe(topic + "-retry-1").partitions()).hasSize(2);
    Set<String> poison = Set.of("r2", "r4");
    sendOrders(topic, "r", 0, 6, poison);

    await().atMost(Duration.ofSeconds(60))
        .until(() -> recorder.count("rt-processed") >= 4 && recorder.count("rt-dlt") >= 2);
    List<Seen> processed = recorder.get("rt-processed");
    assertThat(processed.stream().map(s -> s.order().id()).collect(Collectors.toList()))
        .containsExactlyInAnyOrder("r0", "r1", "r3", "r5");
    processed.forEach(s -> assertThat(s.topic()).isEqualTo(topic));
    List<Seen> attempts = recorder.get("rt-attempts");
    for (String id : poison) {
      assertThat(attempts.stream().filter(s -> s.order().id().equals(id)).map(Seen::topic).toList())
          .as("topics %s was tried on", id).isEqualTo(chain);
    }
    List<Seen> dlt = recorder.get("rt-dlt");
    assertThat(dlt.stream().map(s -> s.order().id()).collect(Collectors.toSet())).isEqualTo(poison);
    dlt.forEach(s -> assertThat(s.topic()).isEqualTo(topic + "-dlt"));
  }
}
