package samsa.compat.spring.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.requestreply.ReplyingKafkaTemplate;
import org.springframework.kafka.requestreply.RequestReplyFuture;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.test.context.ActiveProfiles;
import samsa.compat.spring.Order;
import samsa.compat.spring.OrderStatus;

/** ReplyingKafkaTemplate against a @KafkaListener with @SendTo. */
@Scenario
@ActiveProfiles("request-reply")
class RequestReplyTest extends ScenarioBase {
  @Autowired ReplyingKafkaTemplate<Object, Object, Object> replying;

  /** Five requests in flight at once, each answered with its own reply (correlation ids). */
  @Test
  void requestReply() throws Exception {
    broker.ready(topics.name("rr-requests"), topics.name("rr-replies"));
    assertThat(replying.waitForAssignment(Duration.ofSeconds(60))).as("reply container assigned").isTrue();
    List<RequestReplyFuture<Object, Object, Object>> futures = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      futures.add(replying.sendAndReceive(
          new ProducerRecord<>(topics.name("rr-requests"), "q" + i, Order.of("q" + i, i + 1))));
    }
    for (int i = 0; i < 5; i++) {
      var f = futures.get(i);
      assertThat(f.getSendFuture().get(30, TimeUnit.SECONDS).getRecordMetadata().topic())
          .isEqualTo(topics.name("rr-requests"));
      ConsumerRecord<Object, Object> reply = f.get(30, TimeUnit.SECONDS);
      assertThat(reply.topic()).isEqualTo(topics.name("rr-replies"));
      assertThat(reply.value()).isEqualTo(new OrderStatus("q" + i, "accepted", (i + 1) * 10));
      assertThat(reply.headers().lastHeader(KafkaHeaders.CORRELATION_ID)).isNotNull();
    }
  }
}
