package samsa.compat.spring.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.ActiveProfiles;
import samsa.compat.spring.Order;
import samsa.compat.spring.OrderStatus;

/** Kafka transactions through Spring (needs a broker that serves them: not samsa yet). */
@Scenario
@ActiveProfiles("transactions")
class TransactionsTest extends ScenarioBase {
  final ObjectMapper json = new ObjectMapper();

  /**
   * executeInTransaction commits three orders and aborts a fourth; read_committed sees the
   * three; the transactional listener turns each into an OrderStatus on tx-out within the
   * container's KafkaTransactionManager transaction, offsets committed with it.
   */
  @Test
  @Tag("full")
  void transactions() throws Exception {
    String in = topics.name("tx-in");
    String out = topics.name("tx-out");
    broker.ready(in, out);
    template.executeInTransaction(t -> {
      for (int i = 0; i < 3; i++) {
        t.send(in, "t" + i, Order.of("t" + i, i + 1));
      }
      return null;
    });
    assertThatThrownBy(() -> template.executeInTransaction(t -> {
      t.send(in, "x", Order.of("aborted", 1));
      t.flush(); // written, then aborted: read_uncommitted sees it, read_committed does not
      throw new IllegalStateException("abort on purpose");
    })).hasMessageContaining("abort on purpose");

    List<ConsumerRecord<String, String>> committed = broker.readAll(in, 4, Duration.ofSeconds(5), "read_committed");
    assertThat(committed).hasSize(3);
    assertThat(broker.readAll(in, 4, Duration.ofSeconds(10), "read_uncommitted")).hasSize(4);
    List<ConsumerRecord<String, String>> results = broker.readAll(out, 3, Duration.ofSeconds(60), "read_committed");
    assertThat(results).hasSize(3);
    for (ConsumerRecord<String, String> r : results) {
      OrderStatus s = json.readValue(r.value(), OrderStatus.class);
      assertThat(s.status()).isEqualTo("processed");
      assertThat(s.orderId()).isNotEqualTo("aborted");
    }
    // The listener's offsets, sent to each transaction: past the last committed record of
    // each partition (the commit markers after it are not records).
    Map<Integer, Long> next = new HashMap<>();
    committed.forEach(r -> next.merge(r.partition(), r.offset() + 1, Math::max));
    String group = topics.name("tx-g");
    await().atMost(Duration.ofSeconds(20)).until(() -> broker.committed(group, in).equals(next));
  }
}
