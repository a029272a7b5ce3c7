package samsa.compat.spring.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.ConsumerGroupState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.context.ActiveProfiles;
import samsa.compat.spring.DemoTopics;
import samsa.compat.spring.Order;
import samsa.compat.spring.Recorder;
import samsa.compat.spring.Seen;

/** @KafkaListener containers in consumer groups. */
@Scenario
@ActiveProfiles("listener-group")
class ListenerGroupTest {
  @Autowired KafkaTemplate<Object, Object> template;
  @Autowired DemoTopics topics;
  @Autowired KafkaAdmin kafkaAdmin;
  @Autowired KafkaListenerEndpointRegistry registry;
  @Autowired Recorder recorder;
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
   * Two consumers (concurrency 2) in one group split a four-partition topic: every record once,
   * each partition in order on one thread, the group Stable with two members of two partitions
   * each, and the offsets committed up to the end.
   */
  @Test
  void listenerGroup() throws Exception {
    String topic = topics.name("group");
    String group = topics.name("group-g");
    MessageListenerContainer container = registry.getListenerContainer("group-listener");
    // Both consumers in the group, two partitions each (the first to join may hold all four
    // for a moment before the second joins).
    await().atMost(Duration.ofSeconds(60)).until(() -> perConsumer(container).equals(List.of(2, 2)));
    broker.ready(topic);

    send(topic, "g", 0, 40);
    await().atMost(Duration.ofSeconds(60)).until(() -> recorder.count("group") >= 40);
    List<Seen> seen = recorder.get("group");
    assertThat(seen.stream().map(s -> s.order().id()).collect(Collectors.toSet())).hasSize(40);
    assertThat(seen).hasSize(40);
    assertThat(seen.stream().map(Seen::partition).collect(Collectors.toSet())).containsExactlyInAnyOrder(0, 1, 2, 3);
    assertThat(seen.stream().map(Seen::thread).collect(Collectors.toSet())).hasSize(2);
    Map<Integer, Set<String>> threadsOfPartition = new HashMap<>();
    Map<Integer, Long> lastOffset = new HashMap<>();
    for (Seen s : seen) {
      threadsOfPartition.computeIfAbsent(s.partition(), p -> new HashSet<>()).add(s.thread());
      Long last = lastOffset.put(s.partition(), s.offset());
      assertThat(s.offset()).as("partition %d in order", s.partition()).isGreaterThan(last == null ? -1 : last);
    }
    threadsOfPartition.values().forEach(t -> assertThat(t).hasSize(1));

    ConsumerGroupDescription d = broker.admin.describeConsumerGroups(List.of(group))
        .describedGroups().get(group).get(30, TimeUnit.SECONDS);
    assertThat(d.state()).isEqualTo(ConsumerGroupState.STABLE);
    assertThat(d.members()).hasSize(2);
    for (MemberDescription m : d.members()) {
      assertThat(m.assignment().topicPartitions()).hasSize(2);
      assertThat(m.clientId()).startsWith("samsa-spring-demo");
    }
    Map<Integer, Long> ends = broker.endOffsets(topic);
    await().atMost(Duration.ofSeconds(20)).until(() -> broker.caughtUp(group, topic, ends));
  }

