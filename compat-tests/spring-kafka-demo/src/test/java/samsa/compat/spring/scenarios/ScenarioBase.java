package samsa.compat.spring.scenarios;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import samsa.compat.spring.DemoTopics;
import samsa.compat.spring.Order;
import samsa.compat.spring.Recorder;
import samsa.compat.spring.Seen;

/**
 * What the scenario classes share: the application's template, topic names and recorder, a
 * Broker open for each test, and sending orders and waiting for a group's commits.
 */
abstract class ScenarioBase {
  @Autowired KafkaTemplate<Object, Object> template;
  @Autowired DemoTopics topics;
  @Autowired KafkaAdmin kafkaAdmin;
  @Autowired Recorder recorder;
  Broker broker;

  @BeforeEach
  void openBroker() {
    broker = new Broker(kafkaAdmin);
  }

  @AfterEach
  void closeBroker() {
    broker.close();
  }

  /**
   * Sends the orders PREFIXi for i in [from, to), keyed "key-i" (those named in poison
   * poisoned), all at once; waits for every send and returns each one's metadata by order id.
   */
  Map<String, RecordMetadata> sendOrders(String topic, String prefix, int from, int to, Set<String> poison)
      throws Exception {
    return send(topic, from, to, i -> "key-" + i,
        i -> poison.contains(prefix + i) ? Order.poisoned(prefix + i) : Order.of(prefix + i, i));
  }

  /** The same with keys and orders of one's own choosing. */
  Map<String, RecordMetadata> send(String topic, int from, int to, IntFunction<String> key,
      IntFunction<Order> order) throws Exception {
    List<CompletableFuture<SendResult<Object, Object>>> futures = new ArrayList<>();
    for (int i = from; i < to; i++) {
      futures.add(template.send(topic, key.apply(i), order.apply(i)));
    }
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    Map<String, RecordMetadata> sent = new HashMap<>();
    for (var f : futures) {
      SendResult<Object, Object> r = f.get();
      sent.put(((Order) r.getProducerRecord().value()).id(), r.getRecordMetadata());
    }
    return sent;
  }

  /** Waits (20 s) until group has committed topic's end offsets as they are now. */
  void awaitCaughtUp(String group, String topic) throws Exception {
    Map<Integer, Long> ends = broker.endOffsets(topic);
    await().atMost(Duration.ofSeconds(20)).until(() -> broker.caughtUp(group, topic, ends));
  }

  /** The ids of the orders a listener recorded on channel, in order. */
  List<String> ids(String channel) {
    return recorder.<Seen>get(channel).stream().map(s -> s.order().id()).toList();
  }

  /** The same, each once. */
  Set<String> distinctIds(String channel) {
    return recorder.<Seen>get(channel).stream().map(s -> s.order().id()).collect(Collectors.toSet());
  }
}