  /**
   * A group that grows and shrinks under load: a second listener (two consumers) joins the
   * first one's group, takes partitions and consumes; it stops and the first takes all back.
   * Every record is consumed (at least once) and the offsets end committed.
   */
  @Test
  void listenerGroupRebalance() throws Exception {
    String topic = topics.name("rebalance");
    String group = topics.name("rebalance-g");
    MessageListenerContainer first = registry.getListenerContainer("rebalance-first");
    MessageListenerContainer second = registry.getListenerContainer("rebalance-second");
    await().atMost(Duration.ofSeconds(60)).until(() -> assigned(first) == 6);
    broker.ready(topic);
    send(topic, "a", 0, 60);
    await().atMost(Duration.ofSeconds(60)).until(() -> ids().size() == 60);

    second.start();
    await().atMost(Duration.ofSeconds(60))
        .until(() -> assigned(first) == 2 && assigned(second) == 4);
    int before = recorder.count("rebalance");
    send(topic, "b", 0, 60);
    await().atMost(Duration.ofSeconds(60)).until(() -> ids().size() == 120);
    List<Seen> phase2 = recorder.<Seen>get("rebalance").subList(before, recorder.count("rebalance"));
    Set<String> threads = phase2.stream().map(Seen::thread).collect(Collectors.toSet());
    assertThat(threads).as("consumer threads of phase 2").hasSizeGreaterThanOrEqualTo(3);
    ConsumerGroupDescription d = broker.admin.describeConsumerGroups(List.of(group))
        .describedGroups().get(group).get(30, TimeUnit.SECONDS);
    assertThat(d.members()).hasSize(3);

    second.stop();
    await().atMost(Duration.ofSeconds(60)).until(() -> assigned(first) == 6);
    send(topic, "c", 0, 30);
    await().atMost(Duration.ofSeconds(60)).until(() -> ids().size() == 150);
    Map<Integer, Long> ends = broker.endOffsets(topic);
    await().atMost(Duration.ofSeconds(20)).until(() -> broker.caughtUp(group, topic, ends));
  }

  /**
   * The same with the cooperative sticky assignor (incremental rebalances): a second consumer
   * joins under load and takes half the partitions, then leaves; every record consumed.
   */
  @Test
  void listenerGroupCooperative() throws Exception {
    String topic = topics.name("cooperative");
    String group = topics.name("cooperative-g");
    MessageListenerContainer first = registry.getListenerContainer("cooperative-first");
    MessageListenerContainer second = registry.getListenerContainer("cooperative-second");
    await().atMost(Duration.ofSeconds(60)).until(() -> assigned(first) == 6);
    broker.ready(topic);
    send(topic, "a", 0, 30);
    await().atMost(Duration.ofSeconds(60)).until(() -> ids("cooperative").size() == 30);

    second.start();
    await().atMost(Duration.ofSeconds(60)).until(() -> assigned(first) == 3 && assigned(second) == 3);
    send(topic, "b", 0, 30);
    await().atMost(Duration.ofSeconds(60)).until(() -> ids("cooperative").size() == 60);
    ConsumerGroupDescription d = broker.admin.describeConsumerGroups(List.of(group))
        .describedGroups().get(group).get(30, TimeUnit.SECONDS);
    assertThat(d.members()).hasSize(2);
    assertThat(d.partitionAssignor()).isEqualTo("cooperative-sticky");

    second.stop();
    await().atMost(Duration.ofSeconds(60)).until(() -> assigned(first) == 6);
    send(topic, "c", 0, 30);
    await().atMost(Duration.ofSeconds(60)).until(() -> ids("cooperative").size() == 90);
    Map<Integer, Long> ends = broker.endOffsets(topic);
    await().atMost(Duration.ofSeconds(20)).until(() -> broker.caughtUp(group, topic, ends));
  }

  private Set<String> ids(String channel) {
    return recorder.<Seen>get(channel).stream().map(s -> s.order().id()).collect(Collectors.toSet());
  }

  private Set<String> ids() {
    return recorder.<Seen>get("rebalance").stream().map(s -> s.order().id()).collect(Collectors.toSet());
  }

  /** The number of partitions each consumer of c holds, sorted. */
  private static List<Integer> perConsumer(MessageListenerContainer c) {
    Map<String, ? extends java.util.Collection<?>> byClient = c.getAssignmentsByClientId();
    if (byClient == null) {
      return List.of();
    }
    return byClient.values().stream().map(p -> p == null ? 0 : p.size()).sorted().toList();
  }

  private static int assigned(MessageListenerContainer c) {
    var parts = c.getAssignedPartitions();
    return parts == null ? 0 : parts.size();
  }

  private void send(String topic, String prefix, int from, int to) throws Exception {
    List<CompletableFuture<?>> futures = new ArrayList<>();
    for (int i = from; i < to; i++) {
      futures.add(template.send(topic, prefix + "-key-" + i, Order.of(prefix + i, i)));
    }
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
  }
}
